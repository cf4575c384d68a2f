import type { Classification, ProblemDetails } from '@faultline/core';

/** Everything known about one handled error; given to `onError` and, later, the reporter. */
export interface ErrorReport {
  error: unknown;
  classification: Classification;
  problem: ProblemDetails;
  requestId: string;
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  method: string;
  /** The route template (e.g. '/users/:id'), when the framework matched one. */
  route: string | undefined;
  /** The URL with secrets scrubbed. */
  url: string;
  status: number;
  durationMs: number;
  framework: string;
  /** True when the response had already started: the caller got a cut-off response. */
  afterHeadersSent: boolean;
}
