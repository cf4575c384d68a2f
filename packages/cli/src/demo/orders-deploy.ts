/**
 * The demo's deploy: wait until orders' coupon crash has an issue, mark it resolved in the
 * next release through the read API (as a team that shipped a fix would), start
 * orders@1.1.0, send the storefront's traffic to it, then drain and stop orders@1.0.0. The
 * new release's first event comes after the resolution, so when it crashes the same way the
 * collector reopens the issue as a regression of orders@1.1.0.
 */

import { DEMO_DRAIN_TIMEOUT_MS, DEMO_RESOLVE_POLL_MS, DEMO_RESOLVE_WAIT_MS } from '../limits.js';
import type { CouponCrashApi, IssueRef } from './coupon-crash.js';
import type { RunningService } from './service-host.js';

/** What the deploy needs from the runner. */
export interface DeployStep {
  api: CouponCrashApi;
  /** The release going out, started only once the issue is resolved. */
  startNext(): Promise<RunningService>;
  /** Sends new traffic to `next`; returns the service it replaces. */
  switchTo(next: RunningService): RunningService;
  say(line: string): void;
  /** Aborted when the demo stops: no deploy starts after that. */
  signal: AbortSignal;
}

async function findIssue(step: DeployStep): Promise<IssueRef | undefined> {
  const until = performance.now() + DEMO_RESOLVE_WAIT_MS;
  for (;;) {
    const issue = await step.api.findCouponCrash().catch(() => undefined);
    if (issue !== undefined || performance.now() >= until || step.signal.aborted) return issue;
    await new Promise((r) => setTimeout(r, DEMO_RESOLVE_POLL_MS));
  }
}

/**
 * Resolves when the new release is live, with the old one's drain and flush (or undefined
 * when the demo stopped first).
 * @example const retiring = await resolveAndDeploy({ api, startNext, switchTo, say, signal });
 */
export async function resolveAndDeploy(step: DeployStep): Promise<Promise<unknown> | undefined> {
  const issue = await findIssue(step);
  if (step.signal.aborted) return undefined;
  if (issue === undefined) step.say("orders' coupon crash has no issue yet: deploying without resolving it");
  else {
    await step.api.resolveInNextRelease(issue.id).then(
      () => step.say(`issue #${issue.id} "${issue.title}" marked resolved in the next release`),
      (error: unknown) => step.say(`could not resolve issue #${issue.id}: ${(error as Error).message}`),
    );
  }
  const next = await step.startNext();
  const old = step.switchTo(next);
  step.say(`${next.release} deployed (it retires the WELCOME coupon); ${old.release} drains and stops`);
  return old.drain(performance.now() + DEMO_DRAIN_TIMEOUT_MS).then(() => old.flush());
}
