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

export class AlertStateMemo {
  /** By subject, then rule: a commit looks its issue up once, then each rule by number. */
  readonly #states = new Map<string, Map<number, AlertSubjectState>>();
  /** Insertion order of the pairs, for eviction. */
  readonly #order = new Map<string, [number, string]>();

  constructor(private readonly maxEntries = MAX_ALERT_STATE_MEMO_ENTRIES) {}

  /** @example memo.get(3, 'issue:42')?.lastNotifiedAt */
  get(ruleId: number, subject: string): AlertSubjectState | undefined {
    return this.#states.get(subject)?.get(ruleId);
  }

  /** Every remembered state of the subject, by rule id. @example memo.of('issue:42')?.get(3) */
  of(subject: string): ReadonlyMap<number, AlertSubjectState> | undefined {
    return this.#states.get(subject);
  }

  /** Remembers committed states; a null `lastNotifiedAt` keeps the one remembered (as the store's upsert does). */
  remember(states: readonly AlertSubjectState[]): void {
    for (const s of states) {
      const byRule = this.#states.get(s.subject) ?? new Map<number, AlertSubjectState>();
      this.#states.set(s.subject, byRule);
      const known = byRule.get(s.ruleId);
      byRule.set(s.ruleId, { ...s, lastNotifiedAt: s.lastNotifiedAt ?? known?.lastNotifiedAt ?? null });
      const key = JSON.stringify([s.ruleId, s.subject]);
      this.#order.delete(key);
      this.#order.set(key, [s.ruleId, s.subject]);
      if (this.#order.size > this.maxEntries) {
        const [oldest, [ruleId, subject]] = this.#order.entries().next().value as [string, [number, string]];
        this.#order.delete(oldest);
        const rest = this.#states.get(subject);
        rest?.delete(ruleId);
        if (rest?.size === 0) this.#states.delete(subject);
      }
    }
  }

  /** Forgets every pair: a rule was deleted (rare; the memo refills from the store). The pruning
   * of states a month old needs nothing: a state that old throttles nothing. */
  forget(): void {
    this.#states.clear();
    this.#order.clear();
  }
}
