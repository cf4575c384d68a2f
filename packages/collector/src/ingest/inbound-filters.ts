/**
 * A project's inbound filters (InboundFilters, set through PATCH /api/v1/projects/:id) applied to
 * a batch before anything of it is rate limited or stored: a filtered event or transaction is
 * removed with its attachments and counted in the batch's `dropped` as `filtered:<reason>`
 * (stored as a discard, source `collector`), and the SDK gets its 200 as if it were kept, as
 * Sentry answers filtered events, so it does not retry them. The reasons are Relay's names where
 * Relay has the filter (error-message, release-version, ip-address, web-crawlers, localhost).
 */

import { BlockList, isIP } from 'node:net';
import { globMatches } from '../glob-match.js';
import { countDrop, type InboundFilters, type IngestBatch, type IngestEvent } from '../ingest-batch.js';
import { MAX_FILTERED_TEXT_CHARS } from '../limits.js';
import { isWebCrawler } from './web-crawlers.js';

export type FilterReason =
  | 'error-message'
  | 'release-version'
  | 'environment'
  | 'ip-address'
  | 'web-crawlers'
  | 'localhost';

/** Where a request came from, for events that do not name their user's address. */
export type PeerAddress = () => string;

interface Compiled {
  errorMessages: readonly string[];
  releases: readonly string[];
  environments: ReadonlySet<string>;
  clientIps: BlockList | undefined;
  webCrawlers: boolean;
  localhost: boolean;
}

const record = (v: unknown): Record<string, unknown> | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
const text = (v: unknown): string | undefined =>
  typeof v === 'string' ? v.slice(0, MAX_FILTERED_TEXT_CHARS) : undefined;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** An IPv4 client seen through an IPv6 socket (`::ffff:10.0.0.1`) is that IPv4 address. */
function plainAddress(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/**
 * Adds one entry (an address or a CIDR block) to a block list.
 * @returns false for an entry that is neither
 */
export function addAddressEntry(list: BlockList, entry: string): boolean {
  const slash = entry.indexOf('/');
  const address = slash < 0 ? entry : entry.slice(0, slash);
  const family = isIP(address);
  if (family === 0) return false;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (slash < 0) {
    list.addAddress(address, type);
    return true;
  }
  const prefixText = entry.slice(slash + 1);
  const prefix = Number(prefixText);
  if (!/^\d{1,3}$/.test(prefixText) || prefix > (family === 4 ? 32 : 128)) return false;
  list.addSubnet(address, prefix, type);
  return true;
}

function compile(f: InboundFilters): Compiled | undefined {
  const empty =
    f.errorMessages.length + f.releases.length + f.environments.length + f.clientIps.length === 0 &&
    !f.webCrawlers &&
    !f.localhost;
  if (empty) return undefined;
  let clientIps: BlockList | undefined;
  if (f.clientIps.length > 0) {
    clientIps = new BlockList();
    for (const entry of f.clientIps) addAddressEntry(clientIps, entry);
  }
  return {
    errorMessages: f.errorMessages,
    releases: f.releases,
    environments: new Set(f.environments),
    clientIps,
    webCrawlers: f.webCrawlers,
    localhost: f.localhost,
  };
}

/** Compiled once per filters object: the key resolver caches a project's KeyInfo, filters
 * included, so a busy project compiles its filters once per cache lifetime. */
const compiled = new WeakMap<InboundFilters, Compiled | null>();
function compiledOf(f: InboundFilters): Compiled | undefined {
  let c = compiled.get(f);
  if (c === undefined) {
    c = compile(f) ?? null;
    compiled.set(f, c);
  }
  return c ?? undefined;
}

/** `Type: value` of every exception, and the message, as Sentry's error-message filter reads them. */
function messagesOf(event: Record<string, unknown>): string[] {
  const out: string[] = [];
  const exception = event.exception;
  const values = Array.isArray(exception) ? exception : record(exception)?.values;
  if (Array.isArray(values))
    for (const v of values.slice(0, 16)) {
      const ex = record(v);
      if (!ex) continue;
      const type = text(ex.type);
      const value = text(ex.value);
      if (type !== undefined || value !== undefined)
        out.push(type !== undefined && value !== undefined ? `${type}: ${value}` : (type ?? value ?? ''));
    }
  const logentry = record(event.logentry) ?? record(event.message);
  const message = text(event.message) ?? text(logentry?.formatted) ?? text(logentry?.message);
  if (message !== undefined) out.push(message);
  return out;
}

function headerOf(request: Record<string, unknown> | undefined, name: string): string | undefined {
  const headers = request?.headers;
  if (Array.isArray(headers)) {
    for (const pair of headers)
      if (Array.isArray(pair) && typeof pair[0] === 'string' && pair[0].toLowerCase() === name)
        return text(pair[1]);
    return undefined;
  }
  const h = record(headers);
  if (!h) return undefined;
  for (const [k, v] of Object.entries(h)) if (k.toLowerCase() === name) return text(v);
  return undefined;
}

function hostOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

function userAddress(event: Record<string, unknown>): string | undefined {
  const ip = text(record(event.user)?.ip_address);
  return ip !== undefined && isIP(ip) !== 0 ? plainAddress(ip) : undefined;
}

function isLocalhost(event: Record<string, unknown>, request: Record<string, unknown> | undefined): boolean {
  const ip = userAddress(event);
  if (ip === '127.0.0.1' || ip === '::1') return true;
  const host = hostOf(text(request?.url));
  return host !== undefined && (LOOPBACK_HOSTS.has(host) || host.endsWith('.localhost'));
}

/**
 * Why the project's filters refuse this event, or undefined to keep it.
 * @example filterReason(filters, ev.event, false, () => req.socket.remoteAddress ?? '')
 */
export function filterReason(
  filters: InboundFilters,
  event: Record<string, unknown>,
  isTransaction: boolean,
  peer: PeerAddress,
): FilterReason | undefined {
  const c = compiledOf(filters);
  if (c === undefined) return undefined;
  const request = record(event.request);
  if (c.localhost && isLocalhost(event, request)) return 'localhost';
  if (c.clientIps !== undefined) {
    const ip = userAddress(event) ?? plainAddress(peer());
    const family = isIP(ip);
    if (family !== 0 && c.clientIps.check(ip, family === 4 ? 'ipv4' : 'ipv6')) return 'ip-address';
  }
  if (c.webCrawlers) {
    const ua = headerOf(request, 'user-agent');
    if (ua !== undefined && isWebCrawler(ua)) return 'web-crawlers';
  }
  if (c.releases.length > 0) {
    const release = text(event.release);
    if (release !== undefined && c.releases.some((p) => globMatches(p, release))) return 'release-version';
  }
  if (c.environments.size > 0) {
    const environment = text(event.environment);
    if (environment !== undefined && c.environments.has(environment)) return 'environment';
  }
  if (!isTransaction && c.errorMessages.length > 0) {
    const messages = messagesOf(event);
    if (c.errorMessages.some((p) => messages.some((m) => globMatches(p, m)))) return 'error-message';
  }
  return undefined;
}

function keep(
  list: IngestEvent[],
  batch: IngestBatch,
  filters: InboundFilters,
  isTransaction: boolean,
  peer: PeerAddress,
  removed: Set<string>,
): IngestEvent[] {
  return list.filter((ev) => {
    const reason = filterReason(filters, ev.event as Record<string, unknown>, isTransaction, peer);
    if (reason === undefined) return true;
    countDrop(batch, `filtered:${reason}`);
    removed.add(ev.eventId);
    return false;
  });
}

/**
 * Removes what the project's filters refuse from the batch, counting each by reason.
 * @example applyInboundFilters(batch, key.inboundFilters, () => addressOf(req))
 */
export function applyInboundFilters(batch: IngestBatch, filters: InboundFilters, peer: PeerAddress): void {
  if (compiledOf(filters) === undefined) return;
  const removed = new Set<string>();
  batch.events = keep(batch.events, batch, filters, false, peer, removed);
  batch.transactions = keep(batch.transactions, batch, filters, true, peer, removed);
  if (removed.size > 0 && batch.attachments.length > 0)
    batch.attachments = batch.attachments.filter((a) => !removed.has(a.eventId));
}
