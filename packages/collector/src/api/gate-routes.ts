/**
 * The gate's HTTP interfaces (issue 15 §2). `GET /api/v1/gate` answers 200 whenever it computed a
 * verdict, pass, fail or inconclusive alike: Argo Rollouts' web provider reads a non-2xx answer
 * as an error of the measurement, not as a failed canary. `POST /api/v1/gate/flagger` takes
 * Flagger's webhook payload, the gate's inputs in its `metadata`, and answers in the codes a
 * Flagger hook acts on: 200 pass, 409 inconclusive (a confirm-promotion hook keeps waiting),
 * 412 fail.
 */

import { badRequest } from '@faultline/core';
import type { Verdict } from '../gate/canary-verdict.js';
import { readJson, sendJson } from '../http/json.js';
import type { Router } from '../http/router.js';
import type { Store } from '../store/index.js';
import { gateRequest, type ParamSource } from './gate-params.js';
import { gateAnswer } from './gate-view.js';
import { jsonRoute } from './json-route.js';

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
export function gateRoutes(router: Router, store: Store): void {
  router.on(
    'GET',
    '/api/v1/gate',
    jsonRoute(200, async (_p, url) =>
      gateAnswer(store, gateRequest(fromQuery(url.searchParams)), Date.now()),
    ),
  );
  router.on('POST', '/api/v1/gate/flagger', async (req, res) => {
    const answer = await gateAnswer(store, gateRequest(fromMetadata(await readJson(req))), Date.now());
    sendJson(res, FLAGGER_STATUS[answer.verdict], answer);
  });
}
