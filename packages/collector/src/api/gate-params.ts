/**
 * The gate's inputs (issue 15 §1) from a query string or a Flagger webhook's metadata: every
 * value checked, a 400 naming the field otherwise.
 */

import { badRequest } from '@faultline/core';
import {
  GATE_DEFAULT_ALPHA,
  GATE_DEFAULT_MIN_REQUESTS,
  GATE_MAX_ALPHA,
  GATE_MAX_MARGIN,
  GATE_MIN_ALPHA,
  MAX_RELEASE_LENGTH,
} from '../limits.js';
import type { ProjectId } from '../store/index.js';
import { positiveInt } from './query-params.js';

export interface GateRequest {
  projectId: ProjectId;
  canary: string;
  baseline: string;
  environment?: string;
  /** The raw `since` (a duration such as `30m`, an ISO date or epoch ms), when given. */
  since?: string;
  alpha: number;
  minRequests: number;
  margin: number;
}

/** A value by name; undefined when absent or empty. */
export type ParamSource = (name: string) => string | undefined;

function release(get: ParamSource, name: string): string {
  const v = get(name);
  if (v === undefined) throw badRequest(`${name} is required: the ${name} release`);
  if (v.length > MAX_RELEASE_LENGTH)
    throw badRequest(`${name} must be at most ${MAX_RELEASE_LENGTH} characters`);
  return v;
}

function decimal(get: ParamSource, name: string, fallback: number, min: number, max: number): number {
  const raw = get(name);
  if (raw === undefined) return fallback;
  const n = /^\d{0,6}(\.\d{1,12})?(e-\d{1,2})?$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isFinite(n) || n < min || n > max)
    throw badRequest(`${name} must be a number from ${min} to ${max}`);
  return n;
}

/**
 * @example gateRequest((n) => new URLSearchParams('project=1&canary=v2&baseline=v1').get(n) ?? undefined)
 */
export function gateRequest(get: ParamSource): GateRequest {
  const projectId = positiveInt(get('project'), 'project') as ProjectId;
  const canary = release(get, 'canary');
  const baseline = release(get, 'baseline');
  if (canary === baseline) throw badRequest('canary and baseline must be different releases');
  const environment = get('environment');
  if (environment !== undefined && environment.length > MAX_RELEASE_LENGTH)
    throw badRequest(`environment must be at most ${MAX_RELEASE_LENGTH} characters`);
  const since = get('since');
  const minRaw = get('minRequests');
  return {
    projectId,
    canary,
    baseline,
    ...(environment === undefined ? {} : { environment }),
    ...(since === undefined ? {} : { since }),
    alpha: decimal(get, 'alpha', GATE_DEFAULT_ALPHA, GATE_MIN_ALPHA, GATE_MAX_ALPHA),
    minRequests: minRaw === undefined ? GATE_DEFAULT_MIN_REQUESTS : positiveInt(minRaw, 'minRequests'),
    margin: decimal(get, 'margin', 0, 0, GATE_MAX_MARGIN),
  };
}
