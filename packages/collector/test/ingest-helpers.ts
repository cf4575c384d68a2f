/**
 * Test support for ingest: a real node:http server on 127.0.0.1:0 running the handler over any
 * `deps` (serveIngest), by default an in-memory store recorder (commit resolves after a
 * configurable delay and can fail on demand), and a raw HTTP client that copes with servers
 * answering before the body is sent.
 */

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { createIngestHandler, type IngestHandler, type IngestOptions } from '../src/ingest/index.js';
import { type IngestBatch, type IngestDeps, type KeyInfo, NO_INBOUND_FILTERS } from '../src/ingest-batch.js';

export const KEY = '0123456789abcdef0123456789abcdef';
export const KEY2 = 'fedcba9876543210fedcba9876543210';
export const DISABLED_KEY = 'disabled0000000000000000000000aa';
export const OTHER_PROJECT_KEY = 'other000000000000000000000000000';

export class Recorder implements IngestDeps {
  keys = new Map<string, KeyInfo>();
  projects = new Set<number>([1, 2]);
  batches: IngestBatch[] = [];
  commitCalls = 0;
  keyLookups = 0;
  delayMs = 0;
  failCommits = false;

  constructor() {
    const base = {
      enabled: true,
      rateLimitPerMinute: null,
      allowedOrigins: [],
      scrubKeys: ['x-tenant-secret'],
      inboundFilters: NO_INBOUND_FILTERS,
    };
    this.keys.set(KEY, { ...base, publicKey: KEY, projectId: 1 });
    this.keys.set(KEY2, { ...base, publicKey: KEY2, projectId: 1 });
    this.keys.set(DISABLED_KEY, { ...base, publicKey: DISABLED_KEY, projectId: 1, enabled: false });
    this.keys.set(OTHER_PROJECT_KEY, { ...base, publicKey: OTHER_PROJECT_KEY, projectId: 2 });
  }

  findKey = async (publicKey: string) => {
    this.keyLookups++;
    return this.keys.get(publicKey);
  };
  projectExists = async (projectId: number) => this.projects.has(projectId);
  commit = async (batches: readonly IngestBatch[]) => {
    this.commitCalls++;
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    if (this.failCommits) throw new Error('disk full');
    this.batches.push(...batches);
  };

  get events() {
    return this.batches.flatMap((b) => b.events);
  }
}

/** FAULTLINE_TEST_INGEST_WORKERS=2 runs the ingest suites with a worker pool (default: the
 * handler's default); a test that sets `ingestWorkers` itself keeps its own. */
const TEST_INGEST_WORKERS =
  process.env.FAULTLINE_TEST_INGEST_WORKERS === undefined
    ? undefined
    : Number(process.env.FAULTLINE_TEST_INGEST_WORKERS);

export interface IngestServer {
  url: string;
  handler: IngestHandler;
  close(): Promise<void>;
}

export interface TestServer extends IngestServer {
  recorder: Recorder;
}

/** The ingest handler over `deps` on a real server (127.0.0.1, port 0); 404 for anything else. */
export async function serveIngest(
  deps: IngestDeps,
  options: Partial<IngestOptions> = {},
): Promise<IngestServer> {
  const handler = createIngestHandler(deps, { ingestWorkers: TEST_INGEST_WORKERS, ...options });
  const server = http.createServer((req, res) => {
    if (!handler.tryHandle(req, res)) {
      res.writeHead(404).end();
      req.resume();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    handler,
    async close() {
      await handler.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

export async function startServer(
  options: Partial<IngestOptions> = {},
  recorder = new Recorder(),
): Promise<TestServer> {
  return { ...(await serveIngest(recorder, options)), recorder };
}

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: any;
}

/** Body as bytes, or a stream (sent chunked, without Content-Length). */
export type Body = string | Uint8Array | Readable | undefined;

export function request(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: Body } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: init.method ?? 'POST', headers: init.headers, agent: false });
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    // A server that answers early and closes may reset a connection we are still writing to;
    // that is only a failure when no answer arrived.
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    const body = init.body;
    if (body instanceof Readable) {
      body.on('error', () => req.destroy());
      body.pipe(req);
    } else req.end(body);
  });
}

export const authQuery = (key = KEY) => `?sentry_version=7&sentry_key=${key}&sentry_client=test%2F1.0`;

export function envelopeUrl(base: string, project: string | number = 1, key: string | null = KEY): string {
  return `${base}/api/${project}/envelope/${key === null ? '' : authQuery(key)}`;
}

/** Envelope bytes: a header line, then each item as header line + payload (length set unless `length: false`). */
export function envelope(
  header: Record<string, unknown>,
  items: { header: Record<string, unknown>; payload: string | Uint8Array; length?: boolean }[],
  trailingNewline = true,
): Buffer {
  const parts: Buffer[] = [Buffer.from(JSON.stringify(header))];
  for (const item of items) {
    const payload = Buffer.from(item.payload);
    const h = item.length === false ? item.header : { ...item.header, length: payload.length };
    parts.push(Buffer.from(`\n${JSON.stringify(h)}\n`), payload);
  }
  if (trailingNewline) parts.push(Buffer.from('\n'));
  return Buffer.concat(parts);
}

let counter = 0;
export function eventId(): string {
  counter++;
  return counter.toString(16).padStart(32, '0');
}

export function eventEnvelope(event: Record<string, unknown> = {}, id = eventId()): Buffer {
  return envelope({ event_id: id, sent_at: new Date().toISOString() }, [
    { header: { type: 'event' }, payload: JSON.stringify({ message: 'boom', level: 'error', ...event }) },
  ]);
}

export function postEnvelope(base: string, body: Body, headers: Record<string, string> = {}, project = 1) {
  return request(envelopeUrl(base, project), { headers, body });
}

/** A request whose body the test writes piece by piece, and may never end. */
export interface HeldRequest {
  write(chunk: string | Uint8Array): void;
  end(): void;
  /** Closes the connection (the answer, if none came yet, is status 0). */
  destroy(): void;
  /** The answer, whenever the server gives one; `at` is performance.now() when it arrived. */
  reply: Promise<{ status: number; detail: string; at: number }>;
}

/**
 * A POST with a chunked body written by the caller (an upload that is slow, or never ends).
 * @example const r = heldRequest(envelopeUrl(url)); r.write('{"event_id":'); … (await r.reply).status
 */
export function heldRequest(url: string, headers: Record<string, string> = {}): HeldRequest {
  const req = http.request(url, { method: 'POST', headers, agent: false });
  let answered = false;
  const reply = new Promise<{ status: number; detail: string; at: number }>((resolve) => {
    const unanswered = () => {
      if (!answered) resolve({ status: 0, detail: 'closed without an answer', at: performance.now() });
    };
    req.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      const done = () => {
        let detail = '';
        try {
          detail = String(JSON.parse(Buffer.concat(chunks).toString('utf8')).detail ?? '');
        } catch {
          // not a JSON answer: the status says enough
        }
        resolve({ status: res.statusCode ?? 0, detail, at: performance.now() });
      };
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', done);
      res.on('error', done);
    });
    req.on('error', unanswered);
    req.on('close', unanswered);
  });
  req.flushHeaders();
  return {
    write: (chunk) => {
      if (!req.destroyed && !answered) req.write(chunk);
    },
    end: () => req.end(),
    destroy: () => req.destroy(),
    reply,
  };
}

/** What a held request got: its status, the problem's detail, and when it came. */
export type HeldReply = Awaited<HeldRequest['reply']>;

/**
 * Writes `chunk(n)` to each of `held` every `everyMs`, n counting the rounds from 0: uploads
 * that stay open without ever finishing. Returns what stops it.
 * @example const stop = trickle(slow, 1_000, () => ' '); try { … } finally { stop(); }
 */
export function trickle(
  held: readonly HeldRequest[],
  everyMs: number,
  chunk: (n: number) => string,
): () => void {
  let n = 0;
  const timer = setInterval(() => {
    for (const r of held) r.write(chunk(n));
    n++;
  }, everyMs);
  return () => clearInterval(timer);
}

/**
 * The replies to `held` if every one of them has come already; [] while any is still open.
 * @example assert.equal((await repliesIfAllAnswered(slow)).length, 0, 'still open');
 */
export function repliesIfAllAnswered(held: readonly HeldRequest[]): Promise<HeldReply[]> {
  return Promise.race([
    Promise.all(held.map((r) => r.reply)),
    new Promise<HeldReply[]>((resolve) => setTimeout(() => resolve([]), 1)),
  ]);
}
