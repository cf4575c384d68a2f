/**
 * `faultline serve` takes retention and the main ingest limits as flags and FAULTLINE_*
 * variables (a flag wins), and they reach startCollector: through the parser, and end to end
 * (a collector started with a small envelope limit refuses a bigger body with 413). A bad value
 * exits 2 naming the flag.
 */

import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, test } from 'node:test';
import {
  DEFAULT_INGEST_OPTIONS,
  DEFAULT_MAX_EVENTS_PER_ISSUE,
  DEFAULT_RETENTION_DAYS,
  MAX_TRUSTED_PROXY_HOPS,
} from '@faultline/collector';
import { startServeChild } from '@faultline/test-support';
import { parseCommandLine } from '../src/args.js';
import { envNames, parseOptions } from '../src/option-table.js';
import { readSize } from '../src/option-values.js';
import { serveHelp } from '../src/serve-command.js';
import { defaultServeSettings, SERVE_OPTIONS } from '../src/serve-options.js';
import { BIN, runCli, tempDirs } from './cli-process.js';

const dirs = tempDirs();
after(dirs.removeAll);

function serveArgs(argv: string[], env: NodeJS.ProcessEnv) {
  const args = parseCommandLine(['serve', ...argv], env);
  assert.equal(args.command, 'serve', JSON.stringify(args));
  return args as Extract<typeof args, { command: 'serve' }>;
}

test('every flag and its variable reach the collector options; the flag wins', () => {
  const flags = serveArgs(
    [
      '--host=0.0.0.0',
      '--port=0',
      '--public-url=https://faultline.example.com',
      '--retention-days=30',
      '--retention-per-issue=50',
      '--max-envelope-size=10MiB',
      '--max-decompressed-size=50MiB',
      '--max-event-size=512KiB',
      '--max-attachment-size=2MiB',
      '--max-inflight-size=1GiB',
      '--max-queued-batches=500',
      '--max-queued-size=32MiB',
      '--ingest-workers=3',
    ],
    { FAULTLINE_ADMIN_TOKEN: 'secret-admin-token' },
  );
  const expected = {
    host: '0.0.0.0',
    port: 0,
    publicUrl: 'https://faultline.example.com',
    adminToken: 'secret-admin-token',
    retention: { days: 30, maxEventsPerIssue: 50 },
    ingest: {
      maxEnvelopeBodyBytes: 10 * 1024 * 1024,
      maxDecompressedBytes: 50 * 1024 * 1024,
      maxEventBytes: 512 * 1024,
      maxStoredAttachmentBytes: 2 * 1024 * 1024,
      maxInflightBodyBytes: 1024 * 1024 * 1024,
      maxQueuedBatches: 500,
      maxQueuedBytes: 32 * 1024 * 1024,
      ingestWorkers: 3,
    },
  };
  assert.deepEqual(flags.collector, expected);

  const env = serveArgs([], {
    FAULTLINE_HOST: '0.0.0.0',
    FAULTLINE_PORT: '0',
    FAULTLINE_PUBLIC_URL: 'https://faultline.example.com',
    FAULTLINE_ADMIN_TOKEN: 'secret-admin-token',
    FAULTLINE_RETENTION_DAYS: '30',
    FAULTLINE_RETENTION_PER_ISSUE: '50',
    FAULTLINE_MAX_ENVELOPE_SIZE: '10MiB',
    FAULTLINE_MAX_DECOMPRESSED_SIZE: '50MiB',
    FAULTLINE_MAX_EVENT_SIZE: '524288',
    FAULTLINE_MAX_ATTACHMENT_SIZE: '2MiB',
    FAULTLINE_MAX_INFLIGHT_SIZE: '1GiB',
    FAULTLINE_MAX_QUEUED_BATCHES: '500',
    FAULTLINE_MAX_QUEUED_SIZE: '32MiB',
    FAULTLINE_INGEST_WORKERS: '3',
  });
  assert.deepEqual(env.collector, expected);

  const both = serveArgs(['--retention-days', '7', '--port', '9000'], {
    FAULTLINE_RETENTION_DAYS: '30',
    FAULTLINE_PORT: '8100',
    PORT: '8200',
  });
  assert.equal(both.collector.retention?.days, 7, 'the flag wins over its variable');
  assert.equal(both.collector.port, 9000);
  assert.equal(serveArgs([], { FAULTLINE_PORT: '8100', PORT: '8200' }).collector.port, 8100);
  assert.equal(
    serveArgs([], { FAULTLINE_RETENTION_DAYS: '' }).collector.retention,
    undefined,
    'empty is unset',
  );
});

test('the table covers every option once, and the help states the collector defaults', () => {
  const names = SERVE_OPTIONS.map((s) => s.name);
  assert.equal(new Set(names).size, names.length);
  const variables = SERVE_OPTIONS.flatMap(envNames);
  assert.equal(new Set(variables).size, variables.length);
  const shown = (name: string) => SERVE_OPTIONS.find((s) => s.name === name)?.shownDefault;
  assert.equal(shown('max-envelope-size'), '20 MiB');
  assert.equal(
    readSize((shown('max-event-size') ?? '').replace(' ', '')),
    DEFAULT_INGEST_OPTIONS.maxEventBytes,
  );
  assert.equal(Number(shown('max-queued-batches')), DEFAULT_INGEST_OPTIONS.maxQueuedBatches);
});

test("the help states the collector's retention defaults; trust-proxy and metrics reach its options", () => {
  const help = serveHelp();
  assert.match(help, new RegExp(`--retention-days N[^]*Default: ${DEFAULT_RETENTION_DAYS}\\.`));
  assert.match(help, new RegExp(`--retention-per-issue N[^]*Default: ${DEFAULT_MAX_EVENTS_PER_ISSUE}\\.`));
  const { settings } = parseOptions(
    SERVE_OPTIONS,
    ['--trust-proxy', '2', '--metrics-port', '9464'],
    { FAULTLINE_METRICS_TOKEN: 'a-metrics-token-0123' },
    defaultServeSettings(),
  );
  assert.equal(settings.collector.trustProxy, 2);
  assert.deepEqual(settings.collector.metrics, { token: 'a-metrics-token-0123', port: 9464 });
  assert.throws(() =>
    parseOptions(
      SERVE_OPTIONS,
      ['--trust-proxy', String(MAX_TRUSTED_PROXY_HOPS + 1)],
      {},
      defaultServeSettings(),
    ),
  );
});

test('the alert options reach the collector; the SMTP URL only from the environment, never repeated', async () => {
  const smtpUrl = 'smtp://alerts:hunter2@mail.example.com:587';
  const { settings } = parseOptions(
    SERVE_OPTIONS,
    [
      '--smtp-from',
      'Faultline <alerts@example.com>',
      '--webhook-allow',
      ' 127.0.0.1, chat.internal ,10.0.0.0/8,',
    ],
    { FAULTLINE_SMTP_URL: smtpUrl },
    defaultServeSettings(),
  );
  assert.deepEqual(settings.collector.alerts, {
    smtpUrl,
    smtpFrom: 'Faultline <alerts@example.com>',
    webhookAllow: ['127.0.0.1', 'chat.internal', '10.0.0.0/8'],
  });
  const env = serveArgs([], {
    FAULTLINE_SMTP_URL: smtpUrl,
    FAULTLINE_SMTP_FROM: 'alerts@example.com',
    FAULTLINE_WEBHOOK_ALLOW: 'hooks.internal',
  });
  assert.deepEqual(env.collector.alerts, {
    smtpUrl,
    smtpFrom: 'alerts@example.com',
    webhookAllow: ['hooks.internal'],
  });
  assert.throws(() => serveArgs(['--smtp-url', smtpUrl], {}), /--smtp-url/, 'no flag: it would show in ps');

  const cases: [string[], NodeJS.ProcessEnv, RegExp][] = [
    [
      ['--webhook-allow', '10.0.0.0/33'],
      {},
      /--webhook-allow: webhook allow list: "10\.0\.0\.0\/33" is not an address or a CIDR/,
    ],
    [
      [],
      { FAULTLINE_WEBHOOK_ALLOW: ' , ' },
      /FAULTLINE_WEBHOOK_ALLOW \(--webhook-allow\): expected a comma-separated list/,
    ],
    [
      [],
      { FAULTLINE_SMTP_URL: 'http://alerts:hunter2@mail.example.com' },
      /FAULTLINE_SMTP_URL: the SMTP URL .*smtp:\/\/user:pass@host:port/,
    ],
  ];
  for (const [argv, variables, message] of cases) {
    const r = await runCli(['serve', ...argv], '', { env: { ...process.env, ...variables } });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, message);
    assert.ok(!r.stderr.includes('hunter2'), 'the password is not repeated');
  }
  // A relay without a From: the collector refuses to start, and says which variable is missing.
  const noFrom = await runCli(['serve', '--data', dirs.make(), '--port', '0'], '', {
    env: { ...process.env, FAULTLINE_SMTP_URL: smtpUrl },
  });
  assert.equal(noFrom.code, 1);
  assert.match(noFrom.stderr, /could not start: an SMTP URL needs a From address \(FAULTLINE_SMTP_FROM\)/);
  assert.ok(!noFrom.stderr.includes('hunter2'));
});

test('a bad value exits 2 and names the flag, or the variable and its flag', async () => {
  const cases: [string[], NodeJS.ProcessEnv, RegExp][] = [
    [['--max-event-size', '2MB'], {}, /--max-event-size: expected a size like 20MiB/],
    [['--max-envelope-size', '10'], {}, /--max-envelope-size: must be between 1 KiB and 64 GiB/],
    [['--port', '70000'], {}, /--port: expected a whole number from 0 to 65535/],
    [['--retention-days', '0'], {}, /--retention-days: expected a whole number from 1 to 36500/],
    [['--public-url', 'ftp://x'], {}, /--public-url: expected an http:\/\/ or https:\/\/ URL/],
    [['--db', 'mysql://x/y'], {}, /--db: expected a PostgreSQL URL/],
    [
      [],
      { FAULTLINE_RETENTION_PER_ISSUE: 'lots' },
      /FAULTLINE_RETENTION_PER_ISSUE \(--retention-per-issue\): /,
    ],
    [[], { PORT: '-1' }, /PORT \(--port\): expected a whole number/],
    [['--max-queued-batches'], {}, /--max-queued-batches/],
    [['--frobnicate'], {}, /--frobnicate/],
  ];
  for (const [argv, env, message] of cases) {
    const r = await runCli(['serve', ...argv], '', { env: { ...process.env, ...env } });
    assert.equal(r.code, 2, `${argv.join(' ')} ${JSON.stringify(env)}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.match(
      r.stderr,
      /\nusage: faultline serve \[options\]\nRun `faultline serve --help` for every option\.\n$/,
    );
  }
});

test('end to end: a limit set in the environment and one set by flag hold in the running collector', async (t) => {
  const { child, envelopeUrl: url } = await startServeChild(
    ['--data', dirs.make(), '--port', '0', '--max-event-size', '4KiB'],
    { bin: BIN, env: { ...process.env, FAULTLINE_MAX_ENVELOPE_SIZE: '8KiB' } },
  );
  t.after(() => child.kill('SIGKILL'));
  const envelope = (message: string) =>
    `{}\n{"type":"event"}\n${JSON.stringify({ event_id: crypto.randomUUID().replace(/-/g, ''), message })}\n`;
  const post = (body: string) => fetch(url, { method: 'POST', body }).then((r) => r.status);

  assert.equal(await post(envelope('small')), 200);
  assert.equal(await post(envelope('x'.repeat(6 * 1024))), 413, 'an event over --max-event-size 4KiB');
  assert.equal(await post(`${envelope('small')}${' '.repeat(9 * 1024)}`), 413, 'a body over 8KiB');
  child.kill('SIGTERM');
  const [code] = await once(child, 'exit');
  assert.equal(code, 0);
});
