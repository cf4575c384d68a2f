/**
 * One outbound POST through the SSRF guard: resolve and check (outbound-guard.ts), then connect
 * to exactly the checked address (node:http's `lookup` answers with it; SNI and Host stay the
 * URL's name), never follow a redirect (node:http does not), and give the whole exchange one
 * budget, DNS to the answer's excerpt. Only the start of the answer is read.
 */

import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { ALERT_RESPONSE_EXCERPT_CHARS, ALERT_RESPONSE_READ_BYTES } from '../../limits.js';
import { checkOutboundUrl, type OutboundPolicy, type ResolvedAddress } from './outbound-guard.js';
import { OutboundRefusedError } from './outbound-refused-error.js';

export interface PostAnswer {
  status: number;
  /** The Retry-After header as sent, if any. */
  retryAfter: string | undefined;
  /** The start of the body, as text, bounded. */
  excerpt: string;
}

/** Answers every lookup with the checked address (`all` when Node asks for a list). */
function pinned({ address, family }: ResolvedAddress): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  }) as LookupFunction;
}

async function readExcerpt(res: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    bytes += chunk.length;
    if (bytes >= ALERT_RESPONSE_READ_BYTES) break;
  }
  res.destroy();
  return Buffer.concat(chunks)
    .subarray(0, ALERT_RESPONSE_READ_BYTES)
    .toString('utf8')
    .slice(0, ALERT_RESPONSE_EXCERPT_CHARS);
}

/**
 * @throws OutboundRefusedError when the guard refuses; any other error is the network's
 * @example const answer = await guardedPost(url, body, { 'content-type': 'application/json' }, policy, 5000)
 */
export async function guardedPost(
  target: string,
  body: string,
  headers: Record<string, string>,
  policy: OutboundPolicy,
  timeoutMs: number,
): Promise<PostAnswer> {
  const signal = AbortSignal.timeout(timeoutMs);
  const check = await checkOutboundUrl(target, policy, Date.now() + timeoutMs);
  if (!check.ok) throw new OutboundRefusedError(check.reason);
  const { url, address } = check;
  const send = url.protocol === 'https:' ? https.request : http.request;
  return new Promise<PostAnswer>((resolve, reject) => {
    const req = send(url, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      lookup: pinned(address),
      agent: false,
      signal,
    });
    req.on('error', (error) =>
      reject(signal.aborted ? new Error(`no answer within ${timeoutMs} ms`, { cause: error }) : error),
    );
    req.on('response', (res) => {
      readExcerpt(res).then(
        (excerpt) =>
          resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], excerpt }),
        (error: unknown) =>
          reject(signal.aborted ? new Error(`no answer within ${timeoutMs} ms`, { cause: error }) : error),
      );
    });
    req.end(body);
  });
}
