import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCommandLine, readCommandLine } from './args.js';

test('serve: defaults, then flags and environment into the collector options', () => {
  assert.deepEqual(parseCommandLine(['serve'], {}), {
    command: 'serve',
    data: '.faultline',
    db: undefined,
    collector: { host: '127.0.0.1', port: 8000 },
  });
  const a = parseCommandLine(['serve', '--port', '9001', '--db', 'postgres://x/y', '--data', '/tmp/d'], {});
  assert.ok(a.command === 'serve');
  assert.equal(a.collector.port, 9001);
  assert.equal(a.db, 'postgres://x/y');
  assert.equal(a.data, '/tmp/d');
  const fromPlatform = parseCommandLine(['serve'], { PORT: '7000' });
  assert.equal(fromPlatform.command === 'serve' && fromPlatform.collector.port, 7000);
});

test('bad input is a usage message, not a crash', () => {
  assert.equal(parseCommandLine(['serve', '--port', 'abc'], {}).command, 'help');
  assert.equal(parseCommandLine(['serve', '--nope'], {}).command, 'help');
  assert.equal(parseCommandLine(['serve', 'extra'], {}).command, 'help');
  const r = parseCommandLine(['frobnicate'], {});
  assert.ok(r.command === 'help' && r.message?.includes('frobnicate'));
});

test('help and version are asked, not errors', () => {
  for (const argv of [[], ['--help'], ['-h'], ['help']])
    assert.deepEqual(readCommandLine(argv, {}), { kind: 'help', topic: undefined }, argv.join(' '));
  assert.deepEqual(readCommandLine(['--version'], {}), { kind: 'version' });
  assert.deepEqual(readCommandLine(['-v'], {}), { kind: 'version' });
  assert.deepEqual(readCommandLine(['serve', '--port', '1', '--help'], {}), { kind: 'help', topic: 'serve' });
  assert.deepEqual(readCommandLine(['user', 'add', '-h'], {}), { kind: 'help', topic: 'user' });
  assert.deepEqual(readCommandLine(['help', 'user'], {}), { kind: 'help', topic: 'user' });
  const unknown = readCommandLine(['help', 'nope'], {});
  assert.ok(unknown.kind === 'help' && unknown.message === 'unknown command: nope');
});
