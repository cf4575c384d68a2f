/**
 * What the wrappers of one client share: the transport to send with, the clock and random
 * source for the strategies, the hooks, and the per-origin budgets and breakers.
 */

import { Agent, type Dispatcher } from 'undici';
import { CircuitBreaker } from './circuit-breaker.js';
import type { ClientOptions } from './options.js';
import { OriginRegistry } from './origin-registry.js';
import { RetryBudget } from './retry-budget.js';
import { type BreakerChangeEvent, type ClientHooks, callHook } from './types.js';

export interface ClientContext {
  /** The caller's fetch; when set, attempts go through it instead of the dispatcher. */
  readonly fetch: typeof fetch | undefined;
  /** The undici dispatcher attempts go through (the transport follows redirects). */
  readonly dispatcher: Dispatcher;
  /** Wall clock for budgets, breakers and Retry-After dates (ms since epoch). */
  readonly now: () => number;
  readonly random: () => number;
  readonly hooks: ClientHooks;
  readonly budgets: OriginRegistry<RetryBudget> | undefined;
  readonly breakers: OriginRegistry<CircuitBreaker> | undefined;
  /** Fires `onBreakerChange` if the breaker's state kind is no longer `from`. */
  readonly noteBreaker: (origin: string, from: BreakerChangeEvent['from'], breaker: CircuitBreaker) => void;
}

let sharedAgent: Agent | undefined;

/**
 * The dispatcher of clients given none: one Agent for the process, like fetch's global one,
 * so clients share connections. Its own header and body timeouts (300 s) are off: every
 * attempt has the client's timer, which covers both.
 */
function defaultAgent(): Agent {
  sharedAgent ??= new Agent({ headersTimeout: 0, bodyTimeout: 0 });
  return sharedAgent;
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
    fetch: options.fetch,
    dispatcher: options.dispatcher ?? defaultAgent(),
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
