export { createFaultline, Faultline } from './create-faultline.js';
export type { ErrorReport } from './error-report.js';
export type { ErrorContext, ErrorResponse } from './handle-error.js';
export type { FaultlineOptions, Logger } from './options.js';
export { installProcessGuards, type ProcessGuardOptions } from './process-guards.js';
export type { CrashKind, ReporterRequest, UserHook } from './reporter/build-event.js';
export {
  type DataCategory,
  type DropMessage,
  type DropReason,
  type RateLimitMessage,
  reporterChannels,
  type SendMessage,
} from './reporter/diagnostics.js';
export type { AuthMode } from './reporter/dsn.js';
export type { BuiltEnvelope, EnvelopeBuilder, ReporterItem } from './reporter/envelope-job.js';
export type { Reporter, ReporterStats } from './reporter/reporter.js';
export type { ReporterOptions } from './reporter/reporter-options.js';
export { ReporterSendError } from './reporter/send-error.js';
export { isSafeRequestId } from './request-id.js';
export { RequestScope } from './request-scope.js';
export { type ShedState, type ShedStateMessage, shedChannels } from './shed/diagnostics.js';
export { LoadShedError } from './shed/load-shed-error.js';
export type { LoadSignals, SignalName } from './shed/pressure.js';
export type { ShedOptions } from './shed/shed-options.js';
export type { Shedder, ShedStats } from './shed/shedder.js';
