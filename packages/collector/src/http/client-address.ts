/**
 * Which address a request comes from, for the login throttle. By default the socket's peer:
 * X-Forwarded-For is written by whoever sends the request, so trusting it lets a client choose
 * its address and dodge every per-address bound. Behind a reverse proxy the peer is the proxy,
 * which puts every client on one address; `trustProxy` (CollectorOptions, `--trust-proxy`) then
 * says how many proxies in front of the collector append to X-Forwarded-For: `true` is one, a
 * number `n` is n. Each proxy appends the address it received the request from, so the client
 * is the n-th entry from the right; entries further left are the client's to write and are
 * never read. (Express's `trust proxy` hop count means the same.)
 */

import type { IncomingMessage } from 'node:http';
import { ConfigError } from '@faultline/core';
import { MAX_CLIENT_ADDRESS_CHARS, MAX_TRUSTED_PROXY_HOPS } from '../limits.js';

/** false: the socket's peer; true: one trusted proxy; n: n trusted proxies in a chain. */
export type TrustProxy = boolean | number;

export type ClientAddress = (req: IncomingMessage) => string;

function hops(trustProxy: TrustProxy): number {
  if (trustProxy === false) return 0;
  if (trustProxy === true) return 1;
  if (Number.isInteger(trustProxy) && trustProxy >= 0 && trustProxy <= MAX_TRUSTED_PROXY_HOPS)
    return trustProxy;
  throw new ConfigError(
    `trustProxy must be false, true or a number of proxies from 0 to ${MAX_TRUSTED_PROXY_HOPS} (got ${String(trustProxy)})`,
  );
}

/**
 * @throws ConfigError for a `trustProxy` that is not false, true or a whole number of hops.
 * @example
 * const addressOf = clientAddress(1);
 * addressOf(req) // '203.0.113.7' for X-Forwarded-For: 10.0.0.9, 203.0.113.7 from the proxy
 */
export function clientAddress(trustProxy: TrustProxy = false): ClientAddress {
  const trusted = hops(trustProxy);
  return (req) => {
    const peer = req.socket.remoteAddress ?? '';
    const header = req.headers['x-forwarded-for'];
    if (trusted === 0 || header === undefined) return peer;
    // Node joins repeated X-Forwarded-For headers with ", ", in the order received.
    const entries = (Array.isArray(header) ? header.join(',') : header).split(',');
    // Fewer entries than trusted hops: the leftmost one was written by the first proxy.
    const entry = entries[Math.max(0, entries.length - trusted)]?.trim() ?? '';
    return entry === '' ? peer : entry.slice(0, MAX_CLIENT_ADDRESS_CHARS);
  };
}
