/**
 * `faultline --help`, `--version`, `serve --help` and `user --help` exit 0 and list every
 * command, flag and environment variable (the option tables are the reference, so an option
 * added to a table and not to the help cannot pass). Run through the checked-in bin.
 */

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { COMMANDS } from '../src/commands.js';
import { envNames } from '../src/option-table.js';
import { SERVE_OPTIONS } from '../src/serve-options.js';
import { STORE_OPTIONS } from '../src/store-options.js';
import { runCli, STUB } from './cli-process.js';

const faultline = (...args: string[]) => runCli(args, '', { bin: STUB });

function assertListsOptions(help: string, specs: typeof SERVE_OPTIONS) {
  for (const spec of specs) {
    if (!spec.envOnly) assert.match(help, new RegExp(`^  --${spec.name}\\b`, 'm'), `--${spec.name}`);
    for (const variable of envNames(spec)) assert.ok(help.includes(variable), variable);
  }
}

test('faultline --help, -h, help and no arguments: every command, exit 0', async () => {
  for (const argv of [['--help'], ['-h'], ['help'], []]) {
    const r = await faultline(...argv);
    assert.equal(r.code, 0, `${argv.join(' ')}: ${r.stderr}`);
    for (const name of Object.keys(COMMANDS)) assert.match(r.stdout, new RegExp(`^  ${name}  `, 'm'), name);
    assert.match(r.stdout, /start a demo: collector, dashboard and a three-service API under load/);
    assert.match(r.stdout, /--version/);
  }
});

test('faultline --version and -v: the package version, exit 0', async () => {
  const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  for (const flag of ['--version', '-v']) {
    const r = await faultline(flag);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `${version}\n`);
  }
});

test('faultline serve --help: every flag and variable, exit 0', async () => {
  const r = await faultline('serve', '--help');
  assert.equal(r.code, 0, r.stderr);
  assertListsOptions(r.stdout, SERVE_OPTIONS);
  assert.match(r.stdout, /FAULTLINE_ADMIN_TOKEN {2}\(environment only\)/);
  assert.match(
    r.stdout,
    /--max-envelope-size SIZE {2}\(FAULTLINE_MAX_ENVELOPE_SIZE\)\n[^-]*Default: 20 MiB\./,
  );
  assert.match(r.stdout, /--port N {2}\(FAULTLINE_PORT, PORT\)/);
  assert.equal((await faultline('help', 'serve')).stdout, r.stdout);
});

test('faultline user --help (and user add --help): every subcommand, flag and variable, exit 0', async () => {
  const r = await faultline('user', '--help');
  assert.equal(r.code, 0, r.stderr);
  assertListsOptions(r.stdout, STORE_OPTIONS);
  assert.match(r.stdout, /^ {2}--password-stdin {2}\(FAULTLINE_PASSWORD_STDIN\)/m);
  for (const sub of ['add', 'passwd', 'remove', 'list'])
    assert.match(r.stdout, new RegExp(`faultline user ${sub}\\b`));
  assert.equal((await faultline('user', 'add', '--help')).stdout, r.stdout);
});

test("the package README's table lists every serve flag and variable", () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  for (const spec of SERVE_OPTIONS) {
    if (!spec.envOnly) assert.ok(readme.includes(`\`--${spec.name}`), `--${spec.name}`);
    for (const variable of envNames(spec)) assert.ok(readme.includes(`\`${variable}\``), variable);
  }
});

test('an unknown command exits 2 and points to the help', async () => {
  const r = await faultline('frobnicate');
  assert.equal(r.code, 2);
  assert.match(
    r.stderr,
    /^faultline: unknown command: frobnicate\nusage: faultline <command> \[options\]\nRun `faultline --help` for every option\.\n$/,
  );
});
