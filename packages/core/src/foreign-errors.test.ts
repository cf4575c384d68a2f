import assert from 'node:assert/strict';
import { test } from 'node:test';
import Boom from '@hapi/boom';
import Fastify from 'fastify';
import { HTTPException } from 'hono/http-exception';
import createError from 'http-errors';
import { classify } from './classify.js';
import { readHttpShape } from './foreign-errors.js';

test('http-errors: status and expose kept; a 5xx never exposed', () => {
  const c = classify(createError(409, 'exists'));
  assert.deepEqual([c.status, c.expose, c.detail, c.rule], [409, true, 'exists', 'http:http-errors']);
  const hidden = classify(createError(400, 'internal', { expose: false }));
  assert.equal(hidden.expose, false);
  assert.equal(classify(createError(503, 'x', { expose: true })).expose, false);
});

test('http-errors headers are kept', () => {
  const e = createError(405, 'no', { headers: { Allow: 'GET' } });
  assert.equal(classify(e).headers.allow, 'GET');
});

test('boom: output status, headers and message; 5xx hidden', () => {
  const e = Boom.unauthorized('log in', 'Bearer');
  const c = classify(e);
  assert.equal(c.status, 401);
  assert.equal(c.detail, 'log in');
  assert.match(c.headers['www-authenticate'] ?? '', /Bearer/);
  const five = classify(Boom.serverUnavailable('db down'));
  assert.equal(five.status, 503);
  assert.equal(five.expose, false);
});

test("Hono's HTTPException: status kept, message exposed below 500 only", () => {
  const c = classify(new HTTPException(403, { message: 'not yours' }));
  assert.deepEqual([c.status, c.expose, c.detail], [403, true, 'not yours']);
  assert.equal(classify(new HTTPException(500, { message: 'secret' })).expose, false);
  const res = new Response('x', { status: 401, headers: { 'WWW-Authenticate': 'Basic' } });
  assert.equal(classify(new HTTPException(401, { res })).headers['www-authenticate'], 'Basic');
});

test("Fastify's validation error is a 400 with its message", async () => {
  const app = Fastify();
  let captured: unknown;
  app.setErrorHandler((error, _req, reply) => {
    captured = error;
    reply.code(500).send('x');
  });
  app.post('/', { schema: { body: { type: 'object', required: ['a'] } } }, async () => 'ok');
  await app.inject({ method: 'POST', url: '/', payload: {} }).catch(() => undefined);
  await app.close();
  assert.equal(readHttpShape(captured)?.source, 'fastify-validation');
  const c = classify(captured);
  assert.equal(c.status, 400);
  assert.match(c.detail ?? '', /required property 'a'/);
});

test("an axios error's upstream status is not ours to answer with", () => {
  const e = Object.assign(new Error('Request failed with status code 404'), {
    isAxiosError: true,
    status: 404,
  });
  assert.equal(classify(e).status, 500);
});

test('a status outside 400-599 is ignored', () => {
  assert.equal(classify(Object.assign(new Error('x'), { status: 302 })).status, 500);
  assert.equal(classify(Object.assign(new Error('x'), { statusCode: '404' })).status, 404);
});
