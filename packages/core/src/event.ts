/**
 * The Sentry event model, as much of it as Faultline reads or writes
 * (https://develop.sentry.dev/sdk/data-model/event-payloads/ ; sentry-protocol.md §4).
 * Unknown members are allowed everywhere: SDKs send more than we model.
 */

export type Level = 'fatal' | 'error' | 'warning' | 'info' | 'debug';

/** One stack frame. Frames are listed oldest (caller) first, crashing frame last. */
export interface StackFrame {
  filename?: string;
  abs_path?: string;
  function?: string;
  module?: string;
  lineno?: number;
  colno?: number;
  in_app?: boolean;
  context_line?: string;
  pre_context?: string[];
  post_context?: string[];
  platform?: string;
  [key: string]: unknown;
}

export interface Stacktrace {
  frames: StackFrame[];
  [key: string]: unknown;
}

export interface Mechanism {
  type: string;
  handled?: boolean;
  synthetic?: boolean;
  source?: string;
  exception_id?: number;
  parent_id?: number;
  is_exception_group?: boolean;
  data?: Record<string, unknown>;
  [key: string]: unknown;
}

/** One entry of `exception.values` (oldest cause first, thrown error last). */
export interface ExceptionValue {
  type?: string;
  value?: string;
  module?: string;
  mechanism?: Mechanism;
  stacktrace?: Stacktrace;
  [key: string]: unknown;
}

export interface RequestInfo {
  method?: string;
  url?: string;
  query_string?: string | Record<string, string> | [string, string][];
  data?: unknown;
  cookies?: string | Record<string, string> | [string, string][];
  headers?: Record<string, string> | [string, string][];
  env?: Record<string, string>;
  [key: string]: unknown;
}

export interface TraceContext {
  trace_id: string;
  span_id: string;
  parent_span_id?: string;
  op?: string;
  status?: string;
  [key: string]: unknown;
}

export interface UserInfo {
  id?: string | number;
  username?: string;
  email?: string;
  ip_address?: string;
  [key: string]: unknown;
}

export interface LogEntry {
  message?: string;
  params?: unknown[];
  formatted?: string;
}

export interface SdkInfo {
  name: string;
  version: string;
  [key: string]: unknown;
}

/**
 * The `sdk.name` of events from @faultline/server's reporter. The collector's incident lookup
 * lists these first among events sharing a request id; any sender can claim the name, so it
 * orders matches and never hides one.
 * @example event.sdk?.name === FAULTLINE_SDK_NAME
 */
export const FAULTLINE_SDK_NAME = 'faultline.server';

/** An error event (`type` absent or 'event') or a transaction (`type: 'transaction'`). */
export interface SentryEvent {
  event_id?: string;
  timestamp?: number | string;
  start_timestamp?: number | string;
  type?: 'event' | 'transaction' | (string & {});
  platform?: string;
  level?: Level;
  logger?: string;
  transaction?: string;
  server_name?: string;
  release?: string;
  dist?: string;
  environment?: string;
  message?: string | LogEntry;
  logentry?: LogEntry;
  exception?: { values?: ExceptionValue[] } | ExceptionValue[];
  threads?: { values?: { stacktrace?: Stacktrace; [key: string]: unknown }[] };
  request?: RequestInfo;
  user?: UserInfo;
  tags?: Record<string, string> | [string, string][];
  extra?: Record<string, unknown>;
  contexts?: { trace?: TraceContext; [key: string]: unknown };
  fingerprint?: string[];
  sdk?: SdkInfo;
  /** The debug files of the stack's code; Faultline reads source-map images (`code_file` →
   * `debug_id`) to map frames through uploaded source maps. */
  debug_meta?: { images?: DebugImage[] };
  [key: string]: unknown;
}

/** A debug file the event's frames come from (https://develop.sentry.dev/sdk/data-model/event-payloads/debugmeta/). */
export interface DebugImage {
  type: string;
  code_file?: string;
  debug_id?: string;
  [key: string]: unknown;
}
