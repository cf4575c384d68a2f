/**
 * Which addresses an outbound notification may not reach (issue 14 §3 SSRF): anything that is
 * not a global unicast address, named by its range so a refusal says why. IPv4 from RFC 6890's
 * special-purpose registry; IPv6 the same, plus every form that embeds an IPv4 address (mapped,
 * NAT64, 6to4, Teredo), which could smuggle a private one past an IPv4 check. The road not taken:
 * an allow-only-2000::/3 rule, which would still admit 6to4, Teredo and documentation space.
 */

import { BlockList, isIPv4, isIPv6 } from 'node:net';

type Range = [cidr: string, prefix: number];

const NAMED: [name: string, v4: Range[], v6: Range[]][] = [
  // Cloud metadata services first: a more specific name than link-local or ULA.
  ['the cloud metadata service', [['169.254.169.254', 32]], [['fd00:ec2::254', 128]]],
  ['unspecified', [['0.0.0.0', 8]], [['::', 128]]],
  ['loopback', [['127.0.0.0', 8]], [['::1', 128]]],
  [
    'private',
    [
      ['10.0.0.0', 8],
      ['172.16.0.0', 12],
      ['192.168.0.0', 16],
    ],
    [],
  ],
  ['shared address space (CGNAT)', [['100.64.0.0', 10]], []],
  [
    'link-local',
    [['169.254.0.0', 16]],
    [
      ['fe80::', 10],
      ['fec0::', 10],
    ],
  ],
  ['unique local (IPv6 ULA)', [], [['fc00::', 7]]],
  [
    'IPv4-mapped or -translated IPv6',
    [],
    [
      ['::ffff:0:0', 96],
      ['64:ff9b::', 96],
      ['64:ff9b:1::', 48],
      ['::', 96],
    ],
  ],
  [
    '6to4 or Teredo',
    [['192.88.99.0', 24]],
    [
      ['2002::', 16],
      ['2001::', 32],
    ],
  ],
  ['multicast', [['224.0.0.0', 4]], [['ff00::', 8]]],
  [
    'reserved (documentation, benchmarking, protocol assignments, broadcast)',
    [
      ['192.0.0.0', 24],
      ['192.0.2.0', 24],
      ['198.18.0.0', 15],
      ['198.51.100.0', 24],
      ['203.0.113.0', 24],
      ['240.0.0.0', 4],
    ],
    [
      ['2001:db8::', 32],
      ['2001::', 23],
      ['100::', 64],
      ['3fff::', 20],
    ],
  ],
];

/** One list per family: a BlockList also matches IPv4 addresses against IPv6 rules through
 * their mapped form, which would make ::ffff:0:0/96 swallow every IPv4 address. */
const RANGES = NAMED.map(([name, v4, v6]) => {
  const ipv4 = new BlockList();
  const ipv6 = new BlockList();
  for (const [net, prefix] of v4) ipv4.addSubnet(net, prefix, 'ipv4');
  for (const [net, prefix] of v6) ipv6.addSubnet(net, prefix, 'ipv6');
  return { name, ipv4, ipv6 };
});

/**
 * The name of the non-global range `address` is in, or undefined for a global address. Anything
 * that is not an IP address is refused as such.
 * @example nonGlobalRange('10.1.2.3') // 'private'
 * @example nonGlobalRange('93.184.215.14') // undefined
 */
export function nonGlobalRange(address: string): string | undefined {
  const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined;
  if (family === undefined) return 'not an IP address';
  for (const range of RANGES) if (range[family].check(address, family)) return range.name;
  return undefined;
}
