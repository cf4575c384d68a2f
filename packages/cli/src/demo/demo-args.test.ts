import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCommandLine } from '../args.js';
import { parseDemoArgs } from './demo-args.js';

test('demo: defaults, then each flag', () => {
  assert.deepEqual(parseCommandLine(['demo'], {}), {
    command: 'demo',
    data: undefined,
    port: 8000,
    durationS: undefined,
    seed: 1,
  });
  assert.deepEqual(
    parseDemoArgs(['--data', '/tmp/d', '--port', '0', '--duration', '30', '--seed', '7'], 8000),
    {
      command: 'demo',
      data: '/tmp/d',
      port: 0,
      durationS: 30,
      seed: 7,
    },
  );
});

test('demo: bad input is a usage message naming the flag', () => {
  for (const [argv, flag] of [
    [['--port', '65536'], '--port'],
    [['--port', ''], '--port'],
    [['--duration', '0'], '--duration'],
    [['--duration', '1.5'], '--duration'],
    [['--seed', '-1'], '--seed'],
    [['--data', ''], '--data'],
    [['--nope'], '--nope'],
    [['extra'], 'extra'],
  ] as const) {
    const r = parseDemoArgs(argv, 8000);
    assert.equal(r.command, 'help', argv.join(' '));
    assert.ok(r.command === 'help' && r.message.includes(flag), `${argv.join(' ')}: ${JSON.stringify(r)}`);
    assert.ok(r.command === 'help' && r.message.includes('usage: faultline demo'));
  }
});
