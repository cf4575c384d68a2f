/**
 * The (rule, subject) states this process committed or read, so that a commit with 100 rules
 * over 20 busy issues does not read 2,000 state rows (4.6 ms on SQLite) to learn what it wrote
 * itself a moment ago. Filled only with committed data: the states a transaction wrote are
 * applied after its commit (sql-store.ts), those it read are committed already. Another
 * collector (PostgreSQL) may have moved a state since; the evaluator therefore trusts the memo
 * only to stay quiet (throttled, or the same decision as logged) and reads the store again
 * before it fires (alerts/evaluate/evaluate-issues.ts). The pairs remembered longest ago go first
 * (a read does not refresh a pair: 2,000 reads a commit, and a busy pair is written again soon).
 */

import { MAX_ALERT_STATE_MEMO_ENTRIES } from '../../limits.js';
import type { AlertSubjectState } from '../alert-records.js';

const keyOf = (ruleId: number, subject: string) => `${ruleId}\u0000${subject}`;

export class AlertStateMemo {
  readonly #states = new Map<string, AlertSubjectState>();

  constructor(private readonly maxEntries = MAX_ALERT_STATE_MEMO_ENTRIES) {}

  /** @example memo.get(3, 'issue:42')?.lastNotifiedAt */
  get(ruleId: number, subject: string): AlertSubjectState | undefined {
    return this.#states.get(keyOf(ruleId, subject));
  }

  /** Remembers committed states; a null `lastNotifiedAt` keeps the one remembered (as the store's upsert does). */
  remember(states: readonly AlertSubjectState[]): void {
    for (const s of states) {
      const key = keyOf(s.ruleId, s.subject);
      const known = this.#states.get(key);
      this.#states.delete(key);
      this.#states.set(key, { ...s, lastNotifiedAt: s.lastNotifiedAt ?? known?.lastNotifiedAt ?? null });
      if (this.#states.size > this.maxEntries)
        this.#states.delete(this.#states.keys().next().value as string);
    }
  }

  /** Forgets every pair: a rule was deleted (rare; the memo refills from the store). The pruning
   * of states a month old needs nothing: a state that old throttles nothing. */
  forget(): void {
    this.#states.clear();
  }
}
