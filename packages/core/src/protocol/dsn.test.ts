import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ParseError } from '../errors.js';
import { envelopeEndpoint, parseDsn } from './dsn.js';
import { formatSentryAuth, parseSentryAuthKey, sentryAuthQuery } from './sentry-auth.js';

describe('DSN', () => {
  test('every part, with a path prefix, a port and a legacy secret', () => {
    assert.deepEqual(parseDsn('https://abc:s3cret@errors.example.com:9000/sentry/42'), {
      protocol: 'https:',
      host: 'errors.example.com:9000',
      publicKey: 'abc',
      secretKey: 's3cret',
      pathPrefix: '/sentry',
      projectId: '42',
    });
  });

  test('the envelope endpoint keeps the prefix and drops the credentials', () => {
    assert.equal(
      envelopeEndpoint(parseDsn('http://k_1-2@127.0.0.1:8000/a/b/7')),
      'http://127.0.0.1:8000/a/b/api/7/envelope/',
    );
    assert.equal(envelopeEndpoint(parseDsn('http://k@h/1')), 'http://h/api/1/envelope/');
  });

  for (const [dsn, why] of [
    ['not a url', 'is not a URL'],
    ['ftp://k@h/1', 'scheme'],
    ['https://errors.example.com/1', 'no public key'],
    ['https://k@errors.example.com/', 'no public key or project id'],
    ['https://k%zz@h/1', 'percent-encoding'],
    ['https://k%20y@h/1', 'invalid characters'],
  ] as const)
    test(`refuses ${JSON.stringify(dsn)} saying why`, () => {
      assert.throws(
        () => parseDsn(dsn),
        (e: unknown) => e instanceof ParseError && e.message.includes(why),
      );
    });
});

describe('Sentry auth: what the reporter writes, the collector reads', () => {
  const auth = { publicKey: 'abc_123', client: 'faultline.server/0.1.0' };

  test('the header round-trips to its key', () => {
    const header = formatSentryAuth(auth);
    assert.match(header, /^Sentry sentry_version=7, /);
    assert.equal(parseSentryAuthKey(header), 'abc_123');
  });

  test('the query form carries the same pairs', () => {
    const q = new URLSearchParams(sentryAuthQuery(auth));
    assert.equal(q.get('sentry_key'), 'abc_123');
    assert.equal(q.get('sentry_version'), '7');
    assert.equal(q.get('sentry_client'), 'faultline.server/0.1.0');
  });

  test('another scheme or no key is not a Sentry key', () => {
    assert.equal(parseSentryAuthKey('Bearer flt_x'), undefined);
    assert.equal(parseSentryAuthKey('Sentry sentry_version=7'), undefined);
    assert.equal(parseSentryAuthKey('  sentry   SENTRY_KEY = k '), 'k');
  });
});
