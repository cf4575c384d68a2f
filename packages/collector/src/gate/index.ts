/** The canary gate (issue 15): the verdict's statistics, pure. */
export type { ArmCounts, PairedMinute } from './arm-counts.js';
export {
  type ArmSummary,
  canaryVerdict,
  GATE_METHOD,
  type GateParameters,
  type GateRow,
  type GateVerdict,
  type RouteVerdict,
  type Verdict,
} from './canary-verdict.js';
export { anytimePValue, type EProcessResult, regressionEProcess } from './e-process.js';
export { holmRejects } from './holm.js';
export { type RouteMix, routeMix } from './route-mix.js';
