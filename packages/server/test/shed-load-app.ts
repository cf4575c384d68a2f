/**
 * The child process of shed-load.test.ts: a node:http server with `shed: true` (the defaults)
 * whose /burn route blocks the event loop for `?ms=` of CPU (`&load` marks the overload, whose
 * start it records). It reports over IPC
 * when the first /burn started, every shedder state change, and its counters.
 */

import diagnostics from 'node:diagnostics_channel';
import http from 'node:http';
import { faultlineHandler } from '../src/adapters/node.js';
import { createFaultline } from '../src/index.js';

const send = (message: object) => process.send?.(message);
let errorLines = 0;
const faultline = createFaultline({
  service: 'shed-load',
  logger: {
    error: () => {
      errorLines++;
    },
    warn: () => {},
    info: () => {},
  },
  shed: true,
});
let firstBurnAt: number | undefined;
let firstRefusalAt: number | undefined;
/** Overloading requests that ran before the first refusal: the loop time the shedder took. */
let admittedBeforeRefusal = 0;

diagnostics.subscribe('faultline:shed:state', (message) =>
  send({ type: 'state', at: performance.now(), message }),
);

function burn(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

const server = http.createServer(
  faultlineHandler(faultline, (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/burn') {
      if (url.searchParams.has('load')) {
        firstBurnAt ??= performance.now();
        if (firstRefusalAt === undefined) admittedBeforeRefusal++;
      }
      burn(Number(url.searchParams.get('ms') ?? 25));
    }
    res.end(url.pathname);
  }),
);
// Instrumentation only: when the first refused load request was answered.
server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
  res.once('finish', () => {
    if (res.statusCode === 503 && req.url?.includes('load')) firstRefusalAt ??= performance.now();
  });
});
server.listen(0, '127.0.0.1', () =>
  send({ type: 'port', port: (server.address() as { port: number }).port }),
);
process.on('message', (m) => {
  if (m === 'stats')
    send({
      type: 'stats',
      firstBurnAt,
      firstRefusalAt,
      admittedBeforeRefusal,
      errorLines,
      stats: faultline.shedder?.stats(),
    });
});
process.on('disconnect', () => process.exit(0));
