/**
 * The SSRF guard (issue 14 §3), Bugsink's design: the host is resolved at every send, every
 * address it resolves to must be global (or allowed), and the connection is then pinned to the
 * address that was checked (guarded-post.ts), so a name that resolves to a public address for
 * the check and to 169.254.169.254 for the connection (DNS rebinding) gets nowhere. The same
 * check serves rule creation, for the later API's 400.
 */

import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { nonGlobalRange } from './address-ranges.js';
import type { AllowList } from './allow-list.js';
import { parseOutboundUrl } from './outbound-url.js';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** A name → its addresses; the system resolver (getaddrinfo: /etc/hosts, then DNS) by default. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface OutboundPolicy {
  allow: AllowList;
  resolve: Resolver;
}

export type OutboundCheck = { ok: true; url: URL; address: ResolvedAddress } | { ok: false; reason: string };

/**
 * getaddrinfo, every address, in the resolver's order.
 * @example await systemResolver('example.com') // [{ address: '93.184.215.14', family: 4 }]
 */
export const systemResolver: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((a) => ({
    address: a.address,
    family: a.family === 6 ? 6 : 4,
  }));

const refuse = (reason: string): OutboundCheck => ({ ok: false, reason });

/**
 * Resolves the URL's host and checks every address; the first one is the one to connect to.
 * @param deadline the time (ms) by which resolution must be done
 * @example
 * const check = await checkOutboundUrl('https://hooks.slack.com/services/…', policy);
 * if (!check.ok) throw new AlertRuleError('channels[0].url', `channels[0].url ${check.reason}`);
 */
export async function checkOutboundUrl(
  text: string,
  policy: OutboundPolicy,
  deadline = Number.POSITIVE_INFINITY,
): Promise<OutboundCheck> {
  const parsed = parseOutboundUrl(text);
  if ('problem' in parsed) return refuse(parsed.problem);
  const { url } = parsed;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const literal = isIP(host);
  let addresses: ResolvedAddress[];
  if (literal !== 0) addresses = [{ address: host, family: literal === 6 ? 6 : 4 }];
  else {
    let timer: NodeJS.Timeout | undefined;
    try {
      const wait = Math.max(0, deadline - Date.now());
      addresses = await Promise.race([
        policy.resolve(host),
        new Promise<never>((_, reject) => {
          if (Number.isFinite(wait))
            timer = setTimeout(() => reject(new Error(`no answer within ${wait} ms`)), wait);
        }),
      ]);
    } catch (error) {
      return refuse(
        `host ${host} could not be resolved: ${error instanceof Error ? error.message : String(error)}`,
      );
    } finally {
      clearTimeout(timer);
    }
    if (addresses.length === 0) return refuse(`host ${host} resolves to no address`);
  }
  if (!policy.allow.host(host)) {
    for (const { address } of addresses) {
      if (policy.allow.address(address)) continue;
      const range = nonGlobalRange(address);
      if (range !== undefined) {
        const via = literal === 0 ? `${host} resolves to ${address}, which` : address;
        return refuse(
          `${via} is ${range}; list the host or a CIDR in webhookAllow (FAULTLINE_WEBHOOK_ALLOW) to allow it`,
        );
      }
    }
  }
  return { ok: true, url, address: addresses[0] as ResolvedAddress };
}
