// A child process for reporter-crash.test.ts: a server with process guards and a DSN from
// the environment. /crash throws outside any request, /reject leaves a rejection unhandled.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { faultlineHandler } from '../src/adapters/node.js';
import { createFaultline, installProcessGuards } from '../src/index.js';

const quiet = { error() {}, warn() {}, info() {}, fatal() {} };
const faultline = createFaultline({ service: 'crashy', dsn: process.env.DSN, logger: quiet, rates: false });
const server = http.createServer(
  faultlineHandler(faultline, (req, res) => {
    if (req.url === '/crash') {
      setImmediate(() => {
        throw new Error('uncaught with password=hunter2');
      });
    } else if (req.url === '/reject') {
      Promise.reject(new TypeError('nobody awaited me'));
    }
    res.end('ok');
  }),
);
installProcessGuards(faultline, {
  server,
  shutdownTimeoutMs: 5000,
  flushTimeoutMs: Number(process.env.FLUSH_MS ?? 2000),
});
server.listen(0, '127.0.0.1', () => {
  console.log(JSON.stringify({ port: (server.address() as AddressInfo).port }));
});
