/**
 * The reporter: handled 5xx (and uncaught errors) → Sentry envelopes → the DSN's server.
 *
 * The request path only calls `captureReport`, which is O(1) and cannot throw: a rate-limit
 * lookup, a bounded queue offer and a setImmediate. Everything else (building the event,
 * reading source files, redacting, serializing, gzip, the HTTP request) runs later, a
 * bounded number at a time. A server that is down or slow costs the bounded queue and a few
 * sockets; every drop is counted, published on `faultline:reporter:drop` and reported to the
 * server in a later `client_report`.
 * Shaped like Sentry's `createTransport` (https://develop.sentry.dev/sdk/expected-features/#http-transport),
 * with rate limits (…/rate-limiting/) and client reports (…/client-reports/).
 */

import {
  CLIENT_REPORT_ITEM_TYPE,
  generateEventId,
  type SampledOccurrence,
  serializeEnvelope,
} from '@faultline/core';
import type { ErrorReport } from '../error-report.js';
import { errorSiteKey } from '../error-site.js';
import { buildCrashEvent, buildRequestEvent, type CrashKind, type EventEnv } from './build-event.js';
import type { DataCategory, DropReason } from './diagnostics.js';
import { publish, reporterChannels } from './diagnostics.js';
import { Discards } from './discards.js';
import { type EnvelopeTarget, envelopeTarget } from './dsn.js';
import type { BuiltEnvelope, EnvelopeBuilder, ReporterItem } from './envelope-job.js';
import { eventEnvelope } from './event-envelope.js';
import { type SendResult, sendEnvelope } from './http-send.js';
import {
  isRateLimited,
  limitedUntil,
  NO_RATE_LIMITS,
  type RateLimits,
  updateRateLimits,
} from './rate-limits.js';
import type { ResolvedReporterOptions } from './reporter-options.js';
import { SampledPending, sampledEnvelope } from './sampled-pending.js';
import { SDK_INFO } from './sdk-info.js';
import { ReporterSendError } from './send-error.js';
import { SendQueue } from './send-queue.js';
import { StormSampler } from './storm-sampler.js';

/** What `faultline.reporter.stats()` returns. */
export interface ReporterStats {
  /** Envelopes waiting for a slot. */
  queued: number;
  inFlight: number;
  /** Items the server accepted (2xx). */
  sent: number;
  /** Items dropped since start, by reason. */
  dropped: Partial<Record<DropReason, number>>;
  /** Epoch ms until which errors are not sent (0: not limited). */
  errorsLimitedUntil: number;
}

export interface ReporterConfig {
  dsn: string;
  env: EventEnv;
  reportClientErrors: boolean;
  options: ResolvedReporterOptions;
}

/**
 * One per Faultline instance with a DSN (`faultline.reporter`); the adapters and process
 * guards feed it, applications read `stats()` and may queue their own envelopes.
 * @example
 * const faultline = createFaultline({ dsn: process.env.FAULTLINE_DSN });
 * faultline.reporter?.stats(); // { queued: 0, inFlight: 0, sent: 0, dropped: {}, errorsLimitedUntil: 0 }
 */
export class Reporter {
  readonly #target: EnvelopeTarget;
  readonly #env: EventEnv;
  readonly #options: ResolvedReporterOptions;
  readonly #reportClientErrors: boolean;
  readonly #queue: SendQueue;
  readonly #discards = new Discards();
  readonly #abort = new AbortController();
  #limits: RateLimits = NO_RATE_LIMITS;
  #sent = 0;
  #closed = false;
  #reportTimer: NodeJS.Timeout | undefined;
  readonly #sampler = new StormSampler();
  readonly #sampled = new SampledPending((list) => this.#sendSampled(list));
  /** Full events queued or in flight, by id, settled once sent (or dropped): a sampled list
   * naming one waits for it, so the collector knows the event it counts the occurrence on. */
  readonly #delivering = new Map<string, Promise<void>>();

  constructor(config: ReporterConfig) {
    this.#options = config.options;
    this.#env = config.env;
    this.#reportClientErrors = config.reportClientErrors;
    this.#target = envelopeTarget(config.dsn, `${SDK_INFO.name}/${SDK_INFO.version}`, config.options.auth);
    this.#queue = new SendQueue(config.options.queueSize, config.options.maxInFlight);
  }

  /**
   * Queues the event for a handled error (5xx; 4xx only with `reportClientErrors`). O(1),
   * never throws; false when it was not queued (filtered, sampled, or dropped and counted).
   * Under a storm of one error site, only the site's token bucket's worth is built and sent in
   * full; the others are counted (`sample_rate`) and listed as like the last full one.
   */
  captureReport(r: ErrorReport, scope: { readonly request?: object | undefined }): boolean {
    if (r.status < 500 && !r.afterHeadersSent && !this.#reportClientErrors) return false;
    // The request object the adapter saw, for headers and the user hook (read after the response).
    const request = scope.request;
    const capturedAt = Date.now();
    const site = this.#options.sampleStorms ? errorSiteKey(r) : undefined;
    if (site !== undefined) {
      const decision = this.#sampler.take(site, capturedAt);
      if (!decision.full && decision.like !== undefined) return this.#sample(r, capturedAt, decision.like);
    }
    const eventId = generateEventId();
    const build = async () =>
      eventEnvelope(
        await buildRequestEvent(this.#env, r, request, capturedAt, eventId),
        this.#target.publicKey,
      );
    // Unsampled, nothing will wait for the event: no need to follow its delivery.
    if (site === undefined) return this.enqueue('error', build);
    const queued = this.#enqueueEvent(eventId, build);
    if (queued) this.#sampler.represent(site, eventId);
    else this.#sampler.refund(site);
    return queued;
  }

  /** Queues the event for an uncaught exception or unhandled rejection (never sampled). */
  captureCrash(error: unknown, kind: CrashKind): boolean {
    const capturedAt = Date.now();
    const eventId = generateEventId();
    return this.enqueue('error', async () =>
      eventEnvelope(
        await buildCrashEvent(this.#env, error, kind, capturedAt, eventId),
        this.#target.publicKey,
      ),
    );
  }

  /**
   * Queues any envelope (the extension point for `sessions` and per-route counts). The
   * queue refuses before `build` runs: when closed, rate-limited or full, it is counted and
   * never called.
   */
  enqueue(category: DataCategory, build: EnvelopeBuilder): boolean {
    return this.#offer(category, build);
  }

  #offer(category: DataCategory, build: EnvelopeBuilder, settled?: () => void): boolean {
    try {
      const job =
        settled === undefined
          ? () => this.#run(category, build)
          : () => this.#run(category, build).finally(settled);
      const refused: DropReason | undefined = this.#closed
        ? 'closed'
        : isRateLimited(this.#limits, category, Date.now())
          ? 'ratelimit_backoff'
          : this.#queue.offer(job, category)
            ? undefined
            : 'queue_overflow';
      if (refused === undefined) return true;
      this.#drop(refused, category);
      return false;
    } catch {
      return false;
    }
  }

  /**
   * Waits until everything queued was sent (true) or `timeoutMs` passed (false); then sends
   * the drops not reported yet as a client report of their own, within the same deadline.
   */
  async flush(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    this.#sampled.flush();
    if (!(await this.#queue.drained(timeoutMs))) return false;
    if (this.#closed || !this.#discards.hasPending) return true;
    this.#queueClientReport();
    return this.#queue.drained(Math.max(0, deadline - Date.now()));
  }

  /**
   * Flushes, then stops: later captures are dropped (`closed`); past the deadline, requests
   * in flight are aborted and envelopes still queued are dropped (`closed`).
   */
  async close(timeoutMs: number): Promise<boolean> {
    if (this.#closed) return this.#queue.drained(0);
    const ok = await this.flush(timeoutMs);
    this.#closed = true;
    clearTimeout(this.#reportTimer);
    if (!ok) {
      // A queued client-report job is no data of its own; its counts stay in the ledger.
      for (const category of this.#queue.clear()) if (category !== 'internal') this.#drop('closed', category);
      this.#abort.abort(new ReporterSendError('reporter closed before the request finished'));
    }
    return ok;
  }

  stats(): ReporterStats {
    return {
      queued: this.#queue.waiting,
      inFlight: this.#queue.running,
      sent: this.#sent,
      dropped: { ...this.#discards.totals },
      errorsLimitedUntil: limitedUntil(this.#limits, 'error', Date.now()),
    };
  }

  /** A full event, remembered as being delivered until its job settles. */
  #enqueueEvent(eventId: string, build: EnvelopeBuilder): boolean {
    let settle = () => {};
    const delivered = new Promise<void>((resolve) => {
      settle = resolve;
    });
    const queued = this.#offer('error', build, () => {
      this.#delivering.delete(eventId);
      settle();
    });
    if (queued) this.#delivering.set(eventId, delivered);
    return queued;
  }

  /** An occurrence not built: counted for the client report and listed for `faultline_sampled`. */
  #sample(r: ErrorReport, capturedAt: number, like: string): boolean {
    if (this.#closed) {
      this.#drop('closed', 'error');
      return false;
    }
    this.#drop('sample_rate', 'error');
    const occurrence: SampledOccurrence = {
      requestId: r.requestId,
      method: r.method,
      route: r.route ?? null,
      status: r.status,
      timestamp: capturedAt / 1000,
      like,
    };
    if (r.traceId !== '') occurrence.traceId = r.traceId;
    this.#sampled.add(occurrence);
    return false;
  }

  #sendSampled(list: SampledOccurrence[]): void {
    const waits = [...new Set(list.map((o) => o.like))].map((id) => this.#delivering.get(id));
    this.enqueue('error', async () => {
      await Promise.all(waits);
      return sampledEnvelope(list);
    });
  }

  #drop(
    reason: DropReason,
    category: DataCategory,
    quantity = 1,
    detail?: { eventId?: string; error?: unknown },
  ) {
    this.#discards.add(reason, category, quantity, detail);
    if (this.#reportTimer === undefined && this.#discards.hasPending && !this.#closed) {
      this.#reportTimer = setTimeout(() => {
        this.#reportTimer = undefined;
        if (this.#discards.hasPending && !this.#closed) this.#queueClientReport();
      }, this.#options.clientReportIntervalMs).unref();
    }
  }

  #queueClientReport(): void {
    this.#queue.offer(() => this.#deliver({ header: {}, items: [] }), 'internal');
  }

  async #run(category: DataCategory, build: EnvelopeBuilder): Promise<void> {
    let built: BuiltEnvelope;
    try {
      built = await build();
    } catch (error) {
      this.#drop('internal_sdk_error', category, 1, { error });
      return;
    }
    const now = Date.now();
    const items: ReporterItem[] = [];
    for (const item of built.items) {
      // Limits may have arrived since this was queued.
      if (isRateLimited(this.#limits, item.category, now))
        this.#drop('ratelimit_backoff', item.category, 1, { eventId: built.eventId });
      else items.push(item);
    }
    await this.#deliver({ ...built, items });
  }

  async #deliver(built: BuiltEnvelope): Promise<void> {
    const report = this.#discards.take(Date.now());
    if (built.items.length === 0 && !report) return;
    const items = report
      ? [
          ...built.items,
          { category: 'internal', type: CLIENT_REPORT_ITEM_TYPE, payload: report } as ReporterItem,
        ]
      : built.items;
    const detail = { eventId: built.eventId };
    let result: SendResult;
    const started = performance.now();
    try {
      const bytes = serializeEnvelope({
        header: { ...built.header, sent_at: new Date().toISOString() },
        items: items.map((i) => ({ header: { ...i.header, type: i.type }, payload: i.payload })),
      });
      result = await sendEnvelope(this.#target, bytes, {
        timeoutMs: this.#options.timeoutMs,
        gzipMinBytes: this.#options.gzipMinBytes,
        signal: this.#abort.signal,
      });
    } catch (error) {
      if (report) this.#discards.restore(report);
      for (const item of built.items)
        this.#drop('internal_sdk_error', item.category, 1, { ...detail, error });
      return;
    }
    if (result.limits) this.#updateLimits(result.limits);
    const { outcome } = result;
    const keepReport = outcome.kind !== 'sent' && (outcome.kind !== 'rejected' || outcome.status >= 500);
    if (report && keepReport) this.#discards.restore(report);
    for (const item of built.items) {
      switch (outcome.kind) {
        case 'sent':
          this.#sent++;
          break;
        case 'rate_limited':
          this.#drop('rate_limited', item.category, 1, detail);
          break;
        case 'rejected': {
          const error = new ReporterSendError(`the server answered ${outcome.status}`, {
            status: outcome.status,
          });
          this.#drop('send_error', item.category, 1, { ...detail, error });
          break;
        }
        case 'network_error': {
          const error = new ReporterSendError('the request failed', { cause: outcome.error });
          this.#drop('network_error', item.category, 1, { ...detail, error });
          break;
        }
        default:
          outcome satisfies never;
      }
    }
    if (outcome.kind !== 'network_error')
      publish(reporterChannels.send, () => ({
        status: outcome.status,
        eventId: built.eventId,
        items: items.map((i) => i.type),
        bytes: result.bytes,
        gzip: result.gzip,
        durationMs: performance.now() - started,
      }));
  }

  #updateLimits(response: NonNullable<SendResult['limits']>): void {
    const before = this.#limits;
    const now = Date.now();
    this.#limits = updateRateLimits(before, response, now);
    if (this.#limits === before) return;
    for (const [category, until] of this.#limits)
      if (before.get(category) !== until) publish(reporterChannels.rateLimit, () => ({ category, until }));
  }
}
