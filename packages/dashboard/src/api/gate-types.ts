/**
 * Canary verdicts as `GET /api/v1/gate/verdicts` lists them (the collector's api/gate-routes.ts,
 * openapi-gate.ts): only what the Releases page reads of each stored answer.
 */

export type GateVerdictKind = 'pass' | 'fail' | 'inconclusive';

/** One arm of a verdict: its release and the counts the verdict judged (`errors`: the 5xx counted). */
export interface GateArm {
  release: string;
  requests: number;
  errors: number;
  /** errors ÷ requests, 0 without requests. */
  rate: number;
  /** Left out of `errors` unless the verdict counted them (`includeDependency`). */
  dependency5xx?: number;
  overload5xx?: number;
}

/** The answer as `GET /api/v1/gate` gave it; older or partial answers may lack parts. */
export interface GateAnswer {
  verdict: GateVerdictKind;
  reason: string;
  method?: string;
  canary?: GateArm;
  baseline?: GateArm;
  window?: { since: string; until: string };
  routes?: { route: string; regressed: boolean }[];
}

export interface GateVerdictRecord {
  id: number;
  /** When it was asked for. */
  at: string;
  canary: string;
  baseline: string;
  environment: string | null;
  verdict: GateVerdictKind;
  reason: string;
  answer: GateAnswer;
}
