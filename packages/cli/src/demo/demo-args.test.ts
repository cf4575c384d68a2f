import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCommandLine } from '../args.js';
import { UsageError } from '../usage-error.js';
import { DEMO_OPTIONS, demoHelp, parseDemoArgs } from './demo-args.js';

test('demo: defaults, then each flag, then the environment', () => {
  assert.deepEqual(parseCommandLine(['demo'], {}), {
    command: 'demo',
    data: undefined,
    port: 8000,
    durationS: undefined,
    seed: 1,
  });
  assert.deepEqual(
    parseDemoArgs(['--data', '/tmp/d', '--port', '0', '--duration', '30', '--seed', '7'], {}),
    {
      command: 'demo',
      data: '/tmp/d',
      port: 0,
      durationS: 30,
      seed: 7,
    },
  );
  assert.equal(parseDemoArgs([], { FAULTLINE_SEED: '9' }).seed, 9);
  assert.equal(parseDemoArgs(['--seed', '3'], { FAULTLINE_SEED: '9' }).seed, 3, 'a flag wins');
});

test('demo: bad input is a usage error naming the flag', () => {
  for (const [argv, flag] of [
    [['--port', '65536'], '--port'],
    [['--port', ''], '--port'],
    [['--duration', '0'], '--duration'],
    [['--duration', '1.5'], '--duration'],
    [['--seed', '-1'], '--seed'],
    [['--data', ''], '--data'],
    [['--nope'], '--nope'],
    [['extra'], 'extra'],
  ] as const)
    assert.throws(
      () => parseDemoArgs(argv, {}),
      (e: unknown) => e instanceof UsageError && e.message.includes(flag),
      argv.join(' '),
    );
  const line = parseCommandLine(['demo', '--port', 'x'], {});
  assert.ok(line.command === 'help' && line.message?.includes('--port'));
});

test('demo --help lists every flag and its variable', () => {
  const help = demoHelp();
  assert.match(help, /^usage: faultline demo/);
  for (const o of DEMO_OPTIONS) {
    assert.ok(help.includes(`--${o.name}`), o.name);
    assert.ok(help.includes(`FAULTLINE_${o.name.toUpperCase()}`), o.name);
  }
});
