/**
 * What the wrappers of one client share: the fetch to call, the clock and random source for
 * the strategies, the hooks, and the per-origin budgets and breakers.
 */

import { CircuitBreaker } from './circuit-breaker.js';
import type { ClientOptions } from './options.js';
import { OriginRegistry } from './origin-registry.js';
import { RetryBudget } from './retry-budget.js';
import { type BreakerChangeEvent, type ClientHooks, callHook } from './types.js';

export interface ClientContext {
  readonly fetch: typeof fetch;
  /** Wall clock for budgets, breakers and Retry-After dates (ms since epoch). */
  readonly now: () => number;
  readonly random: () => number;
  readonly hooks: ClientHooks;
  readonly budgets: OriginRegistry<RetryBudget> | undefined;
  readonly breakers: OriginRegistry<CircuitBreaker> | undefined;
  /** Fires `onBreakerChange` if the breaker's state kind is no longer `from`. */
  readonly noteBreaker: (origin: string, from: BreakerChangeEvent['from'], breaker: CircuitBreaker) => void;
}

/**
 * Builds the shared context from the client options.
 * @example const ctx = createContext({ breaker: { probes: 5 } });
 */
export function createContext(options: ClientOptions): ClientContext {
  const random = options.random ?? Math.random;
  const hooks: ClientHooks = {
    onAttempt: options.onAttempt,
    onRetry: options.onRetry,
    onBreakerChange: options.onBreakerChange,
  };
  const budget = options.budget;
  const breaker = options.breaker;
  return {
    fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
    now: options.now ?? Date.now,
    random,
    hooks,
    budgets: budget === false ? undefined : new OriginRegistry(() => new RetryBudget(budget)),
    breakers: breaker === false ? undefined : new OriginRegistry(() => new CircuitBreaker(breaker, random)),
    noteBreaker(origin, from, b) {
      const to = b.state.kind;
      if (to !== from) callHook(hooks.onBreakerChange, { origin, from, to, state: b.state });
    },
  };
}
