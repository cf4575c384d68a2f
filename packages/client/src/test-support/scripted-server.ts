/**
 * Real node:http servers on 127.0.0.1, port 0, that play a scripted sequence of answers:
 * request n gets step n (the last step repeats). Tests assert on what the server saw.
 * Not published (package.json excludes dist/test-support).
 */

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after } from 'node:test';

/** What the server recorded about one request. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

/** One scripted answer. */
export type Step = (res: ServerResponse, req: IncomingMessage, seen: SeenRequest) => void | Promise<void>;

export interface ScriptedServer {
  url: string;
  origin: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

/** Starts a server playing `steps` in order; the last one repeats. */
export async function scriptedServer(steps: Step[]): Promise<ScriptedServer> {
  const seen: SeenRequest[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const entry: SeenRequest = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      at: performance.now(),
    };
    seen.push(entry);
    const step = steps[Math.min(seen.length - 1, steps.length - 1)]!;
    try {
      await step(res, req, entry);
    } catch {
      res.destroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/`,
    origin,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on (bound, then released), for ECONNREFUSED. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Answers `status` with a JSON (or text) body and headers. */
export function reply(status: number, body: unknown = '', headers: Record<string, string> = {}): Step {
  return (res) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const type = typeof body === 'string' ? 'text/plain' : 'application/json';
    res.writeHead(status, { 'content-type': type, ...headers });
    res.end(text);
  };
}

/** Answers with an RFC 9457 problem body. */
export function problem(
  status: number,
  members: Record<string, unknown>,
  headers: Record<string, string> = {},
): Step {
  return (res) => {
    res.writeHead(status, { 'content-type': 'application/problem+json', ...headers });
    res.end(JSON.stringify({ status, ...members }));
  };
}

/** Sends headers and the first bytes of a body, then stalls for `ms` before finishing. */
export function stallBody(ms: number, status = 200): Step {
  return (res) =>
    new Promise<void>((resolve) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.write('{"slow":');
      const timer = setTimeout(() => {
        res.end('true}');
        resolve();
      }, ms);
      res.on('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
}

/** Closes the socket without answering ("socket hang up"). */
export const hangUp: Step = (res) => {
  res.socket?.destroy();
};

/** Plays `step` after `ms` (to hold requests in flight). */
export function delayed(ms: number, step: Step): Step {
  return (res, req, seen) => new Promise<void>((r) => setTimeout(r, ms)).then(() => step(res, req, seen));
}

/**
 * A `server(...steps)` factory for one test file: every server it starts is closed in the
 * file's `after` hook.
 */
export function scriptedServers(): (...steps: Step[]) => Promise<ScriptedServer> {
  const servers: ScriptedServer[] = [];
  after(() => Promise.all(servers.map((s) => s.close())));
  return async (...steps) => {
    const s = await scriptedServer(steps);
    servers.push(s);
    return s;
  };
}
