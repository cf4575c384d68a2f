/**
 * The demo's regression, done as a team would through the read API: find the issue of orders'
 * coupon crash and mark it resolved in the next release. When orders@1.1.0 (first seen after
 * that) crashes the same way, the collector reopens the issue as regressed.
 */

import { createClient } from '@faultline/client';

/** The part of an issue the demo reads. */
export interface IssueRef {
  id: number;
  title: string;
}

/** The two read-API calls the deploy step makes, with the demo's token. */
export interface CouponCrashApi {
  /** The coupon crash's issue, once the collector has one. */
  findCouponCrash(): Promise<IssueRef | undefined>;
  resolveInNextRelease(issueId: number): Promise<void>;
}

/**
 * @example const api = couponCrashApi(collector.url, token, 1); const issue = await api.findCouponCrash();
 */
export function couponCrashApi(baseUrl: string, token: string, projectId: number): CouponCrashApi {
  const client = createClient({ baseUrl, headers: { authorization: `Bearer ${token}` } });
  return {
    async findCouponCrash() {
      const page = await client.get<{ items: IssueRef[] }>(`/api/v1/projects/${projectId}/issues`, {
        // The title's property name is normalized away (`reading <quoted>`); the culprit names the function.
        query: { tag: 'service:orders', status: 'unresolved', query: 'applyCoupon' },
      });
      return page.items.find((i) => i.title.startsWith('TypeError'));
    },
    async resolveInNextRelease(issueId) {
      await client.patch(`/api/v1/issues/${issueId}`, { status: 'resolved_in_next_release' });
    },
  };
}
