import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError } from './api-error.js';
import { failureOf, failureWords } from './failure.js';

test("an API error keeps its status, code and the problem's words; anything else its message", () => {
  const error = new ApiError(
    503,
    'Service Unavailable: down',
    'GET',
    '/api/v1/issues',
    undefined,
    'down',
    'FL_STORE_UNAVAILABLE',
  );
  assert.deepEqual(failureOf(error), { status: 503, code: 'FL_STORE_UNAVAILABLE', detail: 'down' });
  assert.deepEqual(failureOf(new TypeError('Failed to fetch')), { detail: 'Failed to fetch' });
  assert.deepEqual(failureOf('odd'), { detail: 'odd' });
});

test('each kind of failure gets its own sentence; the detail keeps status, code and words', () => {
  const words = (status: number | undefined, detail = 'x') =>
    failureWords({ status, detail }, 'the issues').sentence;
  assert.match(words(undefined), /^Could not load the issues: the collector did not answer/);
  assert.match(words(401), /session has ended\. Log in again\.$/);
  assert.match(words(403), /^This login may not see the issues\.$/);
  assert.match(words(404), /^Could not find the issues/);
  assert.match(words(429), /Wait a moment/);
  assert.match(words(503), /busy or its database is not answering/);
  assert.match(words(500), /the collector failed/);
  assert.equal(words(400, 'unknown sort "x"'), 'Could not load the issues: unknown sort "x"');
  assert.equal(
    failureWords({ status: 503, code: 'FL_STORE_UNAVAILABLE', detail: 'down' }, 'the issues').detail,
    'HTTP 503 · FL_STORE_UNAVAILABLE · down',
  );
  assert.equal(failureWords({ detail: 'Failed to fetch' }, 'x').detail, 'no answer · Failed to fetch');
});
