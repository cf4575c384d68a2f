// A healthy loopback server for the overhead bench (child process: its CPU is not counted).
import { createServer } from 'node:http';

const body = '{"hello":"world"}';
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
