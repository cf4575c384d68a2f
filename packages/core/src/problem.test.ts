import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { HttpError } from './http-error.js';
import { toProblem } from './problem.js';

const SECRET = 'password=hunter2 SELECT * FROM users at /srv/app/db.js:10:3';

describe('toProblem', () => {
  test('an unexpected 500 says nothing but the status and the ids', () => {
    const error = new Error(SECRET, {
      cause: Object.assign(new Error('x'), { code: 'ENOENT', path: '/etc/app.key' }),
    });
    const p = toProblem(error, { requestId: 'r-1', traceId: 'a'.repeat(32) });
    assert.equal(p.type, 'about:blank');
    assert.equal(p.title, 'Internal Server Error');
    assert.equal(p.status, 500);
    assert.equal(p.instance, 'r-1');
    assert.equal(p.requestId, 'r-1');
    assert.equal(p.traceId, 'a'.repeat(32));
    assert.equal(p.retryable, false);
    const text = JSON.stringify(p);
    for (const leak of [
      'hunter2',
      'SELECT',
      '/srv',
      '/etc',
      'ENOENT',
      'missing-resource',
      'cause',
      'stack',
    ]) {
      assert.ok(!text.includes(leak), `leaks ${leak}`);
    }
  });

  test('a dependency 503 is retryable and carries the same wait as Retry-After', () => {
    const p = toProblem(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }));
    assert.equal(p.status, 503);
    assert.equal(p.retryable, true);
    assert.equal(typeof p.retryAfter, 'number');
    assert.ok(!JSON.stringify(p).includes('dependency'));
  });

  test('an overload 503 tells callers not to retry at every layer', () => {
    const p = toProblem(Object.assign(new Error('x'), { code: 'FL_OVERLOAD' }));
    assert.equal(p.status, 503);
    assert.equal(p.retryable, false);
  });

  test('an exposed HttpError shows its own title, type, detail and extensions', () => {
    const p = toProblem(
      new HttpError(422, 'name is required', {
        type: 'https://example.com/problems/validation',
        title: 'Invalid order',
        extensions: { errors: [{ field: 'name' }] },
      }),
    );
    assert.deepEqual(p, {
      type: 'https://example.com/problems/validation',
      title: 'Invalid order',
      status: 422,
      detail: 'name is required',
      errors: [{ field: 'name' }],
    });
  });

  test('extensions cannot overwrite the standard members', () => {
    const p = toProblem(new HttpError(400, 'x', { extensions: { status: 200, title: 'evil' } }));
    assert.equal(p.status, 400);
    assert.equal(p.title, 'Bad Request');
  });

  test('a 5xx HttpError hides its detail unless it opts in', () => {
    assert.notEqual(toProblem(new HttpError(503, 'db node 3 is down')).detail, 'db node 3 is down');
    assert.equal(toProblem(new HttpError(503, 'Maintenance', { expose: true })).detail, 'Maintenance');
  });

  test('development mode (exposeAll) shows message, type and category', () => {
    const p = toProblem(new TypeError('x is undefined'), { exposeAll: true });
    assert.equal(p.detail, 'x is undefined');
    assert.equal(p.errorType, 'TypeError');
    assert.equal(p.category, 'bug');
  });
});
