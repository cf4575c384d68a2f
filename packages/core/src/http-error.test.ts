import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isFaultlineError } from './errors.js';
import { badRequest, HttpError, isHttpError, serviceUnavailable, tooManyRequests } from './http-error.js';

test('HttpError defaults: reason phrase title, about:blank, exposed below 500', () => {
  const e = new HttpError(404, 'No user 42');
  assert.equal(e.status, 404);
  assert.equal(e.title, 'Not Found');
  assert.equal(e.type, 'about:blank');
  assert.equal(e.expose, true);
  assert.equal(e.message, 'No user 42');
  assert.equal(e.code, 'FL_HTTP');
  assert.ok(isHttpError(e));
  assert.ok(isFaultlineError(e));
  assert.equal(new HttpError(500).expose, false);
});

test('an invalid status becomes 500', () => {
  assert.equal(new HttpError(200).status, 500);
  assert.equal(new HttpError(42.5).status, 500);
});

test('factories set the status; retryAfter becomes a header', () => {
  assert.equal(badRequest('x').status, 400);
  assert.equal(serviceUnavailable('x', { retryAfter: 30 }).headers['retry-after'], '30');
  const date = new Date('2030-01-01T00:00:00Z');
  assert.equal(tooManyRequests(undefined, { retryAfter: date }).headers['retry-after'], date.toUTCString());
});

test('header names are lower-cased and the cause is kept', () => {
  const cause = new Error('root');
  const e = new HttpError(401, 'login', { headers: { 'WWW-Authenticate': 'Bearer' }, cause });
  assert.deepEqual(e.headers, { 'www-authenticate': 'Bearer' });
  assert.equal(e.cause, cause);
});

test('the brand works across copies of the package (no instanceof)', () => {
  const foreign = Object.assign(new Error('x'), { [Symbol.for('faultline.error')]: true, code: 'FL_HTTP' });
  assert.ok(isHttpError(foreign));
  assert.ok(!isHttpError(new Error('x')));
});
