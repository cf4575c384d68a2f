/**
 * The `inboundFilters` of PATCH /api/v1/projects/:projectId: the whole filter set, replacing the
 * stored one (a field left out filters nothing). Every entry is checked here, so ingest can trust
 * what it compiles: a bad address or an oversized list is a 400 naming it, never a silent no-op.
 */

import { BlockList } from 'node:net';
import { badRequest } from '@faultline/core';
import { addAddressEntry } from '../ingest/inbound-filters.js';
import type { InboundFilters } from '../ingest-batch.js';
import { MAX_INBOUND_FILTER_ENTRIES, MAX_INBOUND_FILTER_ENTRY_CHARS } from '../limits.js';

const LISTS = ['errorMessages', 'releases', 'environments', 'clientIps'] as const;
const FLAGS = ['webCrawlers', 'localhost'] as const;
const FIELDS = new Set<string>([...LISTS, ...FLAGS]);

function entries(value: unknown, name: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw badRequest(`inboundFilters.${name} must be a list of strings`);
  if (value.length > MAX_INBOUND_FILTER_ENTRIES)
    throw badRequest(`inboundFilters.${name} may hold at most ${MAX_INBOUND_FILTER_ENTRIES} entries`);
  const out: string[] = [];
  for (const v of value) {
    if (typeof v !== 'string') throw badRequest(`inboundFilters.${name} must be a list of strings`);
    const entry = v.trim();
    if (entry === '') throw badRequest(`inboundFilters.${name} has an empty entry`);
    if (entry.length > MAX_INBOUND_FILTER_ENTRY_CHARS)
      throw badRequest(
        `inboundFilters.${name} has an entry longer than ${MAX_INBOUND_FILTER_ENTRY_CHARS} characters`,
      );
    if (!out.includes(entry)) out.push(entry);
  }
  return out;
}

/**
 * @throws a 400 ProblemError naming the field at fault
 * @example inboundFiltersParam({ errorMessages: ['*ECONNRESET*'], webCrawlers: true })
 */
export function inboundFiltersParam(value: unknown): InboundFilters {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw badRequest('inboundFilters must be an object');
  const o = value as Record<string, unknown>;
  const unknown = Object.keys(o).find((k) => !FIELDS.has(k));
  if (unknown !== undefined)
    throw badRequest(
      `inboundFilters has no field ${JSON.stringify(unknown.slice(0, 40))} (known: ${[...FIELDS].join(', ')})`,
    );
  for (const flag of FLAGS)
    if (o[flag] !== undefined && typeof o[flag] !== 'boolean')
      throw badRequest(`inboundFilters.${flag} must be true or false`);
  const clientIps = entries(o.clientIps, 'clientIps');
  const scratch = new BlockList();
  const bad = clientIps.find((entry) => !addAddressEntry(scratch, entry));
  if (bad !== undefined)
    throw badRequest(
      `inboundFilters.clientIps: ${JSON.stringify(bad)} is not an IPv4 or IPv6 address or CIDR block`,
    );
  return {
    errorMessages: entries(o.errorMessages, 'errorMessages'),
    releases: entries(o.releases, 'releases'),
    environments: entries(o.environments, 'environments'),
    clientIps,
    webCrawlers: o.webCrawlers === true,
    localhost: o.localhost === true,
  };
}
