import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { StackFrame } from './event.js';
import { fixtureApps } from './fixture-apps.test-helper.js';
import { MAX_FRAMES, MAX_STACK_LENGTH, MAX_STACK_LINE_LENGTH } from './limits.js';
import { parseStack } from './stack.js';

const FIXTURES = fixtureApps();
const ROOT_A = fileURLToPath(new URL('app-a', FIXTURES));
const USERS_A = new URL('app-a/routes/users.js', FIXTURES);
const LIB_A = new URL('app-a/node_modules/fake-lib/index.js', FIXTURES);

type UsersModule = typeof import('./fixtures/app-a/routes/users.js');
const usersA = (): Promise<UsersModule> => import(USERS_A.href);

/** The 1-based line of the first fixture line containing `text`, so edits to the fixture
 * move the expectation with them. */
function lineOf(url: URL, text: string): number {
  const index = readFileSync(url, 'utf8')
    .split('\n')
    .findIndex((l) => l.includes(text));
  assert.notEqual(index, -1, `fixture line not found: ${text}`);
  return index + 1;
}

async function stackOf(run: () => unknown): Promise<string> {
  try {
    await run();
  } catch (error) {
    return (error as Error).stack ?? '';
  }
  assert.fail('the fixture did not throw');
}

const last = (frames: StackFrame[]): StackFrame => frames[frames.length - 1]!;
const byFunction = (frames: StackFrame[], fn: string): StackFrame => {
  const frame = frames.find((f) => f.function === fn);
  assert.ok(frame, `no frame for ${fn} in ${JSON.stringify(frames.map((f) => f.function))}`);
  return frame;
};

describe('parseStack on real V8 stacks', () => {
  test('orders frames oldest first, crashing frame last, through a library and an async caller', async () => {
    const users = await usersA();
    const frames = parseStack(await stackOf(() => users.showUser(0)), { root: ROOT_A });
    const names = frames.map((f) => f.function);
    // V8 prints loadUser first; we list it last.
    assert.deepEqual(names.slice(-4), ['Module.showUser', 'getUser', 'runHandler', 'loadUser']);
    assert.deepEqual(last(frames), {
      filename: 'routes/users.js',
      abs_path: fileURLToPath(USERS_A),
      function: 'loadUser',
      module: 'routes:users',
      lineno: lineOf(USERS_A, 'return rows.find'),
      colno: 15,
      in_app: true,
    });
  });

  test('an `at async fn` frame keeps the function without the async marker', async () => {
    const users = await usersA();
    const stack = await stackOf(() => users.showUser(0));
    assert.match(stack, /at async Module\.showUser/);
    const frame = byFunction(parseStack(stack, { root: ROOT_A }), 'Module.showUser');
    assert.equal(frame.lineno, lineOf(USERS_A, 'await getUser(id)'));
    assert.equal(frame.in_app, true);
  });

  test('node_modules frames are not in-app and are named by package path', async () => {
    const users = await usersA();
    const frame = byFunction(
      parseStack(await stackOf(() => users.getUser(0)), { root: ROOT_A }),
      'runHandler',
    );
    assert.deepEqual(frame, {
      filename: 'fake-lib/index.js',
      abs_path: fileURLToPath(LIB_A),
      function: 'runHandler',
      module: 'fake-lib:index',
      lineno: lineOf(LIB_A, 'return handler(arg)'),
      colno: 10,
      in_app: false,
    });
  });

  test('`new Foo` frames keep the constructor marker', async () => {
    const users = await usersA();
    const frames = parseStack(await stackOf(() => users.createUser(-1)), { root: ROOT_A });
    assert.equal(last(frames).function, 'new UserRepo');
    assert.equal(last(frames).lineno, lineOf(USERS_A, 'throw new RangeError'));
  });

  test('an anonymous arrow has no function; the native Array.map frame is not in-app', async () => {
    const users = await usersA();
    const frames = parseStack(await stackOf(() => users.mapUsers([0])), { root: ROOT_A });
    const crash = last(frames);
    assert.equal(crash.function, undefined);
    assert.equal(crash.module, 'routes:users');
    assert.equal(crash.lineno, lineOf(USERS_A, 'throw new TypeError(`bad id'));
    assert.deepEqual(frames[frames.length - 2], {
      filename: '<anonymous>',
      abs_path: '<anonymous>',
      function: 'Array.map',
      in_app: false,
    });
  });

  test('`Foo.bar [as baz]` drops the alias', async () => {
    const users = await usersA();
    const frames = parseStack(await stackOf(() => users.aliased.baz()), { root: ROOT_A });
    assert.equal(last(frames).function, 'Object.bar');
  });

  test('eval frames point at the line that called eval', async () => {
    const users = await usersA();
    const stack = await stackOf(() => users.evalUser());
    assert.match(stack, /eval at evalUser/);
    const frames = parseStack(stack, { root: ROOT_A });
    const evalLine = lineOf(USERS_A, "return eval('");
    for (const fn of ['evaluated', 'eval']) {
      const frame = byFunction(frames, fn);
      assert.equal(frame.filename, 'routes/users.js');
      assert.equal(frame.lineno, evalLine);
    }
    assert.equal(last(frames).function, 'evaluated');
  });

  test('node: internals are not in-app and keep their specifier', async () => {
    const users = await usersA();
    const frames = parseStack(await stackOf(() => users.timerUser()), { root: ROOT_A });
    const internal = frames.find((f) => f.abs_path?.startsWith('node:'));
    assert.ok(internal);
    assert.equal(internal.filename, internal.abs_path);
    assert.equal(internal.module, internal.abs_path);
    assert.equal(internal.in_app, false);
    assert.match(internal.abs_path!, /^node:internal\/timers$/);
    assert.equal(byFunction(frames, 'Immediate.onImmediate').in_app, true);
  });

  test('`Promise.all (index 0)` is a builtin frame without a file', async () => {
    const users = await usersA();
    const frames = parseStack(await stackOf(() => users.allUsers()), { root: ROOT_A });
    assert.deepEqual(byFunction(frames, 'Promise.all'), { function: 'Promise.all', in_app: false });
  });

  test('two deploy roots give the same filenames and modules; only line numbers move', async () => {
    const usersB: UsersModule = await import(new URL('app-b/routes/users.js', FIXTURES).href);
    const users = await usersA();
    const a = parseStack(await stackOf(() => users.showUser(0)), { root: ROOT_A }).slice(-4);
    const b = parseStack(await stackOf(() => usersB.showUser(0)), {
      root: fileURLToPath(new URL('app-b/', FIXTURES)),
    }).slice(-4);
    const names = (fs: StackFrame[]) => fs.map((f) => [f.filename, f.module, f.function, f.in_app]);
    assert.deepEqual(names(a), names(b));
    assert.notEqual(last(a).lineno, last(b).lineno);
    assert.notEqual(last(a).abs_path, last(b).abs_path);
  });

  test('without a root, app modules are the file base name, independent of the directory', async () => {
    const users = await usersA();
    const frame = last(parseStack(await stackOf(() => users.getUser(0))));
    assert.equal(frame.filename, fileURLToPath(USERS_A));
    assert.equal(frame.module, 'users');
    assert.equal(frame.in_app, true);
  });
});

describe('parseStack on stack strings', () => {
  const one = (line: string, root?: string): StackFrame => {
    const frames = parseStack(`Error: x\n    ${line}`, root === undefined ? {} : { root });
    assert.equal(frames.length, 1, `expected one frame from ${line}`);
    return frames[0]!;
  };

  test('Windows paths, relative to a Windows root (any slash style and case)', () => {
    assert.deepEqual(one('at Object.<anonymous> (C:\\app\\src\\routes\\users.js:10:3)', 'c:\\APP\\'), {
      filename: 'src/routes/users.js',
      abs_path: 'C:\\app\\src\\routes\\users.js',
      function: 'Object.<anonymous>',
      module: 'src.routes:users',
      lineno: 10,
      colno: 3,
      in_app: true,
    });
    const lib = one('at Layer.handle (C:\\app\\node_modules\\express\\lib\\router\\layer.js:95:5)');
    assert.equal(lib.filename, 'express/lib/router/layer.js');
    assert.equal(lib.module, 'express.lib.router:layer');
    assert.equal(lib.in_app, false);
  });

  test('file:// URLs become paths, %-escapes decoded; a file URL root works too', () => {
    assert.deepEqual(one('at handler (file:///srv/my%20app/routes/a.mjs:3:9)', 'file:///srv/my%20app/'), {
      filename: 'routes/a.mjs',
      abs_path: '/srv/my app/routes/a.mjs',
      function: 'handler',
      module: 'routes:a',
      lineno: 3,
      colno: 9,
      in_app: true,
    });
    assert.equal(one('at file:///C:/app/x.js:1:2').abs_path, 'C:/app/x.js');
  });

  test('pnpm layouts name the package after the last node_modules/', () => {
    const f = one(
      'at next (/srv/app/node_modules/.pnpm/express@5.0.0/node_modules/express/lib/router.js:1:1)',
    );
    assert.equal(f.filename, 'express/lib/router.js');
    assert.equal(f.module, 'express.lib:router');
    const scoped = one('at x (/srv/app/node_modules/@scope/pkg/dist/index.cjs:1:1)');
    assert.equal(scoped.module, '@scope.pkg.dist:index');
  });

  test('native, anonymous and old-style internal frames are not in-app', () => {
    assert.deepEqual(one('at Array.map (native)'), {
      filename: 'native',
      abs_path: 'native',
      function: 'Array.map',
      in_app: false,
    });
    assert.deepEqual(one('at async Promise.all (index 3)'), { function: 'Promise.all', in_app: false });
    assert.deepEqual(one('at <anonymous>'), {
      filename: '<anonymous>',
      abs_path: '<anonymous>',
      in_app: false,
    });
    const old = one('at Module._compile (internal/modules/cjs/loader.js:999:30)');
    assert.equal(old.in_app, false);
    assert.equal(old.module, 'internal/modules/cjs/loader');
  });

  test('nested eval origins unwrap to the outermost file position', () => {
    const f = one('at eval (eval at a (eval at b (/srv/app/x.js:7:8), <anonymous>:1:1), <anonymous>:2:2)');
    assert.equal(f.abs_path, '/srv/app/x.js');
    assert.equal(f.lineno, 7);
    assert.equal(f.colno, 8);
    assert.equal(f.function, 'eval');
  });

  test('URLs use their pathname, so the host does not matter', () => {
    const a = one('at render (https://cdn-1.example/static/js/main.js?v=3:1:200)');
    const b = one('at render (https://cdn-2.example/static/js/main.js:1:200)');
    assert.equal(a.filename, '/static/js/main.js');
    assert.equal(a.module, 'static.js:main');
    assert.equal(a.module, b.module);
    assert.equal(a.abs_path, 'https://cdn-1.example/static/js/main.js?v=3');
  });

  test('a line without a position is prose, not a frame; the message lines are skipped', () => {
    const stack = [
      'Error: job failed',
      'at noon the queue stalled',
      '  at (paren)',
      '    at work (/srv/app/job.js:4:1)',
    ].join('\n');
    assert.deepEqual(
      parseStack(stack).map((f) => f.function),
      ['work'],
    );
  });

  test('CRLF line endings and tabs parse', () => {
    const frames = parseStack('Error: x\r\n\tat a (/srv/a.js:1:1)\r\n\tat b (/srv/b.js:2:2)\r\n');
    assert.deepEqual(
      frames.map((f) => [f.function, f.lineno]),
      [
        ['b', 2],
        ['a', 1],
      ],
    );
  });
});

describe('parseStack bounds', () => {
  const deep = (n: number): string =>
    [
      'RangeError: deep',
      ...Array.from({ length: n }, (_, i) => `    at f${i} (/srv/app/r.js:${i + 1}:1)`),
    ].join('\n');

  test('keeps the newest maxFrames frames, crashing frame last', () => {
    const frames = parseStack(deep(100), { maxFrames: 5 });
    assert.deepEqual(
      frames.map((f) => f.function),
      ['f4', 'f3', 'f2', 'f1', 'f0'],
    );
  });

  test('MAX_FRAMES is the default and the ceiling; nonsense maxFrames falls back', () => {
    assert.equal(parseStack(deep(200)).length, MAX_FRAMES);
    assert.equal(parseStack(deep(200), { maxFrames: 10_000 }).length, MAX_FRAMES);
    assert.equal(parseStack(deep(200), { maxFrames: Number.NaN }).length, MAX_FRAMES);
    assert.equal(parseStack(deep(200), { maxFrames: -3 }).length, 0);
  });

  test('a line longer than MAX_STACK_LINE_LENGTH is skipped', () => {
    const long = `    at f (/srv/${'a'.repeat(MAX_STACK_LINE_LENGTH)}.js:1:1)`;
    const frames = parseStack(`Error: x\n${long}\n    at g (/srv/g.js:1:1)`);
    assert.deepEqual(
      frames.map((f) => f.function),
      ['g'],
    );
  });

  test('only the first MAX_STACK_LENGTH characters are parsed, fast', () => {
    const huge = deep(20_000);
    assert.ok(huge.length > 10 * MAX_STACK_LENGTH);
    const started = performance.now();
    const frames = parseStack(huge, { maxFrames: MAX_FRAMES });
    assert.ok(performance.now() - started < 100);
    assert.equal(last(frames).function, 'f0');
    const junk = `Error: ${'x'.repeat(MAX_STACK_LENGTH)}\n    at f (/srv/f.js:1:1)`;
    assert.deepEqual(parseStack(junk), []);
  });

  test('never throws, whatever the input', () => {
    for (const input of [undefined, '', null, 42, {}, 'at', 'at ', 'at ()', 'at (:1:2)', 'at a (', 'at )(']) {
      assert.ok(Array.isArray(parseStack(input as string)));
    }
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    const alphabet = 'at ():\\/.<>[]@ native eval index file://node:x0123456789\n';
    for (let i = 0; i < 2000; i++) {
      const s = Array.from({ length: next() % 120 }, () => alphabet[next() % alphabet.length]).join('');
      const frames = parseStack(s, { root: '/x' });
      for (const f of frames) assert.ok(f.function !== undefined || f.filename !== undefined);
    }
  });
});
