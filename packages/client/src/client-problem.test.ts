import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { isFaultlineError, MiB, ParseError } from '@faultline/core';
import { createClient } from './client.js';
import { isClientError } from './client-error.js';
import { MAX_ERROR_TEXT_LENGTH } from './limits.js';
import { ProblemError } from './problem-error.js';
import {
  problem,
  reply,
  type ScriptedServer,
  type Step,
  scriptedServer,
} from './test-support/scripted-server.js';

const quick = { random: () => 0, budget: false as const, breaker: false as const };
const servers: ScriptedServer[] = [];
async function server(...steps: Step[]) {
  const s = await scriptedServer(steps);
  servers.push(s);
  return s;
}
after(() => Promise.all(servers.map((s) => s.close())));

test('a Faultline 500 problem+json becomes a ProblemError that keeps the incident id', async () => {
  // What packages/server sends for an unexposed 500 (core toProblem()).
  const body = {
    type: 'about:blank',
    title: 'Internal Server Error',
    detail: 'The server failed to complete the request. Quote the incident id when reporting it.',
    instance: 'inc-0f8fad5b',
    requestId: 'inc-0f8fad5b',
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    retryable: false,
  };
  const s = await server(problem(500, body, { 'x-request-id': 'inc-0f8fad5b' }));
  const error = await createClient({ baseUrl: s.url, ...quick })
    .get('/orders/1')
    .catch((e: unknown) => e);
  assert.ok(error instanceof ProblemError);
  assert.ok(isFaultlineError(error) && isClientError(error));
  assert.equal(error.code, 'FL_PROBLEM');
  assert.equal(error.name, 'ProblemError');
  assert.equal(error.status, 500);
  assert.equal(error.title, 'Internal Server Error');
  assert.equal(error.detail, body.detail);
  assert.equal(error.instance, 'inc-0f8fad5b');
  assert.equal(error.requestId, 'inc-0f8fad5b');
  assert.equal(error.traceId, body.traceId);
  assert.equal(error.retryable, false);
  assert.equal(error.type, 'about:blank');
  assert.match(
    error.message,
    /^GET http:\/\/127\.0\.0\.1:\d+\/orders\/1 failed: 500 Internal Server Error: .*\(incident inc-0f8fad5b\)$/,
  );
  assert.equal(error.attempts, 1);
  assert.equal(s.seen.length, 1, 'a 500 is not retried');
});

test('a plain-text error keeps the start of its body and the request id header', async () => {
  const s = await server(reply(404, 'no such order', { 'x-request-id': 'r-42' }));
  const error = await createClient({ baseUrl: s.url, ...quick })
    .get('/orders/9')
    .catch((e: unknown) => e);
  assert.ok(error instanceof ProblemError);
  assert.equal(error.title, 'Not Found');
  assert.equal(error.body, 'no such order');
  assert.equal(error.problem, undefined);
  assert.equal(error.requestId, 'r-42');
  assert.equal(error.bodyTruncated, false);
});

test('a 10 MB error body is not buffered whole', async () => {
  const total = 10 * MiB;
  let flushed = 0;
  let closedEarly = false;
  const huge: Step = (res) =>
    new Promise<void>((resolve) => {
      res.writeHead(502, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 'x');
      res.on('close', () => {
        closedEarly = flushed < total;
        resolve();
      });
      const pump = () => {
        while (flushed < total && !res.destroyed) {
          flushed += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
  const s = await server(huge);
  const error = await createClient({ baseUrl: s.url, ...quick, retry: false })
    .get('/')
    .catch((e: unknown) => e);
  assert.ok(error instanceof ProblemError);
  assert.equal(error.status, 502);
  assert.equal(error.bodyTruncated, true);
  assert.equal(error.problem, undefined, 'a truncated body is not parsed');
  assert.equal(error.body?.length, MAX_ERROR_TEXT_LENGTH);
  await new Promise((r) => setTimeout(r, 100));
  assert.ok(closedEarly, `the client hung up after ${flushed} of ${total} bytes`);
  assert.ok(flushed < total);
});

test('typed JSON helpers: 204 gives undefined, a broken 200 body gives ParseError', async () => {
  const s = await server(reply(204), reply(200, '{"oops"', { 'content-type': 'application/json' }));
  const api = createClient({ baseUrl: s.url, ...quick });
  assert.equal(await api.delete('/x'), undefined);
  const error = await api.get('/y').catch((e: unknown) => e);
  assert.ok(error instanceof ParseError);
  assert.equal(error.code, 'FL_PARSE');
  assert.equal(s.seen[0]?.headers.accept, 'application/json, application/problem+json;q=0.9');
});

test('query parameters and baseUrl paths are joined like a prefix', async () => {
  const s = await server(reply(200, {}));
  const api = createClient({ baseUrl: `${s.origin}/v1`, ...quick, headers: { 'X-Tenant': 't1' } });
  await api.get('/users', { query: { page: 2, q: 'a b', skip: undefined } });
  assert.equal(s.seen[0]?.url, '/v1/users?page=2&q=a+b');
  assert.equal(s.seen[0]?.headers['x-tenant'], 't1');
});
