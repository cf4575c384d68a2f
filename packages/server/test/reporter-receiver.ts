// A fake-but-real envelope endpoint for the reporter tests: a node:http server on 127.0.0.1
// that decodes (gunzip) and parses every envelope it gets, and answers as told: 200, any
// status with headers (429 + Retry-After / X-Sentry-Rate-Limits, 413, 500), after a delay,
// or never (hang).
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { parseEnvelope, type SentryEvent } from '@faultline/core';

export type ReceiverMode =
  | { kind: 'ok'; delayMs?: number }
  | { kind: 'status'; status: number; headers?: Record<string, string> }
  | { kind: 'hang' };

export interface ReceivedItem {
  type: string;
  json: any;
}

export interface Received {
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  gzip: boolean;
  /** Bytes on the wire (compressed when gzip). */
  wireBytes: number;
  header: Record<string, any>;
  items: ReceivedItem[];
}

export interface Receiver {
  url: string;
  dsn: string;
  mode: ReceiverMode;
  received: Received[];
  /** Most requests seen in progress at once. */
  maxConcurrent: number;
  events(): SentryEvent[];
  /** All discarded_events entries of all client reports, summed per reason:category. */
  discarded(): Record<string, number>;
  waitFor(predicate: () => boolean, ms?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(mode: ReceiverMode = { kind: 'ok' }): Promise<Receiver> {
  const received: Received[] = [];
  let concurrent = 0;
  const r: Receiver = {
    url: '',
    dsn: '',
    mode,
    received,
    maxConcurrent: 0,
    events: () => received.flatMap((e) => e.items.filter((i) => i.type === 'event').map((i) => i.json)),
    discarded: () => {
      const out: Record<string, number> = {};
      for (const e of received)
        for (const i of e.items)
          if (i.type === 'client_report')
            for (const d of i.json.discarded_events)
              out[`${d.reason}:${d.category}`] = (out[`${d.reason}:${d.category}`] ?? 0) + d.quantity;
      return out;
    },
    waitFor: async (predicate, ms = 3000) => {
      const until = Date.now() + ms;
      while (!predicate()) {
        if (Date.now() > until) throw new Error(`receiver.waitFor timed out (${received.length} envelopes)`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  const server = http.createServer(async (req, res) => {
    concurrent++;
    r.maxConcurrent = Math.max(r.maxConcurrent, concurrent);
    res.on('close', () => concurrent--);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const wire = Buffer.concat(chunks);
    const gzip = req.headers['content-encoding'] === 'gzip';
    const envelope = parseEnvelope(gzip ? gunzipSync(wire) : wire);
    const url = new URL(req.url ?? '/', 'http://x');
    received.push({
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      gzip,
      wireBytes: wire.byteLength,
      header: envelope.header,
      items: envelope.items.map((i) => ({
        type: i.header.type,
        json: JSON.parse(Buffer.from(i.payload).toString('utf8')),
      })),
    });
    const m = r.mode;
    if (m.kind === 'hang') return;
    if (m.kind === 'status') {
      res.writeHead(m.status, { 'content-type': 'application/json', ...m.headers });
      res.end('{"detail":"as told"}');
      return;
    }
    if (m.delayMs) await new Promise((resolve) => setTimeout(resolve, m.delayMs));
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: envelope.header.event_id ?? null }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  r.url = `http://127.0.0.1:${port}`;
  r.dsn = `http://publickey@127.0.0.1:${port}/1`;
  return r;
}

/** A DSN whose port nothing listens on (bound, then released). */
export async function closedPortDsn(): Promise<string> {
  const server = http.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://publickey@127.0.0.1:${port}/1`;
}
