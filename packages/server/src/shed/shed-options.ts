/**
 * The `shed` option: which signals count as overload, from what value, and how refused
 * callers are told to come back. Validated once, at createFaultline; a bad value is a
 * ConfigError that names the option.
 */

import { getHeapStatistics } from 'node:v8';
import { ConfigError } from '@faultline/core';
import {
  SHED_EXEMPT_PATHS,
  SHED_MAX_EVENT_LOOP_DELAY_MS,
  SHED_MAX_EXEMPT_PATH_LENGTH,
  SHED_MAX_EXEMPT_PATHS,
  SHED_MAX_HEAP_USED_RATIO,
  SHED_MAX_RETRY_AFTER_SECONDS,
  SHED_MAX_SAMPLE_INTERVAL_MS,
  SHED_MIN_SAMPLE_INTERVAL_MS,
  SHED_RETRY_AFTER_MAX_SECONDS,
  SHED_RETRY_AFTER_MIN_SECONDS,
  SHED_SAMPLE_INTERVAL_MS,
} from '../limits.js';

export interface ShedOptions {
  /**
   * Event-loop delay (ms, smoothed) from which requests are shed: a share that grows from 0
   * at this value to all of them at twice it. Also the longest one loop turn may spend taking
   * in requests while the loop is busy: later requests of that turn are refused. `false`
   * ignores the delay (and turns). Default 10.
   */
  maxEventLoopDelayMs?: number | false;
  /**
   * Event-loop utilization (0–1, smoothed) from which requests are shed, growing to all of
   * them at 1. `false` (the default) ignores it: a loop that is busy all the time but keeps
   * up is the state to run in, and the delay already rises once it stops keeping up.
   */
  maxEventLoopUtilization?: number | false;
  /**
   * V8 heap in use (bytes) from which requests are shed, growing to all of them at twice
   * this or at V8's heap limit, whichever comes first. `false` ignores the heap.
   * Default: 90 % of the heap limit (`v8.getHeapStatistics().heap_size_limit`).
   */
  maxHeapUsedBytes?: number | false;
  /** Paths (without query) never shed. Default /health, /healthz, /ready, /readyz, /live, /livez. */
  exemptPaths?: readonly string[];
  /** Retry-After of a refused request is a whole number of seconds drawn from [min, max]. Default 2. */
  retryAfterMinSeconds?: number;
  /** Default 8. */
  retryAfterMaxSeconds?: number;
  /** How often the signals are read, ms (10–1000). Default 20. */
  sampleIntervalMs?: number;
}

export interface ResolvedShedOptions {
  maxEventLoopDelayMs: number | undefined;
  maxEventLoopUtilization: number | undefined;
  maxHeapUsedBytes: number | undefined;
  /** V8's heap limit: the heap signal is full there at the latest. */
  heapLimitBytes: number;
  exemptPaths: ReadonlySet<string>;
  retryAfterMinSeconds: number;
  retryAfterMaxSeconds: number;
  sampleIntervalMs: number;
}

const KNOWN = new Set([
  'maxEventLoopDelayMs',
  'maxEventLoopUtilization',
  'maxHeapUsedBytes',
  'exemptPaths',
  'retryAfterMinSeconds',
  'retryAfterMaxSeconds',
  'sampleIntervalMs',
]);

function positive(name: string, value: unknown, fallback: number | undefined): number | undefined {
  if (value === undefined) return fallback;
  if (value === false) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ConfigError(`shed.${name} must be a positive number or false`);
  }
  return value;
}

function utilization(value: unknown): number | undefined {
  if (value === undefined || value === false) return undefined;
  if (typeof value !== 'number' || !(value > 0 && value < 1)) {
    throw new ConfigError(
      'shed.maxEventLoopUtilization must be a number between 0 and 1 (exclusive) or false',
    );
  }
  return value;
}

function integer(name: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`shed.${name} must be a whole number from ${min} to ${max}`);
  }
  return value;
}

function exemptPaths(value: unknown): ReadonlySet<string> {
  if (value === undefined) return new Set(SHED_EXEMPT_PATHS);
  if (!Array.isArray(value) || value.length > SHED_MAX_EXEMPT_PATHS) {
    throw new ConfigError(`shed.exemptPaths must be an array of at most ${SHED_MAX_EXEMPT_PATHS} paths`);
  }
  for (const path of value) {
    if (
      typeof path !== 'string' ||
      !path.startsWith('/') ||
      path.length > SHED_MAX_EXEMPT_PATH_LENGTH ||
      path.includes('?')
    ) {
      throw new ConfigError(
        `shed.exemptPaths: each path starts with '/', has no query and at most ${SHED_MAX_EXEMPT_PATH_LENGTH} characters`,
      );
    }
  }
  return new Set(value as string[]);
}

/**
 * `true` means the defaults; an object overrides them. Throws ConfigError on a bad value,
 * an unknown key (under-pressure's `maxEventLoopDelay` is not ours) or no signal at all.
 */
export function resolveShedOptions(
  input: true | ShedOptions,
  heapLimitBytes = getHeapStatistics().heap_size_limit,
): ResolvedShedOptions {
  const options: ShedOptions = input === true ? {} : input;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ConfigError('shed must be true, false or an object of options');
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key))
      throw new ConfigError(`shed.${key} is not an option (known: ${[...KNOWN].join(', ')})`);
  }
  const resolved: ResolvedShedOptions = {
    maxEventLoopDelayMs: positive(
      'maxEventLoopDelayMs',
      options.maxEventLoopDelayMs,
      SHED_MAX_EVENT_LOOP_DELAY_MS,
    ),
    maxEventLoopUtilization: utilization(options.maxEventLoopUtilization),
    maxHeapUsedBytes: positive(
      'maxHeapUsedBytes',
      options.maxHeapUsedBytes,
      Math.floor(heapLimitBytes * SHED_MAX_HEAP_USED_RATIO),
    ),
    heapLimitBytes,
    exemptPaths: exemptPaths(options.exemptPaths),
    retryAfterMinSeconds: integer(
      'retryAfterMinSeconds',
      options.retryAfterMinSeconds,
      SHED_RETRY_AFTER_MIN_SECONDS,
      1,
      SHED_MAX_RETRY_AFTER_SECONDS,
    ),
    retryAfterMaxSeconds: integer(
      'retryAfterMaxSeconds',
      options.retryAfterMaxSeconds,
      SHED_RETRY_AFTER_MAX_SECONDS,
      1,
      SHED_MAX_RETRY_AFTER_SECONDS,
    ),
    sampleIntervalMs: integer(
      'sampleIntervalMs',
      options.sampleIntervalMs,
      SHED_SAMPLE_INTERVAL_MS,
      SHED_MIN_SAMPLE_INTERVAL_MS,
      SHED_MAX_SAMPLE_INTERVAL_MS,
    ),
  };
  if (resolved.retryAfterMinSeconds > resolved.retryAfterMaxSeconds) {
    throw new ConfigError('shed.retryAfterMinSeconds must not be larger than shed.retryAfterMaxSeconds');
  }
  if (
    resolved.maxEventLoopDelayMs === undefined &&
    resolved.maxEventLoopUtilization === undefined &&
    resolved.maxHeapUsedBytes === undefined
  ) {
    throw new ConfigError('shed: every signal is off; set one threshold or leave shed unset');
  }
  return resolved;
}
