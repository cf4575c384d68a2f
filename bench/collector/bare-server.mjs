// (d), the HTTP + parse limit: a bare node:http server that decodes the body as the collector
// does, parses the envelope with core's parseEnvelope and each event item with
// itemJson, and answers 200 {"id"} without storing anything. No auth, no scrubbing, no digest,
// no commit: what is left is what any collector must pay for the same bytes.
import http from 'node:http';
import zlib from 'node:zlib';
import { itemJson, parseEnvelope } from '@faultline/core';
import { serveIpc } from './child-ipc.mjs';

// The collector's own choice of decoder by size (packages/collector/src/ingest/read-body.ts): a
// small body decoded in one synchronous call once it has arrived, a large one streamed.
const SYNC_DECODE_MAX_INPUT_BYTES = 64 * 1024;
const SYNC_DECODE_MAX_OUTPUT_BYTES = 1024 * 1024;

function answer(res, raw) {
  let status = 200;
  let body;
  try {
    const envelope = parseEnvelope(raw);
    for (const item of envelope.items) if (item.header.type === 'event') itemJson(item);
    body = JSON.stringify({ id: envelope.header.event_id });
  } catch (err) {
    status = 400;
    body = JSON.stringify({ detail: String(err) });
  }
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

const server = http.createServer((req, res) => {
  const gzip = req.headers['content-encoding'] === 'gzip';
  const chunks = [];
  let size = 0;
  let stream = null;
  const streamed = [];
  const startStream = () => {
    stream = zlib.createGunzip({ chunkSize: 64 * 1024 });
    stream.on('data', (c) => streamed.push(c));
    stream.on('error', () => res.writeHead(400).end());
    stream.on('end', () => answer(res, Buffer.concat(streamed)));
    for (const c of chunks.splice(0)) stream.write(c);
  };
  req.on('data', (c) => {
    size += c.length;
    if (stream) stream.write(c);
    else {
      chunks.push(c);
      if (gzip && size > SYNC_DECODE_MAX_INPUT_BYTES) startStream();
    }
  });
  req.on('end', () => {
    if (stream) return stream.end();
    const raw = Buffer.concat(chunks);
    if (!gzip) return answer(res, raw);
    try {
      answer(res, zlib.gunzipSync(raw, { maxOutputLength: SYNC_DECODE_MAX_OUTPUT_BYTES }));
    } catch {
      res.writeHead(400).end();
    }
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
