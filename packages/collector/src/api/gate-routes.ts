/**
 * The gate's HTTP interfaces (issue 15 §2). `GET /api/v1/gate` answers 200 whenever it computed a
 * verdict, pass, fail or inconclusive alike: Argo Rollouts' web provider reads a non-2xx answer
 * as an error of the measurement, not as a failed canary. `POST /api/v1/gate/flagger` takes
 * Flagger's webhook payload, the gate's inputs in its `metadata`, and answers in the codes a
 * Flagger hook acts on: 200 pass, 409 inconclusive (a confirm-promotion hook keeps waiting),
 * 412 fail.
 */

import { badRequest, type RouteScope } from '@faultline/core';
import type { Verdict } from '../gate/canary-verdict.js';
import { readJson, sendJson } from '../http/json.js';
import type { Router } from '../http/router.js';
import { DEFAULT_GATE_VERDICTS_LISTED, MAX_GATE_VERDICTS_LISTED } from '../limits.js';
import type { GateVerdictRecord, ProjectId, Store } from '../store/index.js';
import { gateRequest, type ParamSource } from './gate-params.js';
import { type GateAnswer, gateAnswer } from './gate-view.js';
import { jsonRoute } from './json-route.js';
import { filterText, pageSize, positiveInt } from './query-params.js';

const FLAGGER_STATUS: Record<Verdict, number> = { pass: 200, inconclusive: 409, fail: 412 };

const fromQuery =
  (q: URLSearchParams): ParamSource =>
  (name) => {
    const v = q.get(name);
    return v === null || v === '' ? undefined : v;
  };

/** Flagger sends `metadata` as string values; numbers are accepted too. */
function fromMetadata(body: unknown): ParamSource {
  const metadata =
    body !== null && typeof body === 'object' && !Array.isArray(body)
      ? (body as Record<string, unknown>).metadata
      : undefined;
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata))
    throw badRequest('the Flagger payload needs a metadata object with project, canary and baseline');
  const m = metadata as Record<string, unknown>;
  return (name) => {
    const v = m[name];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    if (typeof v !== 'string') throw badRequest(`metadata.${name} must be a string`);
    return v;
  };
}

/**
 * @example gateRoutes(router, store)
 */
export function gateRoutes(router: Router<RouteScope>, store: Store): void {
  /** The verdict, stored as it is answered (the release page lists them). */
  const judged = async (get: ParamSource): Promise<GateAnswer> => {
    const request = gateRequest(get);
    const now = Date.now();
    const answer = await gateAnswer(store, request, now);
    await store.recordGateVerdict({
      projectId: request.projectId,
      at: now,
      canary: request.canary,
      baseline: request.baseline,
      environment: request.environment ?? null,
      verdict: answer.verdict,
      reason: answer.reason,
      answer,
    });
    return answer;
  };
  router.on(
    'GET',
    '/api/v1/gate',
    'project:read',
    jsonRoute(200, async (_p, url) => judged(fromQuery(url.searchParams))),
  );
  router.on('POST', '/api/v1/gate/flagger', 'project:read', async (req, res) => {
    const answer = await judged(fromMetadata(await readJson(req)));
    sendJson(res, FLAGGER_STATUS[answer.verdict], answer);
  });
  router.on(
    'GET',
    '/api/v1/gate/verdicts',
    'project:read',
    jsonRoute(200, async (_p, url) => {
      const q = url.searchParams;
      const release = filterText(q, 'release');
      const items = await store.listGateVerdicts({
        projectId: positiveInt(q.get('project') ?? undefined, 'project') as ProjectId,
        limit: pageSize(q, MAX_GATE_VERDICTS_LISTED, DEFAULT_GATE_VERDICTS_LISTED),
        ...(release === undefined ? {} : { release }),
      });
      return { items: items.map(presentGateVerdict) };
    }),
  );
}

/**
 * @example presentGateVerdict(record) // { id, at: '2026-…Z', canary, baseline, verdict, … }
 */
export function presentGateVerdict(v: GateVerdictRecord) {
  return {
    id: v.id,
    at: new Date(v.at).toISOString(),
    canary: v.canary,
    baseline: v.baseline,
    environment: v.environment,
    verdict: v.verdict,
    reason: v.reason,
    answer: v.answer,
  };
}
