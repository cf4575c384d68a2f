import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { ExceptionValue, StackFrame } from '@faultline/core';
import { MAX_SOURCE_LINE_LENGTH } from '../limits.js';
import { SourceContext } from './source-context.js';

const base = mkdtempSync(join(tmpdir(), 'faultline-source-'));
const root = join(base, 'app');
mkdirSync(root);
after(() => rmSync(base, { recursive: true, force: true }));

const lines = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`);
writeFileSync(join(root, 'a.js'), lines.join('\n'));
writeFileSync(join(root, 'b.js'), lines.join('\n'));
writeFileSync(join(root, 'c.js'), lines.join('\r\n'));
writeFileSync(join(base, 'outside.js'), 'SECRET OUTSIDE THE ROOT');
symlinkSync(join(base, 'outside.js'), join(root, 'link.js'));
writeFileSync(join(root, 'long.js'), `short\n${'x'.repeat(5000)}ERROR_HERE${'y'.repeat(5000)}\nshort`);

function frame(path: string, lineno: number, extra: Partial<StackFrame> = {}): StackFrame {
  return { abs_path: path, filename: path, lineno, in_app: true, ...extra };
}

async function contextOf(sc: SourceContext, ...frames: StackFrame[]): Promise<StackFrame[]> {
  const values: ExceptionValue[] = [{ type: 'Error', stacktrace: { frames } }];
  await sc.addContext(values);
  return frames;
}

test('five lines before and after an in-app frame; CRLF files too; edges clipped', async () => {
  const sc = new SourceContext({ root });
  const [mid, first, crlf] = await contextOf(
    sc,
    frame(join(root, 'a.js'), 10),
    frame(join(root, 'a.js'), 1),
    frame(join(root, 'c.js'), 20),
  );
  assert.deepEqual(mid?.pre_context, ['line 5', 'line 6', 'line 7', 'line 8', 'line 9']);
  assert.equal(mid?.context_line, 'line 10');
  assert.deepEqual(mid?.post_context, ['line 11', 'line 12', 'line 13', 'line 14', 'line 15']);
  assert.deepEqual(first?.pre_context, []);
  assert.equal(crlf?.context_line, 'line 20');
  assert.deepEqual(crlf?.post_context, []);
  assert.equal(sc.size.files, 2, 'one read per file');
});

test('never reads outside the root: absolute paths, ../ and symlinks are refused', async () => {
  const sc = new SourceContext({ root });
  const frames = await contextOf(
    sc,
    frame(join(base, 'outside.js'), 1),
    frame(`${root}/../outside.js`, 1),
    frame(join(root, 'link.js'), 1),
    frame('/etc/hostname', 1),
    frame(join(`${root}2`, 'a.js'), 1),
  );
  for (const f of frames) assert.equal(f.context_line, undefined, f.abs_path);
});

test('library frames, missing files and lines past the end get nothing', async () => {
  const sc = new SourceContext({ root });
  const frames = await contextOf(
    sc,
    frame(join(root, 'a.js'), 3, { in_app: false }),
    frame(join(root, 'missing.js'), 1),
    frame(join(root, 'b.js'), 999),
  );
  for (const f of frames) assert.equal(f.context_line, undefined, f.abs_path);
});

test('the cache is bounded in files and in bytes, and so are files and lines', async () => {
  const byFiles = new SourceContext({ root, maxFiles: 2 });
  for (const name of ['a.js', 'b.js', 'c.js']) await byFiles.lines(join(root, name));
  assert.equal(byFiles.size.files, 2);
  const byBytes = new SourceContext({ root, maxBytes: 200 });
  for (const name of ['a.js', 'b.js', 'c.js']) await byBytes.lines(join(root, name));
  assert.ok(byBytes.size.bytes <= 200, `${byBytes.size.bytes} bytes`);
  const small = new SourceContext({ root, maxFileBytes: 100 });
  assert.equal(await small.lines(join(root, 'long.js')), null);

  const sc = new SourceContext({ root });
  const [long] = await contextOf(sc, frame(join(root, 'long.js'), 2, { colno: 5001 }));
  assert.equal(long?.context_line?.length, MAX_SOURCE_LINE_LENGTH);
  assert.ok(long?.context_line?.includes('ERROR_HERE'), 'cut around the column');
});

test('built files with a debug ID comment become source-map images; others, and files outside the root, do not', async () => {
  const id = 'FB8FC432-AAA7-5C3F-B653-A63C5B87AA4B';
  writeFileSync(
    join(root, 'built.js'),
    ['"use strict";', 'throw new Error("x");', `//# debugId=${id}`, '//# sourceMappingURL=built.js.map'].join(
      '\n',
    ),
  );
  writeFileSync(join(base, 'outside-built.js'), `x\n//# debugId=${id}\n`);
  writeFileSync(join(root, 'early.js'), [`//# debugId=${id}`, ...lines].join('\n'));
  const sc = new SourceContext({ root });
  const values: ExceptionValue[] = [
    {
      type: 'Error',
      stacktrace: {
        frames: [
          frame(join(root, 'built.js'), 2),
          frame(join(root, 'built.js'), 2),
          frame(join(root, 'a.js'), 3),
          frame(join(base, 'outside-built.js'), 1),
          frame(join(root, 'early.js'), 3),
        ],
      },
    },
  ];
  await sc.addContext(values);
  assert.deepEqual(sc.debugImages(values), [
    { type: 'sourcemap', code_file: join(root, 'built.js'), debug_id: id.toLowerCase() },
  ]);
});
