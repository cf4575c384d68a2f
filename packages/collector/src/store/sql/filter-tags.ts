/**
 * The tags a search asks for. Release and environment are tags too (digest records them in
 * `issue_tags`, as Sentry does), so an issue listing and an issue's events read them alike.
 */

import { LimitExceededError } from '@faultline/core';
import { MAX_TAG_FILTERS } from '../../limits.js';
import type { SearchFilters, TagFilter } from '../queries.js';

/**
 * The `tag` filters of `query` followed by its release and environment, at most MAX_TAG_FILTERS.
 * @example filterTags({ release: '1.2.0', tag: [{ key: 'route', value: 'GET /a' }] }).length // 2
 */
export function filterTags(query: SearchFilters, what: string): TagFilter[] {
  const tags = [...(query.tag ?? [])];
  if (query.release !== undefined) tags.push({ key: 'release', value: query.release });
  if (query.environment !== undefined) tags.push({ key: 'environment', value: query.environment });
  if (tags.length > MAX_TAG_FILTERS) {
    throw new LimitExceededError('MAX_TAG_FILTERS', MAX_TAG_FILTERS, tags.length, what);
  }
  return tags;
}
