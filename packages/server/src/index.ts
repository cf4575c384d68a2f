export { createFaultline, Faultline } from './create-faultline.js';
export type { ErrorReport } from './error-report.js';
export type { ErrorContext, ErrorResponse } from './handle-error.js';
export type { FaultlineOptions, Logger } from './options.js';
export { installProcessGuards, type ProcessGuardOptions } from './process-guards.js';
export { isSafeRequestId } from './request-id.js';
export { RequestScope } from './request-scope.js';
