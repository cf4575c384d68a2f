// Starts a Node server on a loopback port and returns what the tests need.
import { once } from 'node:events';

export async function listen(server, { port = 0, host = '127.0.0.1' } = {}) {
  if (!server.listening) {
    server.listen(port, host);
    await once(server, 'listening');
  }
  return {
    url: `http://${host}:${server.address().port}`,
    server,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
