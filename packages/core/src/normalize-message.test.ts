import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_MESSAGE_LENGTH } from './limits.js';
import { normalizeMessage } from './normalize-message.js';

describe('normalizeMessage placeholders', () => {
  const cases: [string, string, string][] = [
    ['email', 'no user bob.smith+x@mail.example.com.', 'no user <email>.'],
    ['url (trailing period kept)', 'GET https://api.example.com/u/42?x=1. failed', 'GET <url>. failed'],
    ['url with credentials is one url', 'fetch https://user@host.example/x failed', 'fetch <url> failed'],
    ['ipv4 with port', 'connect ECONNREFUSED 127.0.0.1:5432', 'connect ECONNREFUSED <ip>:<int>'],
    ['ipv6 short', 'ping ::1 failed', 'ping <ip> failed'],
    ['ipv6 bracketed', 'listen [fe80::1ff:fe23:4567:890a]:80', 'listen [<ip>]:<int>'],
    ['ipv6 full', 'from 2001:0db8:85a3:0000:0000:8a2e:0370:7334', 'from <ip>'],
    ['uuid', 'order 550E8400-e29b-41d4-a716-446655440000 gone', 'order <uuid> gone'],
    ['sha1', 'commit 356a192b7913b04c54574d18c28d46e6395428ab', 'commit <hex>'],
    ['md5', 'etag d41d8cd98f00b204e9800998ecf8427e', 'etag <hex>'],
    ['0x', 'segfault at 0xDEADBEEF', 'segfault at <hex>'],
    ['git sha (7, mixed)', 'deployed a1b2c3d', 'deployed <hex>'],
    ['iso date', 'expired 2024-01-02T10:00:00.123Z', 'expired <date>'],
    ['iso date with offset', 'at 2024-01-02 10:00:00+02:00 ok', 'at <date> ok'],
    ['rfc 822', 'Date: Tue, 02 Jan 2024 15:04:05 GMT', 'Date: <date>'],
    ['Date#toString', 'at Tue Jan 02 2024 15:04:05 GMT+0000 (Coordinated Universal Time)!', 'at <date>!'],
    ['kitchen time', 'retry at 3:04PM', 'retry at <date>'],
    ['clock time', 'started 12:30:45', 'started <date>'],
    ['unix ms timestamp', 'ts=1700000000123', 'ts=<date>'],
    [
      'durations',
      'took 250ms then 1.5s, 3 minutes, 2 hours',
      'took <duration> then <duration>, <duration>, <duration>',
    ],
    ['float', 'ratio 0.75 exceeded 1e3', 'ratio <float> exceeded 1e3'],
    ['int', 'User 42 not found (HTTP 404)', 'User <int> not found (HTTP <int>)'],
    ['long number is an id', 'row 12345678 missing', 'row <hex> missing'],
    ['quoted', `Cannot find module 'express' or "koa"`, 'Cannot find module <quoted> or <quoted>'],
    ['key="quoted" and key=bool', 'query key="a b" strict=true', 'query key=<quoted> strict=<bool>'],
  ];
  for (const [name, input, expected] of cases) {
    test(name, () => assert.equal(normalizeMessage(input), expected));
  }
});

describe('normalizeMessage leaves words alone', () => {
  const unchanged = [
    'version 1.2.3 is required',
    "can't connect, won't retry",
    'user42 and E11000 and order_123',
    'deadbeef is a word',
    'file.js:10:30',
    'std::map failed',
  ];
  for (const input of unchanged) {
    test(JSON.stringify(input), () => {
      const out = normalizeMessage(input);
      // file.js:10:30 keeps its colons; only the numbers become ints.
      assert.equal(out, input === 'file.js:10:30' ? 'file.js:<int>:<int>' : input);
    });
  }

  test('messages that differ only in data normalize equally', () => {
    assert.equal(
      normalizeMessage('User 42 (bob@x.io) timed out after 1500ms at 10.0.0.1'),
      normalizeMessage('User 7 (amy@y.org) timed out after 20ms at 192.168.1.20'),
    );
    assert.notEqual(normalizeMessage('User 42 not found'), normalizeMessage('User 42 banned'));
  });
});

describe('normalizeMessage bounds', () => {
  test('input is cut at MAX_MESSAGE_LENGTH', () => {
    const out = normalizeMessage(`${'word '.repeat(MAX_MESSAGE_LENGTH)}42`);
    assert.ok(out.length <= MAX_MESSAGE_LENGTH);
    assert.ok(!out.includes('<int>'));
  });

  test('a non-string input gives an empty string', () => {
    assert.equal(normalizeMessage(undefined as unknown as string), '');
  });

  // Shapes that make naive patterns backtrack: long runs that almost match.
  const hostile: [string, string][] = [
    ['word chars', 'a'.repeat(100 * 1024)],
    ['digits', '1'.repeat(100 * 1024)],
    ['hex', 'ab12'.repeat(25 * 1024)],
    ['dotted', 'a.'.repeat(50 * 1024)],
    ['email-ish', 'a@b.'.repeat(25 * 1024)],
    ['url-ish', 'a+b://'.repeat(17 * 1024)],
    ['colons', '1:'.repeat(50 * 1024)],
    ['ipv6-ish', 'ab:'.repeat(34 * 1024)],
    ['quotes', `'a"`.repeat(34 * 1024)],
    ['open quote', `'${'a '.repeat(50 * 1024)}`],
    ['dates', '2024-01-0'.repeat(11 * 1024)],
    ['months', 'Jan 1 '.repeat(17 * 1024)],
    ['ip-ish', '1.1.1.'.repeat(17 * 1024)],
  ];
  for (const [name, input] of hostile) {
    test(`a 100 KB ${name} string finishes in under 50 ms`, () => {
      normalizeMessage(input.slice(0, 1000)); // warm up the regex compiler
      // The best of three: backtracking is slow every time, a busy machine's pause only once.
      let elapsed = Number.POSITIVE_INFINITY;
      for (let run = 0; run < 3; run++) {
        const started = performance.now();
        normalizeMessage(input);
        elapsed = Math.min(elapsed, performance.now() - started);
      }
      assert.ok(elapsed < 50, `${name}: ${elapsed.toFixed(1)} ms`);
    });
  }
});
