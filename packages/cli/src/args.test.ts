import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCommandLine } from './args.js';

test('serve: defaults, flags, environment', () => {
  assert.deepEqual(parseCommandLine(['serve'], {}), {
    command: 'serve',
    data: '.faultline',
    host: '127.0.0.1',
    port: 8000,
    db: undefined,
  });
  const a = parseCommandLine(['serve', '--port', '9001', '--db', 'postgres://x/y', '--data', '/tmp/d'], {});
  assert.equal(a.command === 'serve' && a.port, 9001);
  assert.equal(a.command === 'serve' && a.db, 'postgres://x/y');
  assert.equal(parseCommandLine(['serve'], { PORT: '7000' }).command === 'serve' && true, true);
});

test('bad input is a usage message, not a crash', () => {
  assert.equal(parseCommandLine(['serve', '--port', 'abc'], {}).command, 'help');
  assert.equal(parseCommandLine(['serve', '--nope'], {}).command, 'help');
  const r = parseCommandLine(['frobnicate'], {});
  assert.ok(r.command === 'help' && r.message?.includes('frobnicate'));
});
