/**
 * Store failures as episodes, so an outage is visible without flooding the log: the first failed
 * call logs one line with its kind and cause, the ones after it are only counted, and the first
 * call that succeeds afterwards logs one recovery line with the episode's length and count.
 *
 * Reads and writes are two lanes with an episode each: a full disk fails every commit while
 * reads go on answering, and one lane's successes must not end (and restart, and log again)
 * the other's episode. Only a call that STARTED after the episode's last failure ends it: a
 * call that was already running when the store went away proves nothing about the store now
 * (with pipelined commits, the one before a failed commit may finish after it).
 * Time is a parameter (house style 3); the tracker owns no timers.
 */

import type { StoreFailureKind } from './store-failure.js';
import { causeLine, storeFailureKind } from './store-failure.js';

/** Reads (the read API, key lookups, /health's probe) or writes (commits, retention, changes). */
export type StoreLane = 'read' | 'write';

interface Episode {
  /** When the first failure happened, and the last. */
  since: number;
  lastFailureAt: number;
  failures: number;
  /** The kind of the latest failure: what the store suffers from now. */
  kind: StoreFailureKind;
  byKind: Map<StoreFailureKind, number>;
}

type LaneState = { status: 'ok' } | { status: 'failing'; episode: Episode };

/** A lane in an episode, as /health and /metrics show it. */
export interface StoreProblem {
  lane: StoreLane;
  kind: StoreFailureKind;
  /** Epoch ms of the episode's first failure. */
  since: number;
  failures: number;
}

export interface StoreHealthOptions {
  /** Where the episode lines go (CollectorOptions.log). */
  log: (message: string, error?: unknown) => void;
  /** Every failure, e.g. to count it by kind. */
  onFailure?: (kind: StoreFailureKind, lane: StoreLane) => void;
  now?: () => number;
}

const PLURAL: Record<StoreLane, string> = { read: 'reads', write: 'writes' };

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * @example
 * const health = new StoreHealth({ log: console.error });
 * const startedAt = Date.now();
 * store.listProjects().then(() => health.succeeded('read', startedAt), (e) => health.failed('read', 'listProjects', e));
 */
export class StoreHealth {
  readonly #log: StoreHealthOptions['log'];
  readonly #onFailure: StoreHealthOptions['onFailure'];
  readonly #now: () => number;
  readonly #lanes: Record<StoreLane, LaneState> = { read: { status: 'ok' }, write: { status: 'ok' } };
  readonly #settledAt: Record<StoreLane, number | undefined> = { read: undefined, write: undefined };
  /** Errors counted as store failures, so the read API answers them 503 rather than 500. */
  readonly #failures = new WeakSet<object>();

  constructor(options: StoreHealthOptions) {
    this.#log = options.log;
    this.#onFailure = options.onFailure;
    this.#now = options.now ?? Date.now;
  }

  /** The clock the tracker compares start times with; callers take `startedAt` from it. */
  now(): number {
    return this.#now();
  }

  /** A call on `lane`, started at `startedAt` (from `now()`), succeeded. */
  succeeded(lane: StoreLane, startedAt: number): void {
    const now = this.#now();
    this.#settledAt[lane] = now;
    const state = this.#lanes[lane];
    if (state.status === 'ok' || startedAt <= state.episode.lastFailureAt) return;
    const { episode } = state;
    this.#lanes[lane] = { status: 'ok' };
    const kinds = [...episode.byKind].map(([kind, n]) => `${kind} ${n}`).join(', ');
    this.#log(
      `store ${PLURAL[lane]} recovered after ${seconds(now - episode.since)}: ${episode.failures} failed calls (${kinds})`,
    );
  }

  /**
   * A call on `lane` failed. Returns the failure's kind, or undefined when the error is about the
   * caller's input and says nothing about the store (then nothing is recorded).
   * @param inputless the call takes no caller input (see storeFailureKind): every error counts
   */
  failed(
    lane: StoreLane,
    operation: string,
    error: unknown,
    inputless = false,
  ): StoreFailureKind | undefined {
    const kind = storeFailureKind(error, inputless);
    if (kind === undefined) return undefined;
    const now = this.#now();
    this.#settledAt[lane] = now;
    if (typeof error === 'object' && error !== null) this.#failures.add(error);
    this.#onFailure?.(kind, lane);
    const state = this.#lanes[lane];
    if (state.status === 'failing') {
      const { episode } = state;
      episode.failures++;
      episode.lastFailureAt = now;
      episode.kind = kind;
      episode.byKind.set(kind, (episode.byKind.get(kind) ?? 0) + 1);
      return kind;
    }
    this.#lanes[lane] = {
      status: 'failing',
      episode: { since: now, lastFailureAt: now, failures: 1, kind, byKind: new Map([[kind, 1]]) },
    };
    // Unexplained failures may be bugs: their stack goes with the line.
    this.#log(
      `store ${PLURAL[lane]} failing (${kind}) from ${operation}: ${causeLine(error)}; further failures are counted (faultline_store_errors_total), not logged, until the store answers again`,
      kind === 'unknown' ? error : undefined,
    );
    return kind;
  }

  /** True for an error this tracker counted as a store failure. */
  isFailure(error: unknown): boolean {
    return typeof error === 'object' && error !== null && this.#failures.has(error);
  }

  /** When a call on `lane` last settled (`now()` time), or undefined before the first. */
  lastSettledAt(lane: StoreLane): number | undefined {
    return this.#settledAt[lane];
  }

  /** The lanes in an episode now; empty when the store answers. */
  problems(): StoreProblem[] {
    const out: StoreProblem[] = [];
    for (const lane of ['read', 'write'] as const) {
      const state = this.#lanes[lane];
      if (state.status === 'failing') {
        const { kind, since, failures } = state.episode;
        out.push({ lane, kind, since, failures });
      }
    }
    return out;
  }
}
