/**
 * Log lines under an error storm (issue 18 §1): when the same error fails request after request,
 * the first occurrence of its site in a window is logged in full (stack and cause chain) and the
 * others get a compact line each (request id, route, status, category) naming the full line's
 * request id, so every request id stays findable; the window ends with one count line. The full
 * line costs the stack's formatting and serialization, so a storm pays it once per window rather
 * than once per request.
 *
 * A site is the status, category, method, route template, error type and (the start of) the
 * message: cheap to read, no stack needed. Two call sites throwing the same message on the same
 * route share a full line; their stacks are the same story more often than not, and the next
 * window logs in full again.
 */

import type { ErrorReport } from './error-report.js';
import { errorSiteKey } from './error-site.js';
import { LOG_REPEAT_WINDOW_MS, MAX_LOG_REPEAT_SITES } from './limits.js';
import type { Logger } from './options.js';

interface Site {
  /** The request id of the full line of this window. */
  firstRequestId: string;
  since: number;
  /** Occurrences after the full one, in this window. */
  repeats: number;
  /** Written on the count line. */
  method: string;
  route: string | undefined;
  status: number;
  category: string;
}

/** A compact line's reference to the full one. */
export interface Repeat {
  repeatOf: string;
  /** 2 for the first repeat (the full line was the first). */
  occurrence: number;
}

export interface LogRepeatsOptions {
  windowMs?: number;
  maxSites?: number;
  now?: () => number;
}

export class LogRepeats {
  readonly #sites = new Map<string, Site>();
  readonly #logger: Logger;
  readonly #windowMs: number;
  readonly #maxSites: number;
  readonly #now: () => number;
  #timer: NodeJS.Timeout | undefined;

  constructor(logger: Logger, options: LogRepeatsOptions = {}) {
    this.#logger = logger;
    this.#windowMs = options.windowMs ?? LOG_REPEAT_WINDOW_MS;
    this.#maxSites = options.maxSites ?? MAX_LOG_REPEAT_SITES;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Undefined when `r` is to be logged in full (its site's first occurrence in the window);
   * else what its compact line names.
   * @example const repeat = repeats.note(report); repeat ? logCompact(report, repeat) : logFull(report)
   */
  note(r: ErrorReport): Repeat | undefined {
    const now = this.#now();
    const key = errorSiteKey(r);
    const site = this.#sites.get(key);
    if (site !== undefined && now - site.since < this.#windowMs) {
      site.repeats += 1;
      this.#schedule(site.since + this.#windowMs - now);
      return { repeatOf: site.firstRequestId, occurrence: site.repeats + 1 };
    }
    if (site !== undefined) {
      this.#end(site, now);
      this.#sites.delete(key);
    } else if (this.#sites.size >= this.#maxSites) {
      const [oldestKey, oldest] = this.#sites.entries().next().value as [string, Site];
      this.#end(oldest, now);
      this.#sites.delete(oldestKey);
    }
    this.#sites.set(key, {
      firstRequestId: r.requestId,
      since: now,
      repeats: 0,
      method: r.method,
      route: r.route,
      status: r.status,
      category: r.classification.category,
    });
    return undefined;
  }

  /** Writes the count lines of the windows that ended by `now` and forgets those sites. */
  sweep(now = this.#now()): void {
    for (const [key, site] of this.#sites)
      if (now - site.since >= this.#windowMs) {
        this.#end(site, now);
        this.#sites.delete(key);
      }
    if (this.#sites.size === 0 && this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
  }

  /** Writes every pending count line now (shutdown). */
  flush(): void {
    this.sweep(Number.POSITIVE_INFINITY);
  }

  /** One count line for a window with repeats; nothing for a lone error. */
  #end(site: Site, now: number): void {
    if (site.repeats === 0) return;
    const until = Math.min(now, site.since + this.#windowMs);
    try {
      this.#logger.error(
        {
          repeatOf: site.firstRequestId,
          count: site.repeats,
          since: new Date(site.since).toISOString(),
          until: new Date(until).toISOString(),
          method: site.method,
          route: site.route,
          status: site.status,
          category: site.category,
        },
        `${site.method} ${site.route ?? '(unmatched route)'} -> ${site.status} ${site.category}: ${site.repeats} more like request ${site.firstRequestId} in ${Math.round((until - site.since) / 1000)} s`,
      );
    } catch {
      // A logger that throws must not turn one failure into two.
    }
  }

  /** The count lines come at a window's end even when the storm stopped: one timer, unref'd,
   * for the window that ends first. */
  #schedule(inMs: number): void {
    if (this.#timer !== undefined) return;
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined;
        const now = this.#now();
        this.sweep(now);
        let next = Number.POSITIVE_INFINITY;
        for (const site of this.#sites.values())
          if (site.repeats > 0) next = Math.min(next, site.since + this.#windowMs - now);
        if (next !== Number.POSITIVE_INFINITY) this.#schedule(next);
      },
      Math.max(0, inMs),
    );
    this.#timer.unref();
  }
}
