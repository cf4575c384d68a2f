/**
 * `X-Sentry-Rate-Limits` (https://develop.sentry.dev/sdk/expected-features/rate-limiting/ ;
 * sentry-protocol.md §6.4): comma-separated quotas `retry_after:categories:scope[:reason[:namespaces]]`,
 * categories `;`-separated, empty meaning every category. The collector writes it, the
 * reporter reads it.
 */

/** One quota of the header. */
export interface RateLimitQuota {
  /** Seconds to wait. */
  retryAfterS: number;
  /** Data categories (`error`, `transaction`, `session`…); empty: all of them. */
  categories: string[];
  /** `organization`, `project`, `key`… (informational). */
  scope: string;
  reasonCode?: string;
}

/**
 * The header value for some quotas.
 * @example formatRateLimits([{ retryAfterS: 60, categories: ['error'], scope: 'project', reasonCode: 'rate_limited' }]) // '60:error:project:rate_limited'
 */
export function formatRateLimits(quotas: readonly RateLimitQuota[]): string {
  return quotas
    .map((q) => {
      const head = `${Math.max(0, Math.ceil(q.retryAfterS))}:${q.categories.join(';')}:${q.scope}`;
      return q.reasonCode === undefined ? head : `${head}:${q.reasonCode}`;
    })
    .join(', ');
}

/**
 * The quotas of a header value; malformed quotas are left out (a bad one must not hide the rest).
 * @example parseRateLimits('60:error;transaction:key, 10::organization')[1].categories // []
 */
export function parseRateLimits(value: string): RateLimitQuota[] {
  const out: RateLimitQuota[] = [];
  for (const raw of value.split(',')) {
    const [seconds, categories = '', scope = '', reasonCode] = raw.trim().split(':');
    if (!seconds || !/^\d+(\.\d+)?$/.test(seconds)) continue;
    const quota: RateLimitQuota = {
      retryAfterS: Number(seconds),
      categories: categories.split(';').filter(Boolean),
      scope,
    };
    if (reasonCode) quota.reasonCode = reasonCode;
    out.push(quota);
  }
  return out;
}
