import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  MAX_BREADCRUMBS_SHOWN,
  MAX_CONTEXTS_SHOWN,
  MAX_JSON_TEXT_CHARS,
  MAX_KV_ROWS_SHOWN,
  MAX_RAW_JSON_CHARS,
} from '../limits.js';
import { exceptionChain } from './event-data.js';
import {
  breadcrumbsOf,
  contextsOf,
  extraOf,
  rawJsonFileName,
  rawJsonOf,
  sdkLabel,
  sdkOf,
  storyOf,
  userOf,
} from './event-story.js';

const SCRIPT = '<script>alert(1)</script>';

test('breadcrumbs read newest first, the last one at or before the event marked', () => {
  const crumbs = breadcrumbsOf({
    timestamp: 1_700_000_010.5,
    breadcrumbs: {
      values: [
        { timestamp: 1_700_000_001, category: 'http', message: 'GET /cart', level: 'info' },
        { timestamp: '2023-11-14T22:13:30.500Z', category: 'db', message: 'select', data: { rows: 0 } },
        { timestamp: 1_700_000_011, category: 'console', message: 'after the error' },
        'not a crumb',
      ],
    },
  });
  assert.deepEqual(
    crumbs.items.map((c) => [c.message, c.nearest]),
    [
      ['after the error', false],
      ['select', true],
      ['GET /cart', false],
    ],
  );
  assert.equal(crumbs.items[1]?.time, '2023-11-14T22:13:30.500Z');
  assert.deepEqual(crumbs.items[1]?.data.rows, [['rows', '0']]);
  assert.equal(crumbs.items[2]?.level, 'info');
  assert.equal(crumbs.items[1]?.level, 'info', 'a crumb without a level is info (the protocol default)');
  assert.equal(crumbs.more, 0);
});

test('breadcrumbs as a bare list (older SDKs) read the same; an event without a time marks none', () => {
  const crumbs = breadcrumbsOf({
    breadcrumbs: [
      { timestamp: 1, message: 'a' },
      { timestamp: 2, message: 'b' },
    ],
  });
  assert.deepEqual(
    crumbs.items.map((c) => c.message),
    ['b', 'a'],
  );
  assert.ok(crumbs.items.every((c) => !c.nearest));
});

test('breadcrumbs of hostile shapes: wrong types read as absent, a huge list is cut to the newest', () => {
  for (const breadcrumbs of [5, 'x', null, { values: 'no' }, { values: { 0: {} } }])
    assert.deepEqual(breadcrumbsOf({ breadcrumbs }), { items: [], more: 0 });
  const odd = breadcrumbsOf({
    timestamp: 'nonsense',
    breadcrumbs: [
      { timestamp: { deep: 1 }, message: ['a'], category: 7, level: false, data: 'flat' },
      { timestamp: Number.NaN, message: `${SCRIPT}\u0000\u001b[31m` },
      { timestamp: 1e300 },
    ],
  });
  assert.deepEqual(
    odd.items.map((c) => [c.time, c.message, c.category, c.level, c.data.rows.length, c.nearest]),
    [
      [undefined, '', '', 'info', 0, false],
      [undefined, `${SCRIPT}\\u0000\\u001B[31m`, '', 'info', 0, false],
      [undefined, '', '7', 'false', 0, false],
    ],
  );
  const huge = Array.from({ length: 50_000 }, (_, i) => ({ timestamp: i, message: `m${i}` }));
  const cut = breadcrumbsOf({ timestamp: 49_990, breadcrumbs: { values: huge } });
  assert.equal(cut.items.length, MAX_BREADCRUMBS_SHOWN);
  assert.equal(cut.more, 50_000 - MAX_BREADCRUMBS_SHOWN);
  assert.equal(cut.items[0]?.message, 'm49999');
  assert.deepEqual(
    cut.items.filter((c) => c.nearest).map((c) => c.message),
    ['m49990'],
  );
});

test('the user: protocol fields first, geo as one line, other keys after; absent when not an object', () => {
  const user = userOf({
    user: {
      plan: 'pro',
      id: 42,
      email: 'ada@example.com',
      ip_address: '{{auto}}',
      username: 'ada',
      segment: 'beta',
      geo: { city: 'Vienna', country_code: 'AT', region: 'Wien' },
      password: '[Filtered]',
    },
  });
  assert.deepEqual(user?.rows, [
    ['id', '42'],
    ['username', 'ada'],
    ['email', 'ada@example.com'],
    ['ip_address', '{{auto}}'],
    ['segment', 'beta'],
    ['geo', 'Vienna, Wien, AT'],
    ['plan', 'pro'],
    ['password', '[Filtered]'],
  ]);
  for (const u of [undefined, 'ada', [1], {}]) assert.equal(userOf({ user: u }), undefined);
  assert.deepEqual(userOf({ user: { id: { nested: [1] }, geo: 'x' } })?.rows, [['id', '{"nested":[1]}']]);
});

test('contexts: one table each in the order sent, type shown when it differs, nested values as JSON', () => {
  const contexts = contextsOf({
    contexts: {
      runtime: { name: 'node', version: 'v20.1.0', type: 'runtime' },
      checkout: { cart: { lines: [1, 2] }, step: 3, paid: false, note: SCRIPT },
      host_os: { type: 'os', name: 'Linux' },
      broken: 'not an object',
      list: [1, 2],
    },
  });
  assert.deepEqual(
    contexts.map((c) => [c.name, c.type, c.values.rows]),
    [
      [
        'runtime',
        undefined,
        [
          ['name', 'node'],
          ['version', 'v20.1.0'],
        ],
      ],
      [
        'checkout',
        undefined,
        [
          ['cart', '{"lines":[1,2]}'],
          ['step', '3'],
          ['paid', 'false'],
          ['note', SCRIPT],
        ],
      ],
      ['host_os', 'os', [['name', 'Linux']]],
    ],
  );
  for (const c of [undefined, 5, 'x', [{ a: 1 }]]) assert.deepEqual(contextsOf({ contexts: c }), []);
  const many = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`c${i}`, { i }]));
  assert.equal(contextsOf({ contexts: many }).length, MAX_CONTEXTS_SHOWN);
});

test('extra and tables: rows bounded with a count of the rest, values bounded in length and depth', () => {
  const wide = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, i]));
  const extra = extraOf({ extra: wide });
  assert.equal(extra.rows.length, MAX_KV_ROWS_SHOWN);
  assert.equal(extra.more, 1000 - MAX_KV_ROWS_SHOWN);

  let deep: unknown = 'bottom';
  for (let i = 0; i < 5000; i++) deep = { d: deep };
  const long = 'x'.repeat(100_000);
  const rows = extraOf({ extra: { deep, long: [long], big: Array.from({ length: 100_000 }, () => 1) } }).rows;
  const [deepText, longText, bigText] = rows.map(([, v]) => v);
  assert.ok(deepText?.includes('{…}') && !deepText.includes('bottom'), deepText);
  assert.ok((longText?.length ?? 0) <= MAX_JSON_TEXT_CHARS + 1 && longText?.endsWith('…'));
  assert.ok((bigText?.length ?? 0) <= MAX_JSON_TEXT_CHARS + 1 && bigText?.startsWith('[1,1,'));
  assert.deepEqual(extraOf({ extra: [1, 2] }), { rows: [], more: 0 });
  assert.deepEqual(
    extraOf({ extra: { bell: 'a\u0007b', nan: Number.NaN, f: { g: Number.POSITIVE_INFINITY } } }).rows,
    [
      ['bell', 'a\\u0007b'],
      ['nan', 'NaN'],
      ['f', '{"g":null}'],
    ],
  );
});

test('frame locals (sentry-python `vars`) are read per frame, bounded, hostile values as text', () => {
  const [link] = exceptionChain({
    exception: {
      values: [
        {
          type: 'ZeroDivisionError',
          stacktrace: {
            frames: [
              { function: 'a', vars: { total: 0, items: ['x'], label: SCRIPT } },
              { function: 'b', vars: 'nope' },
            ],
          },
        },
      ],
    },
  });
  assert.deepEqual(
    link?.frames.map((f) => f.vars.rows),
    [
      [],
      [
        ['total', '0'],
        ['items', '["x"]'],
        ['label', SCRIPT],
      ],
    ],
  );
});

test('the SDK as it names itself, with its integrations counted', () => {
  assert.equal(
    sdkLabel(sdkOf({ sdk: { name: 'sentry.python', version: '1.9.10', integrations: ['a', 'b'] } })),
    'sentry.python 1.9.10 (2 integrations)',
  );
  assert.equal(sdkLabel(sdkOf({ sdk: { name: 'x', integrations: [1] } })), 'x (1 integration)');
  for (const sdk of [undefined, 'sentry', { version: '1' }, { name: '' }])
    assert.equal(sdkOf({ sdk }), undefined);
  assert.equal(sdkLabel(undefined), undefined);
});

test('the raw JSON: whole for the download, cut for the page, written once per payload', () => {
  const payload = { event_id: 'ab', big: 'y'.repeat(MAX_RAW_JSON_CHARS) };
  const raw = rawJsonOf(payload);
  assert.deepEqual(JSON.parse(raw.full), payload);
  assert.equal(raw.cut, true);
  assert.equal(raw.shown.length, MAX_RAW_JSON_CHARS + 1);
  assert.equal(rawJsonOf(payload), raw, 'cached');
  assert.equal(rawJsonOf({ a: 1 }).cut, false);
  assert.equal(
    rawJsonFileName('0123456789abcdef0123456789abcdef'),
    'event-0123456789abcdef0123456789abcdef.json',
  );
  assert.equal(rawJsonFileName('../x y'), 'event-___x_y.json');
});

test('the story of a payload is read once and is what the readers say', () => {
  const payload = { user: { id: 1 }, extra: { a: 1 }, breadcrumbs: [{ message: 'm' }] };
  const story = storyOf(payload);
  assert.equal(storyOf(payload), story, 'cached per payload object');
  assert.deepEqual(story.user, userOf(payload));
  assert.deepEqual(story.extra.rows, [['a', '1']]);
  assert.deepEqual(
    story.breadcrumbs.items.map((c) => c.message),
    ['m'],
  );
});
