/**
 * The settings page's inbound-filters form (one entry per line; a message pattern may hold
 * commas and spaces) to the `inboundFilters` of PATCH /api/v1/projects/{id}, with the problems
 * a person can fix named before anything is sent, and the filtered counts named for people.
 */

import { MAX_INBOUND_FILTER_ENTRIES, MAX_INBOUND_FILTER_ENTRY_CHARS } from '../limits.js';
import type { DiscardTotal, InboundFilters } from './types.js';

export interface InboundFiltersForm {
  errorMessages: string;
  releases: string;
  environments: string;
  clientIps: string;
  webCrawlers: boolean;
  localhost: boolean;
}

export type FiltersResult = { ok: true; filters: InboundFilters } | { ok: false; problem: string };

const LIST_NAMES = {
  errorMessages: 'error messages',
  releases: 'releases',
  environments: 'environments',
  clientIps: 'client IPs',
} as const;

/** Entries one per line, trimmed, blanks and repeats dropped. */
function linesOf(text: string): string[] {
  return [
    ...new Set(
      text
        .split('\n')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    ),
  ];
}

/**
 * @example filtersFromForm({ errorMessages: '*ECONNRESET*', releases: '', environments: 'staging',
 *   clientIps: '', webCrawlers: true, localhost: false })
 */
export function filtersFromForm(form: InboundFiltersForm): FiltersResult {
  const lists = {} as Record<keyof typeof LIST_NAMES, string[]>;
  for (const [field, name] of Object.entries(LIST_NAMES) as [keyof typeof LIST_NAMES, string][]) {
    const items = linesOf(form[field]);
    if (items.length > MAX_INBOUND_FILTER_ENTRIES)
      return { ok: false, problem: `${name}: at most ${MAX_INBOUND_FILTER_ENTRIES} entries` };
    if (items.some((s) => s.length > MAX_INBOUND_FILTER_ENTRY_CHARS))
      return {
        ok: false,
        problem: `${name}: an entry is longer than ${MAX_INBOUND_FILTER_ENTRY_CHARS} characters`,
      };
    if (field !== 'errorMessages') {
      const spaced = items.find((s) => /\s/.test(s));
      if (spaced) return { ok: false, problem: `${name}: "${spaced}" contains a space` };
    }
    lists[field] = items;
  }
  return { ok: true, filters: { ...lists, webCrawlers: form.webCrawlers, localhost: form.localhost } };
}

/** The form for stored filters: the inverse of filtersFromForm. */
export function formFromFilters(f: InboundFilters): InboundFiltersForm {
  return {
    errorMessages: f.errorMessages.join('\n'),
    releases: f.releases.join('\n'),
    environments: f.environments.join('\n'),
    clientIps: f.clientIps.join('\n'),
    webCrawlers: f.webCrawlers,
    localhost: f.localhost,
  };
}

const REASON_WORDS: Record<string, string> = {
  'filtered:error-message': 'error message',
  'filtered:release-version': 'release',
  'filtered:environment': 'environment',
  'filtered:ip-address': 'client IP',
  'filtered:web-crawlers': 'web crawler',
  'filtered:localhost': 'localhost',
};

/** The filtered totals, as [what filtered them, how many], most first. */
export function filteredCounts(items: readonly DiscardTotal[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const i of items) {
    if (i.source !== 'collector' || !i.reason.startsWith('filtered:')) continue;
    const words = REASON_WORDS[i.reason] ?? i.reason.slice('filtered:'.length);
    counts.set(words, (counts.get(words) ?? 0) + i.quantity);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
