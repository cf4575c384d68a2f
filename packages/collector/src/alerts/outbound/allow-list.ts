/**
 * `webhookAllow` (FAULTLINE_WEBHOOK_ALLOW): hosts and CIDRs an operator lets notifications reach
 * although they are not global (an internal chat server, a receiver on 127.0.0.1 in tests). A
 * host entry admits whatever that exact name resolves to; a CIDR (or a bare address) admits the
 * addresses in it, whatever the name.
 */

import { BlockList, isIP } from 'node:net';
import { ConfigError } from '@faultline/core';

export interface AllowList {
  host(hostname: string): boolean;
  address(address: string): boolean;
}

const HOST =
  /^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*\.?$/;

/**
 * @throws ConfigError naming an entry that is neither a host name nor an address or CIDR
 * @example parseAllowList(['127.0.0.1/32', 'chat.internal']).host('chat.internal') // true
 */
export function parseAllowList(entries: readonly string[]): AllowList {
  const hosts = new Set<string>();
  // One list per family, as in address-ranges.ts (a BlockList maps IPv4 into IPv6 rules).
  const ranges = { ipv4: new BlockList(), ipv6: new BlockList() };
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    const [net = '', bits, ...rest] = entry.split('/');
    const version = isIP(net.replace(/^\[|\]$/g, ''));
    if (version !== 0) {
      const address = net.replace(/^\[|\]$/g, '');
      const max = version === 4 ? 32 : 128;
      const prefix = bits === undefined ? max : Number(bits);
      if (
        rest.length > 0 ||
        !Number.isInteger(prefix) ||
        prefix < 0 ||
        prefix > max ||
        (bits !== undefined && !/^\d+$/.test(bits))
      )
        throw new ConfigError(`webhook allow list: "${raw}" is not an address or a CIDR (prefix 0-${max})`);
      const family = version === 4 ? 'ipv4' : 'ipv6';
      ranges[family].addSubnet(address, prefix, family);
    } else if (bits === undefined && HOST.test(entry)) hosts.add(entry.replace(/\.$/, ''));
    else throw new ConfigError(`webhook allow list: "${raw}" is neither a host name nor an address or CIDR`);
  }
  return {
    host: (hostname) => hosts.has(hostname.toLowerCase().replace(/\.$/, '')),
    address: (address) => {
      const version = isIP(address);
      if (version === 0) return false;
      const family = version === 4 ? 'ipv4' : 'ipv6';
      return ranges[family].check(address, family);
    },
  };
}
