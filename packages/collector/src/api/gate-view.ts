/**
 * One gate verdict from the store (issue 15 §2): the window (default: since the canary's first
 * request), the two releases' counts, the verdict, and the JSON every interface answers with
 * (the HTTP endpoint, the Flagger webhook, `faultline gate --json`).
 */

import { badRequest } from '@faultline/core';
import { canaryVerdict, type GateRow, type GateVerdict } from '../gate/canary-verdict.js';
import { GATE_MAX_ROWS, GATE_MAX_WINDOW_MS } from '../limits.js';
import type { Store } from '../store/index.js';
import type { GateRequest } from './gate-params.js';
import { instant } from './time-range.js';

export interface GateAnswer extends Omit<GateVerdict, 'canary' | 'baseline' | 'parameters'> {
  project: number;
  environment: string | null;
  window: { since: string; until: string };
  alpha: number;
  minRequests: number;
  margin: number;
  canary: GateVerdict['canary'] & { release: string };
  baseline: GateVerdict['baseline'] & { release: string };
}

/**
 * @example const answer = await gateAnswer(store, gateRequest(get), Date.now()); answer.verdict
 */
export async function gateAnswer(store: Store, request: GateRequest, now: number): Promise<GateAnswer> {
  const { projectId, canary, baseline, environment, alpha, minRequests, margin } = request;
  let from: number;
  if (request.since !== undefined) {
    from = instant(request.since, 'since', now);
    if (now - from > GATE_MAX_WINDOW_MS)
      throw badRequest(`since may reach back at most ${GATE_MAX_WINDOW_MS / 86_400_000} days`);
  } else {
    // The canary's first request, not older than the longest window (a long-lived canary is
    // judged on its last week).
    const first = await store.firstRequestAt(projectId, canary, environment);
    from = Math.max(first ?? now, now - GATE_MAX_WINDOW_MS);
  }
  const counts = await store.gateCounts({
    projectId,
    canary,
    baseline,
    from,
    to: now + 1,
    limit: GATE_MAX_ROWS + 1,
    ...(environment === undefined ? {} : { environment }),
  });
  if (counts.length > GATE_MAX_ROWS)
    throw badRequest(`the window holds more than ${GATE_MAX_ROWS} counts: ask for a shorter since`);
  const rows: GateRow[] = counts.map((c) => ({
    minute: c.minute,
    route: c.route,
    arm: c.release === canary ? 'canary' : 'baseline',
    requests: c.requests,
    errors: c.errors5xx,
  }));
  const v = canaryVerdict(rows, { alpha, minRequests, margin });
  const { parameters: _parameters, ...rest } = v;
  const reason =
    v.canary.requests === 0 && v.verdict === 'inconclusive'
      ? `the canary release ${canary} has served no request${environment === undefined ? '' : ` in ${environment}`} in the window yet`
      : v.reason;
  return {
    ...rest,
    reason,
    project: projectId,
    environment: environment ?? null,
    window: { since: new Date(from).toISOString(), until: new Date(now).toISOString() },
    alpha,
    minRequests,
    margin,
    canary: { release: canary, ...v.canary },
    baseline: { release: baseline, ...v.baseline },
  };
}
