/**
 * Group commit with backpressure (ARCHITECTURE.md, "Durability promise"). Batches that arrive
 * within GROUP_COMMIT_WINDOW_MS, or while earlier commits run, go to ONE `commit` call, so one
 * store transaction (one fsync) acknowledges many requests. Up to COMMIT_PIPELINE_DEPTH commits
 * run at once: the store still writes one transaction at a time, but the next one's digest and
 * COMMIT proceed while the previous one's fsync is on the disk (with one commit at a time the
 * loop idled through every fsync: a fifth of its time at full rate). A slow store shows up as a
 * growing queue; past a bound on its length, its bytes or its latency, `enqueue` refuses with
 * 429 instead of queueing without bound.
 * Each batch's promise settles only when its commit settled: resolved = durable, rejected = 503
 * (or 400 for a batch whose own data the store refuses: a failed group is committed again in
 * halves so that no other request fails with it, bisect-commit.ts).
 */

import type { Commit, IngestBatch } from '../ingest-batch.js';
import {
  DEFAULT_STORE_RETRY_AFTER_S,
  MAX_LOGGED_ERROR_LENGTH,
  MAX_OVERLOAD_RETRY_AFTER_S,
  MIN_OVERLOAD_RETRY_AFTER_S,
} from '../limits.js';
import { contentErrorReason } from '../store/content-errors.js';
import { type BisectOutcome, bisectCommit } from './bisect-commit.js';
import { IngestRejection } from './http-errors.js';
import type { IngestOptions } from './options.js';
import { overloaded } from './rate-limit.js';

export type WriteQueueOptions = Pick<
  IngestOptions,
  | 'groupCommitWindowMs'
  | 'commitPipelineDepth'
  | 'maxBatchesPerCommit'
  | 'maxQueuedBatches'
  | 'maxQueuedBytes'
  | 'maxCommitLatencyMs'
  | 'commitTimeoutMs'
  | 'maxBisectCommits'
  | 'now'
  | 'log'
>;

/** A 503 that tells the SDK when to send again (every 503 carries Retry-After). */
function unavailable(detail: string, retryAfterS = DEFAULT_STORE_RETRY_AFTER_S): IngestRejection {
  return new IngestRejection(503, detail, { 'retry-after': String(retryAfterS) });
}

interface Entry {
  batch: IngestBatch;
  bytes: number;
  enqueuedAt: number;
  resolve: () => void;
  reject: (err: unknown) => void;
  /** Answered already (a timeout and a late commit may both try). */
  settled?: boolean;
}

function settle(e: Entry, err?: unknown): void {
  if (e.settled) return;
  e.settled = true;
  if (err === undefined) e.resolve();
  else e.reject(err);
}

/** What a refused batch held, for the log line: counts only, never its data. */
function contents(b: IngestBatch): string {
  const sessions = b.sessions.length + b.sessionAggregates.length;
  return `${b.events.length} events, ${b.transactions.length} transactions, ${sessions} session items, ${b.attachments.length} attachments`;
}

/** The error for the operator: its reason only when it is about the data (PostgreSQL quotes
 * values in those messages), else its kind and message. */
function describe(error: unknown): string {
  const reason = contentErrorReason(error);
  if (reason !== undefined) return reason;
  if (!(error instanceof Error)) return String(error).slice(0, MAX_LOGGED_ERROR_LENGTH);
  const code = (error as { code?: unknown }).code;
  const name = typeof code === 'string' ? `${error.name} ${code}` : error.name;
  return `${name}: ${error.message}`.slice(0, MAX_LOGGED_ERROR_LENGTH);
}

export class WriteQueue {
  readonly #commit: Commit;
  readonly #o: WriteQueueOptions;
  #pending: Entry[] = [];
  #pendingBytes = 0;
  /** Start times of the commits running now, oldest first. */
  #inflight: number[] = [];
  #lastCommitMs = 0;
  #timer: NodeJS.Timeout | null = null;
  #closed = false;
  /** Running commits that passed commitTimeoutMs and still have not settled. */
  #stuck = 0;
  #idle: (() => void)[] = [];

  constructor(commit: Commit, options: WriteQueueOptions) {
    this.#commit = commit;
    this.#o = options;
  }

  /** Batches waiting (not counting the running commit) and their approximate bytes. */
  get depth(): number {
    return this.#pending.length;
  }
  get bytes(): number {
    return this.#pendingBytes;
  }

  /**
   * How long the oldest unacknowledged batch (waiting or being committed) has waited, in ms.
   * @example queue.latency() // 0 when nothing waits
   */
  latency(now = this.#o.now()): number {
    return this.#latency(now);
  }

  #latency(now: number): number {
    const oldestCommit = this.#inflight[0];
    const inflight = oldestCommit === undefined ? 0 : now - oldestCommit;
    const oldest = this.#pending[0];
    return Math.max(inflight, oldest ? now - oldest.enqueuedAt : 0);
  }

  /**
   * Throws a 429 IngestRejection when one more batch of `bytes` would pass a bound. Called before
   * reading a body (cheap refusal) and again by `enqueue`.
   * @example queue.checkCapacity(0)
   */
  checkCapacity(bytes: number): void {
    const now = this.#o.now();
    const latency = this.#latency(now);
    const retryAfter = Math.min(
      MAX_OVERLOAD_RETRY_AFTER_S,
      Math.max(MIN_OVERLOAD_RETRY_AFTER_S, Math.ceil(Math.max(latency, this.#lastCommitMs) / 1000)),
    );
    if (this.#pending.length + 1 > this.#o.maxQueuedBatches)
      throw overloaded(
        retryAfter,
        `write queue holds MAX_QUEUED_BATCHES (${this.#o.maxQueuedBatches}) batches`,
      );
    if (this.#pendingBytes + bytes > this.#o.maxQueuedBytes)
      throw overloaded(retryAfter, `write queue holds MAX_QUEUED_BYTES (${this.#o.maxQueuedBytes} bytes)`);
    if (latency > this.#o.maxCommitLatencyMs)
      throw overloaded(
        retryAfter,
        `commit latency ${latency} ms is past MAX_COMMIT_LATENCY_MS (${this.#o.maxCommitLatencyMs})`,
      );
  }

  /**
   * Queues a batch; resolves once a commit including it succeeded.
   * @example await queue.enqueue(batch, body.length) // now it is durable: answer 200
   */
  enqueue(batch: IngestBatch, bytes: number): Promise<void> {
    if (this.#closed) return Promise.reject(unavailable('collector is shutting down'));
    if (this.#stuck > 0) return Promise.reject(unavailable('store is not answering'));
    this.checkCapacity(bytes);
    return new Promise<void>((resolve, reject) => {
      this.#pending.push({ batch, bytes, enqueuedAt: this.#o.now(), resolve, reject });
      this.#pendingBytes += bytes;
      this.#schedule();
    });
  }

  /**
   * Refuses new batches, commits everything queued, resolves when nothing is pending.
   * @example await queue.close()
   */
  close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#flush();
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Nothing waits for an answer: no queued batch, and no commit or only stuck (answered) ones. */
  #isIdle(): boolean {
    return this.#pending.length === 0 && this.#inflight.length === this.#stuck;
  }

  #full(): boolean {
    return this.#inflight.length >= Math.max(1, this.#o.commitPipelineDepth);
  }

  #wakeIdle(): void {
    if (this.#isIdle()) for (const done of this.#idle.splice(0)) done();
  }

  #schedule(): void {
    if (this.#full() || this.#timer) return;
    this.#timer = setTimeout(() => this.#flush(), this.#closed ? 0 : this.#o.groupCommitWindowMs);
  }

  #flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#full()) return;
    if (this.#pending.length === 0) {
      this.#wakeIdle();
      return;
    }
    const group = this.#pending.splice(0, this.#o.maxBatchesPerCommit);
    for (const e of group) this.#pendingBytes -= e.bytes;
    const startedAt = this.#o.now();
    this.#inflight.push(startedAt);
    let timedOut = false;
    // A hung store must not hang its clients: the group and everything queued behind it get 503
    // (nothing acknowledged), and new batches get 503 until the commit settles. The timeout
    // covers the group's bisect too: no part is committed after it.
    const timeout = setTimeout(() => {
      const err = unavailable(`store commit did not finish within ${this.#o.commitTimeoutMs} ms`);
      for (const e of group) settle(e, err);
      this.#stuck++;
      timedOut = true;
      for (const e of this.#pending.splice(0)) e.reject(err);
      this.#pendingBytes = 0;
      this.#wakeIdle();
    }, this.#o.commitTimeoutMs);
    let failed: { count: number; error: unknown } | undefined;
    const answer = (part: readonly Entry[], outcome: BisectOutcome) => {
      const err = this.#rejection(part, outcome);
      if (outcome.kind === 'failed')
        failed = { count: (failed?.count ?? 0) + part.length, error: failed?.error ?? outcome.error };
      for (const e of part) settle(e, err);
    };
    Promise.resolve()
      .then(() =>
        bisectCommit(group, (part) => this.#commit(part.map((e) => e.batch)), answer, {
          maxExtraCommits: this.#o.maxBisectCommits,
          stopped: () => timedOut,
        }),
      )
      .finally(() => {
        if (failed !== undefined)
          this.#o.log(
            `faultline ingest: ${failed.count} of ${group.length} batches of a group commit were not ` +
              `saved (${describe(failed.error)}); answered 503`,
          );
        clearTimeout(timeout);
        this.#lastCommitMs = this.#o.now() - startedAt;
        this.#inflight.splice(this.#inflight.indexOf(startedAt), 1);
        if (timedOut) this.#stuck--;
        // What queued during the commit has waited long enough: commit it now.
        if (this.#pending.length > 0) setImmediate(() => this.#flush());
        else this.#flush();
      });
  }

  /** The answer for a part of a group (undefined: committed); logs a batch refused for its data. */
  #rejection(part: readonly Entry[], outcome: BisectOutcome): IngestRejection | undefined {
    switch (outcome.kind) {
      case 'committed':
        return undefined;
      case 'unavailable':
        return unavailable('store unavailable: the events were not saved', outcome.error.retryAfterS);
      case 'failed':
        return unavailable('store commit failed: the events were not saved');
      case 'refused': {
        const batch = (part[0] as Entry).batch;
        this.#o.log(
          `faultline ingest: refused a batch of project ${batch.projectId} for its data ` +
            `(${outcome.reason}); answered 400, nothing of it saved (${contents(batch)})`,
        );
        return new IngestRejection(
          400,
          `the store refused this request's data (${outcome.reason}); nothing of it was saved`,
        );
      }
      default: {
        const unknown: never = outcome;
        return unknown;
      }
    }
  }
}
