/**
 * Faultline's own words in a log line are ASCII. A single non-ASCII character (the arrow the
 * messages once had) makes pino's line, and the destination buffer it is appended to, a two-byte
 * string: 2 to 10 µs more per line, paid on every 500 of a storm.
 */

import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { faultlineHandler } from '../src/adapters/node.js';
import { createFaultline, type Faultline } from '../src/index.js';
import { captureLogger } from './helpers.js';

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const logger = captureLogger();
let faultline: Faultline;
let server: http.Server;
let url: string;

before(async () => {
  faultline = createFaultline({ logger, service: 'ascii' });
  server = http.createServer(
    faultlineHandler(faultline, (req) => {
      if (req.url === '/missing') throw Object.assign(new Error('no such thing'), { status: 404 });
      throw new Error('boom');
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  await new Promise((resolve) => server.close(resolve));
});

test('the full line, the compact repeats, the count line and a 4xx line are printable ASCII', async () => {
  for (let i = 0; i < 3; i++) assert.equal((await fetch(`${url}/boom`)).status, 500);
  assert.equal((await fetch(`${url}/missing`)).status, 404);
  await faultline.close(); // writes the storm's count line
  const messages = logger.records.map((r) => r.msg ?? '');
  assert.equal(messages.length, 5, messages.join('\n'));
  assert.ok(
    messages.some((m) => m.includes('again, as request')),
    'a compact line',
  );
  assert.ok(
    messages.some((m) => m.includes('more like request')),
    'a count line',
  );
  for (const m of messages) assert.match(m, PRINTABLE_ASCII);
});
