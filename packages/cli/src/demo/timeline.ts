/**
 * Plays the schedule: sets the stock database's state from the elapsed time, says when an
 * incident starts and ends, starts the deploy when it is due, and says how many requests the
 * storefront shed in each overload episode (from the shedder's diagnostics channel).
 */

import { type ShedStateMessage, shedChannels } from '@faultline/server';
import { DEMO_TIMELINE_TICK_MS } from '../limits.js';
import { conditionsAt, DEPLOY_AT_MS } from './schedule.js';
import type { StockDatabase } from './stock-database.js';

/** What the timeline drives and where it speaks. */
export interface TimelineDeps {
  db: StockDatabase;
  elapsedMs(): number;
  say(line: string): void;
  /** Called once, when the deploy is due. */
  deploy(): void;
}

/**
 * @returns a function that stops following the schedule
 * @example const stopTimeline = playTimeline({ db, elapsedMs, say, deploy });
 */
export function playTimeline(deps: TimelineDeps): () => void {
  let databaseDown = false;
  let surging = false;
  let deployed = false;
  const timer = setInterval(() => {
    const elapsed = deps.elapsedMs();
    const now = conditionsAt(elapsed);
    deps.db.down = now.databaseDown;
    if (now.databaseDown !== databaseDown) {
      databaseDown = now.databaseDown;
      deps.say(
        databaseDown
          ? "inventory's stock database is down: checkouts fail in a cascade storefront → orders → inventory"
          : "inventory's stock database is back",
      );
    }
    if (now.surgePerSecond > 0 !== surging) {
      surging = now.surgePerSecond > 0;
      deps.say(
        surging
          ? `a newsletter goes out: ${now.surgePerSecond} searches/s on top, more than the storefront can serve`
          : 'the surge is over',
      );
    }
    if (!deployed && elapsed >= DEPLOY_AT_MS) {
      deployed = true;
      deps.deploy();
    }
  }, DEMO_TIMELINE_TICK_MS);
  // Only the storefront sheds, so every episode on the (process-wide) channel is its own. An
  // episode that refused nothing (a loaded machine's brief delay) is not worth a line.
  const onShed = (message: unknown) => {
    const m = message as ShedStateMessage;
    if (m.state === 'ok' && (m.shed ?? 0) > 0)
      deps.say(
        `the storefront shed ${m.shed} requests in ${((m.durationMs ?? 0) / 1000).toFixed(1)} s of overload`,
      );
  };
  shedChannels.state.subscribe(onShed);
  return () => {
    clearInterval(timer);
    shedChannels.state.unsubscribe(onShed);
  };
}
