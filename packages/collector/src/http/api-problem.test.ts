import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { badRequest, LimitExceededError, ParseError, tooManyRequests } from '@faultline/core';
import { OutboundRefusedError } from '../alerts/outbound/outbound-refused-error.js';
import { AlertRuleError } from '../alerts/rules/alert-rule-error.js';
import { SilenceError } from '../alerts/silences/silence-error.js';
import { StoreUnavailableError } from '../store/store-errors.js';
import { API_ERROR_CODES, sendProblem } from './api-problem.js';

/** Answers one request with sendProblem(error) on a real server; returns status, headers, body. */
async function answer(error: unknown) {
  const server = http.createServer((_req, res) => sendProblem(res, error));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
  } finally {
    server.close();
  }
}

test('every error is an RFC 9457 problem with a stable code, whatever was thrown', async () => {
  const cases: [unknown, number, string][] = [
    [badRequest('limit must be a positive integer'), 400, 'FL_API_BAD_REQUEST'],
    [new ParseError('body is not JSON'), 400, 'FL_API_BAD_REQUEST'],
    [new LimitExceededError('MAX_JSON_DEPTH', 64), 400, 'FL_API_BAD_REQUEST'],
    [new LimitExceededError('MAX_API_BODY_BYTES', 1024, 2048, 'request body'), 413, 'FL_API_TOO_LARGE'],
    [tooManyRequests('too many failed logins', { retryAfter: 8 }), 429, 'FL_API_TOO_MANY_REQUESTS'],
    [
      new StoreUnavailableError('timeout', 'statement timeout', { retryAfterS: 7 }),
      503,
      'FL_STORE_UNAVAILABLE',
    ],
    [new Error('SELECT secret FROM users: syntax error'), 500, 'FL_API_INTERNAL'],
    ['a thrown string', 500, 'FL_API_INTERNAL'],
    [new AlertRuleError('trigger.count', 'trigger.count is an integer from 1 to 1000'), 400, 'FL_ALERT_RULE'],
    [new OutboundRefusedError('127.0.0.2 is loopback'), 400, 'FL_OUTBOUND_REFUSED'],
  ];
  for (const [error, status, code] of cases) {
    const { status: got, headers, body } = await answer(error);
    assert.equal(got, status, code);
    assert.equal(headers.get('content-type'), 'application/problem+json');
    assert.equal(body.status, status);
    assert.equal(body.code, code);
    assert.equal(typeof body.title, 'string');
  }
});

test('an alert rule error names its field; a refusal of the SSRF guard as its cause has its own code', async () => {
  const wrong = await answer(
    new AlertRuleError('channels[1].to[0]', 'channels[1].to[0] is an email address'),
  );
  assert.deepEqual(
    [wrong.body.code, wrong.body.field, wrong.body.detail],
    ['FL_ALERT_RULE', 'channels[1].to[0]', 'channels[1].to[0] is an email address'],
  );
  const refused = await answer(
    new AlertRuleError('channels[0].url', 'channels[0].url is refused: 10.0.0.1 is private', {
      cause: new OutboundRefusedError('10.0.0.1 is private'),
    }),
  );
  assert.deepEqual(
    [refused.status, refused.body.code, refused.body.field],
    [400, 'FL_OUTBOUND_REFUSED', 'channels[0].url'],
  );
});

test('a silence error is a 400 with its own code and field', async () => {
  const wrong = await answer(new SilenceError('endsAt', 'endsAt is not in the future'));
  assert.deepEqual(
    [wrong.status, wrong.body.code, wrong.body.field, wrong.body.detail],
    [400, 'FL_SILENCE', 'endsAt', 'endsAt is not in the future'],
  );
});

test('Retry-After travels as a header and in the body; a 500 says nothing of its cause', async () => {
  const down = await answer(
    new StoreUnavailableError('connection', 'ECONNREFUSED 10.0.0.5:5432', { retryAfterS: 7 }),
  );
  assert.equal(down.headers.get('retry-after'), '7');
  assert.equal(down.body.retryAfter, 7);
  assert.ok(!JSON.stringify(down.body).includes('10.0.0.5'), 'the cause stays in the log');
  const bug = await answer(new Error('SELECT secret FROM users: syntax error'));
  assert.ok(!JSON.stringify(bug.body).includes('secret'));
  assert.ok(Object.values(API_ERROR_CODES).every((c) => /^FL_API_[A-Z_]+$/.test(c)));
});
