/**
 * The (rule, subject) states this process committed or read, so that a commit with 100 rules
 * over 20 busy issues does not read 2,000 state rows (4.6 ms on SQLite) to learn what it wrote
 * itself a moment ago. Filled only with committed data: the states a transaction wrote are
 * applied after its commit (sql-store.ts), those it read are committed already. Another
 * collector (PostgreSQL) may have moved a state since; the evaluator therefore trusts the memo
 * only to stay quiet (throttled, or the same decision as logged) and reads the store again
 * before it fires (alerts/evaluate/evaluate-issues.ts). The pairs remembered longest ago go first
 * (a read does not refresh a pair: 2,000 reads a commit, and a busy pair is written again soon).
 * A pair read and found to have no state is remembered as `null`: a pair whose decisions have only
 * ever been quiet (a filter that keeps missing, a count never reached) is not stored
 * (evaluate-issues.ts), and without this each commit of a busy issue would read it again.
 */

import { MAX_ALERT_STATE_MEMO_ENTRIES } from '../../limits.js';
import type { AlertSubjectState } from '../alert-records.js';

export class AlertStateMemo {
  /** By subject, then rule: a commit looks its issue up once, then each rule by number. */
  readonly #states = new Map<string, Map<number, AlertSubjectState | null>>();
  /** Insertion order of the pairs, for eviction. */
  readonly #order = new Map<string, [number, string]>();

  constructor(private readonly maxEntries = MAX_ALERT_STATE_MEMO_ENTRIES) {}

  /** null: the pair has no state (read so); undefined: not remembered. @example memo.get(3, 'issue:42')?.lastNotifiedAt */
  get(ruleId: number, subject: string): AlertSubjectState | null | undefined {
    return this.#states.get(subject)?.get(ruleId);
  }

  /** Every remembered state of the subject, by rule id. @example memo.of('issue:42')?.get(3) */
  of(subject: string): ReadonlyMap<number, AlertSubjectState | null> | undefined {
    return this.#states.get(subject);
  }

  /** Remembers pairs a committed read found without a state (a state this process writes later replaces it).
   * @example memo.rememberAbsent([{ ruleId: 3, subject: 'issue:42' }]) */
  rememberAbsent(pairs: readonly { ruleId: number; subject: string }[]): void {
    for (const p of pairs) this.#set(p.ruleId, p.subject, null);
  }

  /** Remembers committed states; a null `lastNotifiedAt` keeps the one remembered (as the store's upsert does). */
  remember(states: readonly AlertSubjectState[]): void {
    for (const s of states) {
      const known = this.get(s.ruleId, s.subject);
      this.#set(s.ruleId, s.subject, {
        ...s,
        lastNotifiedAt: s.lastNotifiedAt ?? known?.lastNotifiedAt ?? null,
      });
    }
  }

  #set(ruleId: number, subject: string, state: AlertSubjectState | null): void {
    const byRule = this.#states.get(subject) ?? new Map<number, AlertSubjectState | null>();
    this.#states.set(subject, byRule);
    byRule.set(ruleId, state);
    const key = JSON.stringify([ruleId, subject]);
    this.#order.delete(key);
    this.#order.set(key, [ruleId, subject]);
    if (this.#order.size > this.maxEntries) {
      const [oldest, [oldRule, oldSubject]] = this.#order.entries().next().value as [
        string,
        [number, string],
      ];
      this.#order.delete(oldest);
      const rest = this.#states.get(oldSubject);
      rest?.delete(oldRule);
      if (rest?.size === 0) this.#states.delete(oldSubject);
    }
  }

  /** Forgets every pair: a rule was deleted (rare; the memo refills from the store). The pruning
   * of states a month old needs nothing: a state that old throttles nothing. */
  forget(): void {
    this.#states.clear();
    this.#order.clear();
  }
}
