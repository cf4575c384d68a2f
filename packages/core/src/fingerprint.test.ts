import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { ExceptionValue, SentryEvent, StackFrame } from './event.js';
import { toExceptionValues } from './exception.js';
import { fingerprint, fingerprintComponents, GROUPING_VERSION } from './fingerprint.js';
import { fixtureApps } from './fixture-apps.test-helper.js';

type UsersModule = typeof import('./fixtures/app-a/routes/users.js');

const FIXTURES = fixtureApps();
const apps = {
  a: fileURLToPath(new URL('app-a', FIXTURES)),
  b: fileURLToPath(new URL('app-b', FIXTURES)),
};
const load = (app: 'a' | 'b'): Promise<UsersModule> =>
  import(new URL(`app-${app}/routes/users.js`, FIXTURES).href);

/** The event the reporter would send for what `run` throws, deployed at app `app`. */
async function eventFrom(app: 'a' | 'b', run: (users: UsersModule) => unknown): Promise<SentryEvent> {
  const users = await load(app);
  try {
    await run(users);
  } catch (error) {
    return { exception: { values: toExceptionValues(error, { root: apps[app] }) } };
  }
  assert.fail('the fixture did not throw');
}

const frame = (fields: StackFrame): StackFrame => ({ in_app: true, ...fields });
const exceptionEvent = (...values: ExceptionValue[]): SentryEvent => ({ exception: { values } });
const withFrames = (type: string, frames: StackFrame[], value = 'x'): ExceptionValue => ({
  type,
  value,
  stacktrace: { frames },
});

describe('fingerprint of real errors', () => {
  test('the same bug from two deploy roots at different line numbers is one group', async () => {
    const a = await eventFrom('a', (u) => u.showUser(0));
    const b = await eventFrom('b', (u) => u.showUser(0));
    const crashA = (a.exception as { values: ExceptionValue[] }).values[0]!.stacktrace!.frames.at(-1)!;
    const crashB = (b.exception as { values: ExceptionValue[] }).values[0]!.stacktrace!.frames.at(-1)!;
    // The test can fail: the raw frames really do differ.
    assert.notEqual(crashA.lineno, crashB.lineno);
    assert.notEqual(crashA.abs_path, crashB.abs_path);
    assert.equal(fingerprint(a), fingerprint(b));
    assert.deepEqual(fingerprintComponents(a).slice(-3), [
      'frame:routes:users showUser',
      'frame:routes:users getUser',
      'frame:routes:users loadUser',
    ]);
  });

  test('components hold no line numbers, deploy paths or library frames', async () => {
    const components = fingerprintComponents(await eventFrom('a', (u) => u.getUser(0)));
    assert.equal(components[0], 'type:TypeError');
    for (const c of components) {
      assert.doesNotMatch(c, /\d|fixtures|fake-lib|node:/, c);
    }
  });

  test('two different bugs are two groups', async () => {
    const readBug = await eventFrom('a', (u) => u.getUser(0));
    const rangeBug = await eventFrom('a', (u) => u.createUser(-1));
    const mapBug = await eventFrom('a', (u) => u.mapUsers([0]));
    const hashes = new Set([fingerprint(readBug), fingerprint(rangeBug), fingerprint(mapBug)]);
    assert.equal(hashes.size, 3);
  });

  test('eval frames do not contribute; functions defined in eval code do', async () => {
    const components = fingerprintComponents(await eventFrom('a', (u) => u.evalUser()));
    assert.deepEqual(components.slice(-2), ['frame:routes:users evalUser', 'frame:routes:users evaluated']);
  });

  test('a cause chain groups on every exception in it', async () => {
    const inner = new TypeError('pool failed');
    const outer = new Error('db down', { cause: inner });
    const chained = fingerprintComponents({ exception: { values: toExceptionValues(outer) } });
    assert.equal(chained.filter((c) => c.startsWith('type:')).length, 2);
    assert.equal(chained.indexOf('type:TypeError') < chained.indexOf('type:Error'), true);
  });

  test('thrown strings group on their normalized text, not where they were caught', () => {
    const hash = (thrown: unknown) => fingerprint(exceptionEvent(...toExceptionValues(thrown)));
    assert.equal(hash('user 42 missing'), hash('user 7 missing'));
    assert.notEqual(hash('user 42 missing'), hash('quota exceeded'));
    assert.deepEqual(fingerprintComponents(exceptionEvent(...toExceptionValues('boom'))), [
      'value:Non-Error thrown: boom',
    ]);
  });
});

describe('default grouping rules', () => {
  const app = [
    frame({ module: 'server', function: 'main' }),
    frame({ module: 'fastify.lib:route', function: 'handle', in_app: false }),
    frame({ module: 'routes:users', function: 'getUser', lineno: 10 }),
  ];

  test('in-app frames only; module + function; type first', () => {
    assert.deepEqual(fingerprintComponents(exceptionEvent(withFrames('TypeError', app))), [
      'type:TypeError',
      'frame:server main',
      'frame:routes:users getUser',
    ]);
  });

  test('the value does not count when frames do; it does without frames', () => {
    assert.equal(
      fingerprint(exceptionEvent(withFrames('TypeError', app, 'a'))),
      fingerprint(exceptionEvent(withFrames('TypeError', app, 'b'))),
    );
    const bare = (value: string) => exceptionEvent({ type: 'Error', value });
    assert.deepEqual(fingerprintComponents(bare('User 42 not found')), [
      'type:Error',
      'value:User <int> not found',
    ]);
    assert.equal(fingerprint(bare('User 42 not found')), fingerprint(bare('User 43 not found')));
    assert.notEqual(fingerprint(bare('User 42 not found')), fingerprint(bare('User 42 banned')));
  });

  test('without in-app frames, every frame counts (system variant)', () => {
    const system = app.map((f) => ({ ...f, in_app: false }));
    assert.deepEqual(fingerprintComponents(exceptionEvent(withFrames('Error', system))), [
      'type:Error',
      'frame:server main',
      'frame:fastify.lib:route handle',
      'frame:routes:users getUser',
    ]);
  });

  test('the app variant is chosen per event: a library-only cause contributes its value', () => {
    const cause = withFrames(
      'Error',
      [frame({ module: 'pg:client', function: 'query', in_app: false })],
      'ECONNREFUSED 10.0.0.1:5432',
    );
    assert.deepEqual(fingerprintComponents(exceptionEvent(cause, withFrames('Error', app))), [
      'type:Error',
      'value:ECONNREFUSED <ip>:<int>',
      'type:Error',
      'frame:server main',
      'frame:routes:users getUser',
    ]);
  });

  test('synthetic mechanisms do not group on the type', () => {
    const value: ExceptionValue = {
      type: 'Error',
      value: 'x',
      mechanism: { type: 'generic', synthetic: true },
    };
    assert.deepEqual(fingerprintComponents(exceptionEvent(value)), ['value:x']);
  });

  test('a bare exception array is read like { values }', () => {
    const value = withFrames('TypeError', app);
    assert.equal(fingerprint({ exception: [value] }), fingerprint(exceptionEvent(value)));
  });

  test('function names: receiver, async and [as alias] dropped; unknown names dropped', () => {
    const names = ['getUser', 'Module.getUser', 'async getUser', 'UserRoutes.getUser [as get]'];
    const hashes = names.map((fn) =>
      fingerprint(exceptionEvent(withFrames('E', [frame({ module: 'routes:users', function: fn })]))),
    );
    assert.equal(new Set(hashes).size, 1);
    for (const unknown of ['<anonymous>', 'Object.<anonymous>', '?', 'Anonymous function']) {
      const event = exceptionEvent(withFrames('E', [frame({ module: 'routes:users', function: unknown })]));
      assert.deepEqual(fingerprintComponents(event), ['type:E', 'frame:routes:users']);
    }
  });

  test('without a module, a frame contributes its lowercased file base name', () => {
    const f = frame({ filename: 'C:\\App\\Routes\\Users.js', function: 'getUser' });
    assert.deepEqual(fingerprintComponents(exceptionEvent(withFrames('E', [f]))), [
      'type:E',
      'frame:users.js getUser',
    ]);
  });

  test('build content hashes in file and module names do not split groups', () => {
    const hashed = (module: string | undefined, filename: string) =>
      fingerprint(exceptionEvent(withFrames('E', [frame({ module, filename, function: 'render' })])));
    assert.equal(hashed(undefined, 'static/main.3f9a8b2c.js'), hashed(undefined, 'static/main.77aa00ff.js'));
    assert.equal(
      hashed(undefined, 'assets/index-BkD9f3xA.js'),
      hashed(undefined, 'assets/index-Zq81LmP0.js'),
    );
    assert.equal(hashed('static.js:main.3f9a8b2c', 'x'), hashed('static.js:main.0c1d2e3f', 'y'));
    assert.notEqual(hashed(undefined, 'user-profile2.js'), hashed(undefined, 'user-profile3.js'));
    assert.deepEqual(
      fingerprintComponents(
        exceptionEvent(withFrames('E', [frame({ filename: 'main.3f9a8b2c.js', function: 'f' })])),
      ),
      ['type:E', 'frame:main.js f'],
    );
  });

  test('recursion contributes once; low-quality frames not at all', () => {
    const rec = frame({ abs_path: '/a/r.js', module: 'r', function: 'walk', lineno: 3, colno: 1 });
    const noise = [
      frame({ function: 'eval', module: 'x' }),
      frame({ abs_path: '<anonymous>', function: 'Array.map' }),
      frame({ abs_path: '[native code]', function: 'forEach' }),
    ];
    assert.deepEqual(fingerprintComponents(exceptionEvent(withFrames('E', [rec, rec, rec, ...noise]))), [
      'type:E',
      'frame:r walk',
    ]);
  });

  test('URL-origin frames contribute their function only; a lone nameless URL frame nothing', () => {
    const url = frame({ abs_path: 'https://cdn.example/app.js', filename: '/app.js', function: 'render' });
    assert.deepEqual(fingerprintComponents(exceptionEvent(withFrames('E', [url]))), [
      'type:E',
      'frame:render',
    ]);
    const lone = frame({ abs_path: 'https://cdn.example/app.js', filename: '/app.js' });
    assert.deepEqual(fingerprintComponents(exceptionEvent(withFrames('E', [lone], 'Failed to fetch'))), [
      'type:E',
      'value:Failed to fetch',
    ]);
  });

  test('a browser module that is just the URL path tail is not a module', () => {
    const f = frame({ abs_path: '/srv/static/js/app.js', module: 'static/js/app.js', function: 'f' });
    assert.deepEqual(fingerprintComponents(exceptionEvent(withFrames('E', [f]))), [
      'type:E',
      'frame:app.js f',
    ]);
  });
});

describe('fallbacks without exceptions', () => {
  test('message: raw template first, first line only, normalized', () => {
    const a = { logentry: { message: 'User %s not found', formatted: 'User bob not found' } };
    assert.deepEqual(fingerprintComponents(a), ['message:User %s not found']);
    assert.deepEqual(fingerprintComponents({ message: 'Disk 98% full\non /dev/sda1' }), [
      'message:Disk <int>% full',
    ]);
    assert.deepEqual(fingerprintComponents({ message: { formatted: 'took 5s' } }), [
      'message:took <duration>',
    ]);
  });

  test('one thread with a stack trace, else a bare stack trace', () => {
    const stacktrace = { frames: [frame({ module: 'jobs', function: 'run' })] };
    assert.deepEqual(fingerprintComponents({ threads: { values: [{ stacktrace }] }, message: 'm' }), [
      'frame:jobs run',
    ]);
    assert.deepEqual(fingerprintComponents({ stacktrace, message: 'm' } as SentryEvent), ['frame:jobs run']);
    const two = { threads: { values: [{ stacktrace }, { stacktrace }] }, message: 'm' };
    assert.deepEqual(fingerprintComponents(two), ['message:m']);
  });

  test('an event with nothing to group on still gets a stable hash', () => {
    assert.deepEqual(fingerprintComponents({}), ['fallback:<no grouping information>']);
    assert.equal(fingerprint({}), fingerprint({ level: 'info' }));
  });
});

describe('SDK fingerprints', () => {
  const base = exceptionEvent(
    withFrames('TypeError', [frame({ module: 'routes:users', function: 'getUser' })]),
  );

  test('without {{ default }} the fingerprint alone decides', () => {
    const other = exceptionEvent({ type: 'RangeError', value: 'different' });
    assert.deepEqual(fingerprintComponents({ ...base, fingerprint: ['db-outage'] }), [
      'fingerprint:db-outage',
    ]);
    assert.equal(
      fingerprint({ ...base, fingerprint: ['db-outage'] }),
      fingerprint({ ...other, fingerprint: ['db-outage'] }),
    );
  });

  test('{{ default }} alone equals the default grouping; with more entries it splits', () => {
    assert.equal(fingerprint({ ...base, fingerprint: ['{{ default }}'] }), fingerprint(base));
    assert.equal(fingerprint({ ...base, fingerprint: ['{{default}}'] }), fingerprint(base));
    const route = (transaction: string) => ({
      ...base,
      transaction,
      fingerprint: ['{{ default }}', '{{ transaction }}'],
    });
    assert.deepEqual(fingerprintComponents(route('GET /users/:id')), [
      'type:TypeError',
      'frame:routes:users getUser',
      'fingerprint:GET /users/:id',
    ]);
    assert.notEqual(fingerprint(route('GET /users/:id')), fingerprint(route('GET /orders/:id')));
    assert.notEqual(fingerprint(route('GET /users/:id')), fingerprint(base));
  });

  test('variables are filled from the event; unknown ones stay literal; missing ones are marked', () => {
    const event: SentryEvent = {
      ...base,
      level: 'warning',
      logger: 'api',
      tags: { region: 'eu' },
      fingerprint: [
        '{{ type }}',
        '{{ error.value }}',
        '{{ function }}',
        '{{ module }}',
        '{{ level }}',
        '{{ logger }}',
        '{{ tags.region }}',
        '{{ transaction }}',
        '{{ nope }}',
        'route:{{ type }}',
      ],
    };
    assert.deepEqual(fingerprintComponents(event), [
      'fingerprint:TypeError',
      'fingerprint:x',
      'fingerprint:getUser',
      'fingerprint:routes:users',
      'fingerprint:warning',
      'fingerprint:api',
      'fingerprint:eu',
      'fingerprint:<no-transaction>',
      'fingerprint:{{ nope }}',
      'fingerprint:route:TypeError',
    ]);
    const pairs: SentryEvent = {
      tags: [['region', 'us']],
      fingerprint: ['{{ tags.region }}', '{{ tags.zone }}'],
    };
    assert.deepEqual(fingerprintComponents(pairs), ['fingerprint:us', 'fingerprint:<no-tags.zone>']);
  });

  test('non-string entries: numbers are kept, other values ignored', () => {
    const event = { fingerprint: [42, null, { a: 1 }, 'x'] } as unknown as SentryEvent;
    assert.deepEqual(fingerprintComponents(event), ['fingerprint:42', 'fingerprint:x']);
  });
});

describe('fingerprint output', () => {
  test('is 32 lowercase hex digits, deterministic, with a grouping version', () => {
    assert.match(fingerprint({ message: 'x' }), /^[0-9a-f]{32}$/);
    assert.equal(typeof GROUPING_VERSION, 'string');
    assert.ok(GROUPING_VERSION.length > 0);
  });

  test('golden hashes: if this changes, bump GROUPING_VERSION (existing issues would split)', () => {
    assert.equal(fingerprint({ message: 'User 42 not found' }), '6290cd3886bdab3c69bb6ed52e887af0');
    assert.equal(
      fingerprint(
        exceptionEvent(withFrames('TypeError', [frame({ module: 'routes:users', function: 'getUser' })])),
      ),
      'e463e56f76000dd9d5c31eea14aaab51',
    );
  });

  test('the hash is SHA-256 of the length-prefixed components, cut to 32 digits', () => {
    const event = { message: 'User 42 not found' };
    const encoded = fingerprintComponents(event)
      .map((c) => `${c.length}:${c}`)
      .join('\n');
    assert.equal(encoded, '28:message:User <int> not found');
    assert.equal(fingerprint(event), createHash('sha256').update(encoded).digest('hex').slice(0, 32));
  });

  test('components cannot imitate each other through separators', () => {
    assert.notEqual(fingerprint({ fingerprint: ['a\n1:b'] }), fingerprint({ fingerprint: ['a', 'b'] }));
  });
});

describe('fingerprint never throws', () => {
  const throwing = (): never => {
    throw new Error('trap');
  };
  const trapAll = new Proxy(
    {},
    { get: throwing, ownKeys: throwing, getPrototypeOf: throwing, has: throwing },
  );
  const revoked = Proxy.revocable([], {});
  revoked.revoke();
  const getters = Object.defineProperty({}, 'exception', { get: throwing });
  const hostile: [string, unknown][] = [
    ['null', null],
    ['undefined', undefined],
    ['a number', 42],
    ['a string', 'event'],
    ['exception: 5', { exception: 5 }],
    ['values: string', { exception: { values: 'x' } }],
    [
      'junk values',
      { exception: { values: [null, 1, 'x', { stacktrace: { frames: [null, 'x', { function: 5 }] } }] } },
    ],
    ['a Proxy event', trapAll],
    ['a Proxy exception', { exception: trapAll }],
    ['revoked frames', { exception: { values: [{ stacktrace: { frames: revoked.proxy } }] } }],
    ['revoked fingerprint', { fingerprint: revoked.proxy }],
    ['revoked tags', { tags: revoked.proxy, fingerprint: ['{{ tags.x }}'] }],
    ['a throwing getter', getters],
    ['fingerprint of objects', { fingerprint: [{}, [], trapAll] }],
  ];
  for (const [name, event] of hostile) {
    test(name, () => {
      assert.match(fingerprint(event as SentryEvent), /^[0-9a-f]{32}$/);
      assert.ok(fingerprintComponents(event as SentryEvent).length > 0);
    });
  }

  test('huge arrays are bounded: a million frames and values hash quickly', () => {
    const frames = Array.from({ length: 1_000_000 }, (_, i) => frame({ module: `m${i}`, function: 'f' }));
    const values = Array.from({ length: 100_000 }, () => ({ type: 'E', value: 'v' }));
    const fingerprints = Array.from({ length: 100_000 }, (_, i) => `f${i}`);
    // The best of three: walking every frame is slow each time, a busy machine's pause once.
    let fastest = Number.POSITIVE_INFINITY;
    let components: string[] = [];
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      components = fingerprintComponents(exceptionEvent(withFrames('E', frames)));
      fingerprint({ exception: { values } });
      assert.equal(fingerprintComponents({ fingerprint: fingerprints }).length, 32);
      fastest = Math.min(fastest, performance.now() - started);
    }
    assert.ok(fastest < 200, `${fastest.toFixed(0)} ms`);
    // The newest frames are the ones kept.
    assert.equal(components.at(-1), 'frame:m999999 f');
    assert.equal(components.length, 1 + 50);
  });

  test('huge strings are bounded', () => {
    const long = 'x'.repeat(10_000_000);
    const components = fingerprintComponents({
      fingerprint: [long],
      exception: { values: [{ type: long, value: long }] },
    });
    assert.ok(components.every((c) => c.length < 2000));
  });
});
