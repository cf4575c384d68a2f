// (d), the HTTP + parse limit: a bare node:http server that reads the body through the same
// streaming gunzip, parses the envelope with core's parseEnvelope and each event item with
// itemJson, and answers 200 {"id"} without storing anything. No auth, no scrubbing, no digest,
// no commit: what is left is what any collector must pay for the same bytes.
import http from 'node:http';
import zlib from 'node:zlib';
import { itemJson, parseEnvelope } from '@faultline/core';
import { serveIpc } from './child-ipc.mjs';

const server = http.createServer((req, res) => {
  const chunks = [];
  const source =
    req.headers['content-encoding'] === 'gzip' ? req.pipe(zlib.createGunzip({ chunkSize: 64 * 1024 })) : req;
  source.on('data', (c) => chunks.push(c));
  source.on('error', () => {
    res.writeHead(400).end();
  });
  source.on('end', () => {
    let status = 200;
    let body;
    try {
      const envelope = parseEnvelope(Buffer.concat(chunks));
      for (const item of envelope.items) if (item.header.type === 'event') itemJson(item);
      body = JSON.stringify({ id: envelope.header.event_id });
    } catch (err) {
      status = 400;
      body = JSON.stringify({ detail: String(err) });
    }
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  const url = `http://127.0.0.1:${port}`;
  serveIpc({ close: () => new Promise((resolve) => server.close(resolve)) });
  process.stdout.write(
    `${JSON.stringify({ url, dsn: `http://${'0'.repeat(32)}@127.0.0.1:${port}/1`, pid: process.pid })}\n`,
  );
});
