// Type tests of the public API, as a consumer imports it (./index.js). They are checked when
// `tsc -b` compiles this file: an `Expect<Equal<…>>` that no longer holds, or a
// `@ts-expect-error` line that stops being an error, fails the build. The function holding
// them is never called; the runtime test below checks that the values behind the types have
// the shapes the types promise.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Agent } from 'undici';
import {
  type AttemptEvent,
  type BreakerChangeEvent,
  type BreakerState,
  CircuitOpenError,
  type Client,
  type ClientError,
  type ClientOptions,
  createClient,
  isClientError,
  ProblemError,
  type RequestOptions,
  type RetryEvent,
  type StopReason,
} from './index.js';

/** True when A and B are the same type (not merely assignable either way). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Compiles only for `true`. */
type Expect<T extends true> = T;

interface User {
  id: string;
  name: string;
}

/** Never called: its body is what tsc checks. */
export function typeChecks(api: Client): void {
  // --- typed JSON helpers --------------------------------------------------------------
  const user = api.get<User>('/users/1');
  type _get = Expect<Equal<typeof user, Promise<User>>>;
  const untyped = api.get('/users/1');
  type _getDefault = Expect<Equal<typeof untyped, Promise<unknown>>>; // unknown, never any
  const created = api.post<User>('/users', { name: 'A' }, { idempotencyKey: true });
  type _post = Expect<Equal<typeof created, Promise<User>>>;
  type _put = Expect<Equal<ReturnType<typeof api.put<User>>, Promise<User>>>;
  type _patch = Expect<Equal<ReturnType<typeof api.patch<User>>, Promise<User>>>;
  type _delete = Expect<Equal<ReturnType<typeof api.delete>, Promise<unknown>>>;
  const raw = api.request('GET', '/health', { stream: true });
  type _request = Expect<Equal<typeof raw, Promise<Response>>>;
  api.post('/orders'); // the body is optional
  api.post('/orders', [1, 2, 3]); // any JSON value
  // @ts-expect-error: the path is required
  api.get();
  // @ts-expect-error: there is no head() helper; use request('HEAD', …)
  api.head('/');
  // @ts-expect-error: a typed result is not any: User has no `email`
  api.get<User>('/u').then((u) => u.email);

  // --- per-call options ----------------------------------------------------------------
  api.get('/', { idempotencyKey: 'order-7', query: { page: 2, q: 'a', all: true, skip: undefined } });
  api.get('/', { retry: false, timeout: 500, deadline: 2000, signal: AbortSignal.timeout(1) });
  api.get('/', { retry: { attempts: 2, statuses: [503] }, requestId: 'r-1', traceparent: '00-…' });
  // @ts-expect-error: an Idempotency-Key is a boolean or a string
  api.post('/', {}, { idempotencyKey: 7 });
  // @ts-expect-error: query values are strings, numbers or booleans
  api.get('/', { query: { from: new Date() } });
  // @ts-expect-error: headers are strings
  api.get('/', { headers: { 'x-n': 1 } });
  // @ts-expect-error: the signal is an AbortSignal
  api.get('/', { signal: 5 });
  // @ts-expect-error: timeouts are milliseconds, not strings
  api.get('/', { timeout: '1s' });
  const options: RequestOptions = { stream: true };
  // @ts-expect-error: no such option (excess property check)
  const wrong: RequestOptions = { retries: 3 };
  void options;
  void wrong;

  // --- client options ------------------------------------------------------------------
  createClient();
  createClient({
    baseUrl: new URL('https://api.example.com/v1/'),
    retry: false,
    budget: false,
    breaker: false,
  });
  createClient({
    retry: { attempts: 3, methods: ['GET'], errorCodes: ['ECONNRESET'], backoff: { baseMs: 50, capMs: 500 } },
    budget: { ratio: 0.1, minPerSecond: 2, windowMs: 1000 },
    breaker: { failureRatio: 0.8, minimumThroughput: 20, probes: 3 },
    dispatcher: new Agent(),
    fetch: globalThis.fetch,
    now: Date.now,
    random: Math.random,
  });
  // @ts-expect-error: `breaker: true` is not an option (false turns it off, an object tunes it)
  createClient({ breaker: true });
  // @ts-expect-error: attempts is a number
  createClient({ retry: { attempts: '3' } });
  // @ts-expect-error: statuses are numbers
  createClient({ retry: { statuses: ['503'] } });
  // @ts-expect-error: a dispatcher is an undici Dispatcher
  createClient({ dispatcher: {} });
  // @ts-expect-error: no such option (excess property check)
  createClient({ retries: 3 });
  const defaults: ClientOptions = {};
  void defaults;

  // --- hooks -------------------------------------------------------------------------
  createClient({
    onAttempt: (e) => {
      type _e = Expect<Equal<typeof e, AttemptEvent>>;
      type _n = Expect<Equal<typeof e.attempt, number>>;
    },
    onRetry: (e) => {
      type _e = Expect<Equal<typeof e, RetryEvent>>;
      type _d = Expect<Equal<typeof e.delayMs, number>>;
      type _err = Expect<Equal<typeof e.error, Error>>;
    },
    onBreakerChange: (e) => {
      type _e = Expect<Equal<typeof e, BreakerChangeEvent>>;
      type _to = Expect<Equal<typeof e.to, 'closed' | 'open' | 'half-open'>>;
    },
  });
  const state = api.breakerState();
  type _state = Expect<Equal<typeof state, Readonly<BreakerState> | undefined>>;
  if (state?.kind === 'open') {
    type _retryAt = Expect<Equal<typeof state.retryAt, number>>;
  }

  // --- errors --------------------------------------------------------------------------
  api.get('/').catch((e: unknown) => {
    if (isClientError(e)) {
      type _narrowed = Expect<Equal<typeof e, ClientError>>;
      type _stop = Expect<Equal<typeof e.stop, StopReason | undefined>>;
      type _attempts = Expect<Equal<typeof e.attempts, number>>;
      type _budget = Expect<Equal<typeof e.budgetExhausted, boolean>>;
    }
    if (e instanceof ProblemError) {
      type _status = Expect<Equal<typeof e.status, number>>;
      type _instance = Expect<Equal<typeof e.instance, string | undefined>>;
      type _headers = Expect<Equal<typeof e.headers, Headers>>;
      type _retryable = Expect<Equal<typeof e.retryable, boolean | undefined>>;
    }
    if (e instanceof CircuitOpenError) {
      type _retryIn = Expect<Equal<typeof e.retryInMs, number>>;
    }
  });
  // @ts-expect-error: not a stop reason
  const stop: StopReason = 'gave-up';
  void stop;
}

test('the values behind the public types have the promised shapes', async () => {
  const api = createClient({ baseUrl: 'http://127.0.0.1:9', retry: false, breaker: false, deadline: 1000 });
  const methods: Array<keyof Client> = ['request', 'get', 'post', 'put', 'patch', 'delete', 'breakerState'];
  assert.deepEqual(Object.keys(api).sort(), [...methods].sort());
  for (const m of methods) assert.equal(typeof api[m], 'function', m);
  assert.equal(api.breakerState(), undefined, 'breaker off');
  // Port 9 (discard) is closed on a test box: the call fails with a typed client error.
  const error = await api.get('/').catch((e: unknown) => e);
  assert.ok(isClientError(error));
  assert.equal(typeof error.attempts, 'number');
  assert.ok(Array.isArray(error.delays) && Array.isArray(error.reasons));
  assert.equal(typeof error.budgetExhausted, 'boolean');
});
