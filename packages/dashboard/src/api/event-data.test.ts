import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exceptionChain, requestOf, tagsOf } from './event-data.js';
import { visibleBidi } from './format.js';
import { httpUrl } from './safe-url.js';

test('the chain reads thrown-first with crashing frame first; bad shapes read as absent', () => {
  const chain = exceptionChain({
    exception: {
      values: [
        { type: 'Cause', value: 'root', stacktrace: { frames: 'nope' } },
        {
          type: 'TypeError',
          value: 'x',
          mechanism: { type: 'onerror' },
          stacktrace: {
            frames: [
              { function: 'outer' },
              { function: 'inner', in_app: true, lineno: 3, context_line: 'a()' },
              7,
            ],
          },
        },
        'garbage',
      ],
    },
  });
  assert.deepEqual(
    chain.map((l) => l.type),
    ['TypeError', 'Cause'],
  );
  assert.deepEqual(
    chain[0]?.frames.map((f) => [f.function, f.inApp, f.contextLine]),
    [
      ['inner', true, 'a()'],
      ['outer', false, undefined],
    ],
  );
  assert.deepEqual(exceptionChain({ exception: 5 }), []);
});

test('frames a source map mapped are marked, and the frames as sent come with them', () => {
  // Thrown last, so shown first; its cause was not mapped.
  const [link, cause] = exceptionChain({
    exception: {
      values: [
        { type: 'Other', value: 'not mapped', stacktrace: { frames: [{ function: 'f' }] } },
        {
          type: 'Error',
          value: 'card declined',
          stacktrace: {
            frames: [{ function: 'charge', filename: 'src/app.ts', lineno: 5, data: { symbolicated: true } }],
          },
          raw_stacktrace: { frames: [{ function: 's', filename: '/app/dist/app.js', lineno: 3 }] },
        },
      ],
    },
  });
  assert.equal(cause?.rawFrames, undefined);
  assert.deepEqual(
    link?.frames.map((f) => [f.function, f.file, f.mapped]),
    [['charge', 'src/app.ts', true]],
  );
  assert.deepEqual(
    link?.rawFrames?.map((f) => [f.function, f.file, f.mapped]),
    [['s', '/app/dist/app.js', false]],
  );
  const plain = exceptionChain({ exception: [{ type: 'E', stacktrace: { frames: [{ function: 'f' }] } }] });
  assert.equal(plain[0]?.rawFrames, undefined);
});

test('request and tags accept objects or pairs', () => {
  const r = requestOf({
    request: {
      method: 'post',
      url: 'https://x/y',
      headers: [['A', 'b']],
      query_string: 'q=1',
      cookies: 'a=1; b=2',
    },
  });
  assert.deepEqual(r?.headers, [['A', 'b']]);
  assert.deepEqual(r?.query, [['q', '1']]);
  assert.deepEqual(r?.cookies, [
    ['a', '1'],
    ['b', '2'],
  ]);
  assert.equal(r?.method, 'POST');
  assert.deepEqual(tagsOf({ tags: { a: 'b', n: 1 } }), [
    ['a', 'b'],
    ['n', '1'],
  ]);
});

test('links only for http(s); bidi controls made visible', () => {
  assert.equal(httpUrl('javascript:alert(1)'), undefined);
  assert.equal(httpUrl(' data:text/html,x'), undefined);
  assert.equal(httpUrl('https://a.example/x'), 'https://a.example/x');
  assert.equal(visibleBidi('a\u202Eb'), 'a\\u202Eb');
});
