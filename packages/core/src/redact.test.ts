import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_REDACT_STRING_LENGTH } from './limits.js';
import { createRedactor, REDACTED, redact, redactHeaders, redactString, redactUrl } from './redact.js';
import { secretKeysFor } from './redact-keys.js';

const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
const VISA = '4111 1111 1111 1111'; // Luhn-valid test number
const NOT_LUHN = '4111 1111 1111 1112';

describe('redact: by key', () => {
  test('secret keys at any depth, case-insensitive, with - and _ variants', () => {
    const input = {
      user: 'bob',
      Password: 'hunter2',
      nested: {
        deeper: { API_KEY: 'k1', 'x-api-key': 'k2', apiKey: 'k3', Client_Secret: 's', id_token: 't' },
      },
      list: [{ access_token: 'a', refresh_token: 'r', count: 3 }],
      cookies: 'sid=abc',
      PHPSESSID: 'p',
      JSESSIONID: 'j',
      'connect.sid': 'c',
      sid: 's',
      'X-CSRF-Token': 'x',
      db_password: 'pw',
      author: 'Ann', // not 'auth'
      monkey: 'George', // not 'key'
    };
    assert.deepEqual(redact(input), {
      user: 'bob',
      Password: REDACTED,
      nested: {
        deeper: {
          API_KEY: REDACTED,
          'x-api-key': REDACTED,
          apiKey: REDACTED,
          Client_Secret: REDACTED,
          id_token: REDACTED,
        },
      },
      list: [{ access_token: REDACTED, refresh_token: REDACTED, count: 3 }],
      cookies: REDACTED,
      PHPSESSID: REDACTED,
      JSESSIONID: REDACTED,
      'connect.sid': REDACTED,
      sid: REDACTED,
      'X-CSRF-Token': REDACTED,
      db_password: REDACTED,
      author: 'Ann',
      monkey: 'George',
    });
  });

  test('non-string secrets are replaced too; null and undefined stay', () => {
    assert.deepEqual(redact({ pin: 1, password: 1234, token: { a: 1 }, secret: null, pwd: undefined }), {
      pin: 1,
      password: REDACTED,
      token: REDACTED,
      secret: null,
      pwd: undefined,
    });
  });

  test('never mutates the input and returns a copy', () => {
    const input = { password: 'x', nested: { token: 'y' }, arr: [1] };
    const frozen = structuredClone(input);
    const out = redact(input);
    assert.deepEqual(input, frozen);
    assert.notEqual(out, input);
    assert.notEqual(out.nested, input.nested);
    assert.notEqual(out.arr, input.arr);
  });

  test('[name, value] pairs (Sentry headers/cookies as lists) are redacted by name', () => {
    const headers = [
      ['Authorization', 'Bearer abc'],
      ['Accept', 'text/html'],
    ];
    assert.deepEqual(redact({ request: { headers } }), {
      request: {
        headers: [
          ['Authorization', REDACTED],
          ['Accept', 'text/html'],
        ],
      },
    });
  });

  test('extra keys from options: strings (normalised) and regexes (g flag is harmless)', () => {
    const scrub = createRedactor({ keys: ['X-Tenant-Id', /^internal/g] });
    const out = scrub({ x_tenant_id: 'a', internalNote: 'b', internalOther: 'c', other: 'd' });
    assert.deepEqual(out, {
      x_tenant_id: REDACTED,
      internalNote: REDACTED,
      internalOther: REDACTED,
      other: 'd',
    });
    // defaults still apply
    assert.deepEqual(scrub({ password: 'x' }), { password: REDACTED });
  });

  test('Maps, Sets, Dates and Errors are copied and scrubbed', () => {
    const date = new Date(0);
    const out = redact({
      m: new Map<string, unknown>([
        ['token', 'x'],
        ['ok', 'password=y'],
      ]),
      s: new Set(['Bearer abcdef']),
      d: date,
      e: new Error('password=hunter2'),
    });
    assert.deepEqual(
      [...out.m],
      [
        ['token', REDACTED],
        ['ok', `password=${REDACTED}`],
      ],
    );
    assert.deepEqual([...out.s], [`Bearer ${REDACTED}`]);
    assert.equal(out.d.getTime(), 0);
    assert.notEqual(out.d, date);
    const e = out.e as unknown as Record<string, string>;
    assert.equal(e.name, 'Error');
    assert.equal(e.message, `password=${REDACTED}`);
    assert.ok(!e.stack?.includes('hunter2'));
  });

  test('a __proto__ key from JSON.parse stays data and does not pollute', () => {
    const input = JSON.parse('{"__proto__":{"token":"x","polluted":true}}');
    const out = redact(input) as Record<string, unknown>;
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf(out), Object.prototype);
    assert.deepEqual(Object.getOwnPropertyDescriptor(out, '__proto__')?.value, {
      token: REDACTED,
      polluted: true,
    });
  });
});

describe('redact: bounds and hostile objects', () => {
  test('cycles become [Circular]; shared (non-cyclic) references are copied', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    const shared = { v: 1 };
    const out = redact({ a, x: shared, y: shared, list: [a] });
    assert.deepEqual(out, {
      a: { name: 'a', self: '[Circular]' },
      x: { v: 1 },
      y: { v: 1 },
      list: [{ name: 'a', self: '[Circular]' }],
    });
  });

  test('depth bound', () => {
    const out = redact({ a: { b: { c: { d: 1 } } } }, { maxDepth: 2 });
    assert.deepEqual(out, { a: { b: '[MaxDepth]' } });
    let deep: Record<string, unknown> = { password: 'x' };
    for (let i = 0; i < 10_000; i++) deep = { next: deep };
    assert.doesNotThrow(() => redact(deep)); // no stack overflow: MAX_REDACT_DEPTH stops the walk
  });

  test('node bound, including a huge sparse array', () => {
    assert.deepEqual(redact([1, 2, 3, 4], { maxNodes: 2 }), [1, 2, '[Truncated]']);
    assert.deepEqual(redact({ a: 1, b: 2, c: { d: 1 } }, { maxNodes: 2 }), { a: 1, b: 2, c: '[Truncated]' });
    const sparse = new Array(2 ** 32 - 1);
    const t0 = performance.now();
    const out = redact(sparse) as unknown[];
    assert.ok(out.length <= 10_001);
    assert.ok(performance.now() - t0 < 1000);
  });

  test('a Proxy whose every trap throws does not throw', () => {
    const handler = new Proxy(
      {},
      {
        get: () => () => {
          throw new Error('trap');
        },
      },
    );
    const hostile = new Proxy({}, handler);
    assert.deepEqual(redact({ ok: 'password=x', hostile }), {
      ok: `password=${REDACTED}`,
      hostile: '[Unreadable]',
    });
    assert.equal(redact(hostile), '[Unreadable]');
    const { proxy, revoke } = Proxy.revocable([], {});
    revoke();
    assert.deepEqual(redact({ proxy }), { proxy: '[Unreadable]' });
  });

  test('throwing getters give undefined, other keys survive', () => {
    const obj = {
      get boom(): string {
        throw new Error('getter');
      },
      token: 'x',
      fine: 'y',
    };
    assert.deepEqual(redact(obj), { boom: undefined, token: REDACTED, fine: 'y' });
  });

  test('primitives pass through; strings are scanned', () => {
    assert.equal(redact(42), 42);
    assert.equal(redact(null), null);
    assert.equal(redact(undefined), undefined);
    assert.equal(redact(`Bearer ${JWT}`), `Bearer ${REDACTED}`);
  });
});

describe('redactString: by value', () => {
  const cases: [string, string, string][] = [
    [
      'key=value in a message',
      'login failed: password=hunter2 for bob',
      `login failed: password=${REDACTED} for bob`,
    ],
    ['colon separator', 'token: abc123', `token: ${REDACTED}`],
    [
      'SQL-ish quoted',
      "WHERE password = 'hunter2' AND name = 'bob'",
      `WHERE password = '${REDACTED}' AND name = 'bob'`,
    ],
    ['JSON text', '{"password":"hunter2","user":"bob"}', `{"password":"${REDACTED}","user":"bob"}`],
    ['env style', 'DB_PASSWORD=s3cr3t npm start', `DB_PASSWORD=${REDACTED} npm start`],
    ['query string', 'GET /cb?code=1&access_token=abc&x=2', `GET /cb?code=1&access_token=${REDACTED}&x=2`],
    [
      'URL in a message',
      'fetch failed: https://a.io/v1?api_key=123&q=2',
      `fetch failed: https://a.io/v1?api_key=${REDACTED}&q=2`,
    ],
    ['header line', 'Authorization: Bearer abc.def', `Authorization: ${REDACTED}`],
    ['bearer token', 'sent Bearer abc-123_x.y~z+/= ok', `sent Bearer ${REDACTED} ok`],
    ['basic credentials', 'Basic dXNlcjpwYXNz', `Basic ${REDACTED}`],
    ['prose "basic" is not a credential', 'basic validation failed', 'basic validation failed'],
    ['JWT', `jwt ${JWT} end`, `jwt ${REDACTED} end`],
    ['JWT with an empty signature', 'x eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0. y', `x ${REDACTED} y`],
    ['URL userinfo', 'https://user:p4ss@host.io/x', `https://user:${REDACTED}@host.io/x`],
    ['URL userinfo with @ in the password', 'https://u:p@ss@host.io/', `https://u:${REDACTED}@host.io/`],
    ['userinfo named token keeps the host', 'https://token:abc@host/x', `https://token:${REDACTED}@host/x`],
    ['Luhn-valid card', `card ${VISA} ok`, `card ${REDACTED} ok`],
    ['Luhn-valid card with dashes', 'card 5555-5555-5555-4444.', `card ${REDACTED}.`],
    ['Luhn-valid card, no separators', 'pan=378282246310005', `pan=${REDACTED}`],
    ['Luhn-invalid card is kept', `card ${NOT_LUHN} ok`, `card ${NOT_LUHN} ok`],
    ['a 20-digit id is not a card', 'id 41111111111111111111', 'id 41111111111111111111'],
    [
      'timestamps and hex ids are kept',
      'at 1735689600123 id 9ec79c33ec9942ab8353589fcb2e04dc',
      'at 1735689600123 id 9ec79c33ec9942ab8353589fcb2e04dc',
    ],
    [
      'stack positions in token.js are not secrets',
      'at h (/app/src/token.js:10:5)',
      'at h (/app/src/token.js:10:5)',
    ],
    [
      'harmless text is unchanged',
      'Error: connect ECONNREFUSED 127.0.0.1:5432',
      'Error: connect ECONNREFUSED 127.0.0.1:5432',
    ],
  ];
  for (const [name, input, expected] of cases) {
    test(name, () => assert.equal(redactString(input), expected));
  }

  test('idempotent', () => {
    for (const [, input] of cases) {
      const once = redactString(input);
      assert.equal(redactString(once), once);
    }
  });

  test('long strings are truncated to MAX_REDACT_STRING_LENGTH first', () => {
    const out = redactString('a'.repeat(MAX_REDACT_STRING_LENGTH + 100));
    assert.equal(out.length, MAX_REDACT_STRING_LENGTH + 1); // plus the ellipsis
    assert.ok(out.endsWith('…'));
  });

  test('hostile 100 KB strings finish fast (linear-time patterns)', () => {
    const hostile = [
      'a'.repeat(100_000),
      'eyJ'.repeat(34_000),
      `${'eyJa.'.repeat(20_000)}`,
      'a:'.repeat(50_000),
      'a="'.repeat(34_000),
      '://'.repeat(34_000),
      '://a:'.repeat(20_000),
      '1 '.repeat(50_000),
      '4-'.repeat(50_000),
      'bearer '.repeat(15_000),
      `password=${'x'.repeat(100_000)}`,
      ' '.repeat(100_000),
      '=:'.repeat(50_000),
    ];
    for (const s of hostile) {
      const t0 = performance.now();
      redactString(s);
      const ms = performance.now() - t0;
      assert.ok(ms < 250, `${s.slice(0, 12)}… took ${ms.toFixed(0)} ms`);
    }
  });
});

describe('redactUrl', () => {
  test('query params by key, userinfo, and the fragment', () => {
    assert.equal(
      redactUrl('https://u:p@x.io/cb?code=1&access_token=abc#id_token=t&state=s'),
      `https://u:${REDACTED}@x.io/cb?code=1&access_token=${REDACTED}#id_token=${REDACTED}&state=s`,
    );
  });

  test('percent-encoded names and values with secrets inside', () => {
    assert.equal(redactUrl('/a?api%5Fkey=1&x=2'), `/a?api%5Fkey=${REDACTED}&x=2`);
    assert.equal(redactUrl(`/a?next=%2Flogin%3Fpassword%3Dx&j=${JWT}`), `/a?next=${REDACTED}&j=${REDACTED}`);
    assert.equal(redactUrl('/a?q=%E0%A4%A'), '/a?q=%E0%A4%A'); // malformed encoding is kept as is
  });

  test('everything else is kept byte for byte', () => {
    const url = 'https://example.com/users/42?page=2&sort=name&empty=&flag#section';
    assert.equal(redactUrl(url), url);
  });

  test('extra keys from options', () => {
    assert.equal(redactUrl('/a?tenant=1&b=2', { keys: ['tenant'] }), `/a?tenant=${REDACTED}&b=2`);
  });
});

describe('redactHeaders', () => {
  test('lower-cases names, joins arrays, redacts secret headers and scans others', () => {
    const out = redactHeaders({
      Authorization: 'Bearer abc',
      'Proxy-Authorization': 'Basic dXNlcjpwYXNz',
      Cookie: 'a=b; session=c',
      'Set-Cookie': ['a=b', 'c=d'],
      'X-Api-Key': 'k',
      'X-CSRF-Token': 't',
      Accept: ['text/html', 'application/json'],
      Referer: 'https://x.io/?token=abc&page=1',
      'X-Missing': undefined,
      'Content-Type': 'application/json',
    });
    assert.deepEqual(out, {
      authorization: REDACTED,
      'proxy-authorization': REDACTED,
      cookie: REDACTED,
      'set-cookie': REDACTED,
      'x-api-key': REDACTED,
      'x-csrf-token': REDACTED,
      accept: 'text/html, application/json',
      referer: `https://x.io/?token=${REDACTED}&page=1`,
      'content-type': 'application/json',
    });
  });

  test('names differing only in case are merged', () => {
    assert.deepEqual(redactHeaders({ Accept: 'a', accept: 'b' }), { accept: 'a, b' });
  });

  test('hostile header objects do not throw', () => {
    const hostile = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('x');
        },
      },
    );
    assert.deepEqual(redactHeaders(hostile as Record<string, string>), {});
    const bad = {
      toString: () => {
        throw new Error('y');
      },
    };
    assert.deepEqual(redactHeaders({ a: bad } as unknown as Record<string, string>), { a: '[Unreadable]' });
  });
});

test('a key list is compiled once per array, and no extra keys share the default list', () => {
  const extra = ['x-tenant-secret'];
  assert.equal(secretKeysFor(extra), secretKeysFor(extra), 'the same array: compiled once');
  assert.notEqual(secretKeysFor(extra), secretKeysFor(['x-tenant-secret']), 'a new array is read anew');
  assert.equal(secretKeysFor([]), secretKeysFor(undefined));
  assert.equal(secretKeysFor(extra).isSecret('X_Tenant_Secret'), true);
  assert.equal(redactUrl('/a?x-tenant-secret=1&b=2', { keys: extra }), '/a?x-tenant-secret=[Filtered]&b=2');
});
