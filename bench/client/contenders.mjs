// The contenders of the retry-storm bench, each at its library's defaults except for the
// harness's per-attempt timeout of 1 s where one can be set (anchors §4.3). Every contender
// counts its own attempts through a hook at the lowest level it exposes, so attempts that
// never reach the server (S4: connection refused) are counted too.
import { createClient } from '@faultline/client';
import axios from 'axios';
import axiosRetry from 'axios-retry';
import { ConsecutiveBreaker, circuitBreaker, ExponentialBackoff, handleAll, retry, wrap } from 'cockatiel';
import got from 'got';
import ky from 'ky';
import CircuitBreaker from 'opossum';
import pRetry from 'p-retry';
import { Agent, RetryAgent, request } from 'undici';

export const ATTEMPT_TIMEOUT_MS = 1000;

class StatusError extends Error {
  constructor(status) {
    super(`status ${status}`);
    this.status = status;
  }
}

/** One fetch attempt with a 1 s timeout covering the body; throws on non-2xx. */
async function fetchOnce(url, call, deadline, count) {
  count();
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(new Error('attempt timeout')), ATTEMPT_TIMEOUT_MS);
  const onAbort = () => ac.abort(deadline.reason);
  if (deadline.aborted) onAbort();
  else deadline.addEventListener('abort', onAbort, { once: true });
  try {
    const res = await fetch(url, {
      method: call.method,
      headers: call.headers,
      body: call.body,
      signal: ac.signal,
    });
    await res.arrayBuffer();
    if (!res.ok) throw new StatusError(res.status);
    return true;
  } finally {
    clearTimeout(timer);
    deadline.removeEventListener('abort', onAbort);
  }
}

/** An undici Agent that counts each dispatch (an attempt, refused connections included). */
class CountingAgent extends Agent {
  #count;
  constructor(count) {
    super();
    this.#count = count;
  }
  dispatch(opts, handler) {
    this.#count();
    return super.dispatch(opts, handler);
  }
}

function countingFetch(count) {
  return (input, init) => {
    count();
    return fetch(input, init);
  };
}

/** name → factory(url, count) → (call, deadline) => Promise (resolves on success). */
export const CONTENDERS = {
  'no retry': (url, count) => (call, deadline) => fetchOnce(url, call, deadline, count),

  'naive 3×': (url, count) => async (call, deadline) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fetchOnce(url, call, deadline, count);
      } catch (error) {
        if (attempt === 4 || deadline.aborted) throw error;
      }
    }
  },

  got: (url, count) => {
    const client = got.extend({
      timeout: { request: ATTEMPT_TIMEOUT_MS },
      hooks: { beforeRequest: [() => void count()] },
    });
    return (call, deadline) =>
      client(url, { method: call.method, headers: call.headers, body: call.body, signal: deadline });
  },

  ky: (url, count) => {
    const client = ky.create({ timeout: ATTEMPT_TIMEOUT_MS, fetch: countingFetch(count) });
    return async (call, deadline) => {
      const res = await client(url, {
        method: call.method,
        headers: call.headers,
        body: call.body,
        signal: deadline,
      });
      await res.arrayBuffer();
    };
  },

  'undici RetryAgent': (url, count) => {
    const agent = new Agent({ headersTimeout: ATTEMPT_TIMEOUT_MS, bodyTimeout: ATTEMPT_TIMEOUT_MS });
    const counting = {
      dispatch: (opts, handler) => {
        count();
        return agent.dispatch(opts, handler);
      },
      close: () => agent.close(),
      destroy: () => agent.destroy(),
    };
    const dispatcher = new RetryAgent(counting);
    const send = async (call, deadline) => {
      const res = await request(url, {
        method: call.method,
        headers: call.headers,
        body: call.body,
        dispatcher,
        signal: deadline,
      });
      await res.body.arrayBuffer();
      if (res.statusCode >= 300) throw new StatusError(res.statusCode);
    };
    send.close = () => agent.destroy();
    return send;
  },

  'axios-retry': (url, count) => {
    const client = axios.create({ timeout: ATTEMPT_TIMEOUT_MS });
    axiosRetry(client);
    client.interceptors.request.use((config) => {
      count();
      return config;
    });
    return (call, deadline) =>
      client.request({
        url,
        method: call.method,
        headers: call.headers,
        data: call.body,
        signal: deadline,
        responseType: 'arraybuffer',
      });
  },

  'p-retry': (url, count) => (call, deadline) =>
    pRetry(() => fetchOnce(url, call, deadline, count), { signal: deadline }),

  cockatiel: (url, count) => {
    // The README's pattern: retry three times with exponential backoff around a breaker
    // that opens after 5 consecutive failures and half-opens after 10 s (anchors §4.3 #8).
    const policy = wrap(
      retry(handleAll, { maxAttempts: 3, backoff: new ExponentialBackoff() }),
      circuitBreaker(handleAll, { halfOpenAfter: 10_000, breaker: new ConsecutiveBreaker(5) }),
    );
    return (call, deadline) => policy.execute(({ signal }) => fetchOnce(url, call, signal, count), deadline);
  },

  opossum: (url, count) => {
    const breaker = new CircuitBreaker((call, deadline) => fetchOnce(url, call, deadline, count), {
      timeout: ATTEMPT_TIMEOUT_MS,
    });
    breaker.on('error', () => {});
    return (call, deadline) => breaker.fire(call, deadline);
  },

  '@faultline/client': (url, count) => {
    // Its default transport is undici's dispatcher: count every dispatch under it.
    const dispatcher = new CountingAgent(count);
    const api = createClient({ timeout: ATTEMPT_TIMEOUT_MS, deadline: 5000, dispatcher });
    const send = (call, deadline) =>
      api.request(call.method, url, {
        headers: call.headers,
        body: call.body,
        signal: deadline,
        idempotencyKey: call.method === 'POST' ? true : undefined,
      });
    send.close = () => dispatcher.destroy();
    return send;
  },
};
