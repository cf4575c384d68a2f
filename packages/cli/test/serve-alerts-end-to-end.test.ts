/**
 * Issue 14's "done when", end to end through the command line: `faultline serve` started as a
 * newcomer would, with FAULTLINE_SMTP_URL pointing at a real SMTP relay (STARTTLS, AUTH) and
 * FAULTLINE_WEBHOOK_ALLOW=127.0.0.1; a rule made through the HTTP API with the printed admin
 * token (a webhook channel and an email channel); one error thrown in an app behind Faultline's
 * own middleware, reported to the DSN the CLI printed. A signed webhook (verified by the
 * independent `standardwebhooks`) and an email (read by `mailparser`) arrive within seconds,
 * each once, with the issue's title and a dashboard link on `--public-url`. Prints the latencies.
 */

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import { createFaultline, type Logger } from '@faultline/server';
import { faultlineHandler } from '@faultline/server/node';
import { startSmtpRelay, startWebhookReceiver, verifiedWebhook } from '@faultline/test-support/alert-peers';
import { simpleParser } from 'mailparser';
import { BIN, tempDirs } from './cli-process.js';

/** "Within seconds" on a loaded 2-core machine: measured in tens of milliseconds when quiet. */
const ARRIVAL_BUDGET_MS = 10_000;
/** Where the dashboard is, as the operator tells the collector; the links must use it. */
const PUBLIC_URL = 'http://faultline.example.test:8000';

const dirs = tempDirs();
after(dirs.removeAll);

const quiet: Logger = { error() {}, warn() {}, info() {}, fatal() {} };

/** The child's environment: the test's own, without any FAULTLINE_* it may carry. */
function environment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('FAULTLINE_')));
  return { ...env, ...extra };
}

test('faultline serve with SMTP and an allow list: one thrown error ends as a signed webhook and an email, each once', async (t) => {
  const relay = await startSmtpRelay({ username: 'alerts', password: 's3cret pass' });
  t.after(() => relay.close());
  const receiver = await startWebhookReceiver();
  t.after(() => receiver.close());

  const child = spawn(
    process.execPath,
    [
      BIN,
      'serve',
      '--data',
      dirs.make(),
      '--port',
      '0',
      '--public-url',
      PUBLIC_URL,
      '--smtp-from',
      'Faultline <alerts@faultline.example.test>',
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: environment({
        FAULTLINE_SMTP_URL: relay.url('alerts', 's3cret pass'),
        FAULTLINE_WEBHOOK_ALLOW: '127.0.0.1',
      }),
    },
  );
  t.after(() => child.kill('SIGKILL'));
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', (d) => {
    err += d;
  });
  while (!out.includes('Admin token')) {
    const [event] = await Promise.race([once(child.stdout, 'data'), once(child, 'exit')]);
    if (typeof event === 'number' || event === null) assert.fail(`serve exited: ${err}`);
  }
  const collectorUrl = /Faultline collector on (\S+)/.exec(out)?.[1] ?? '';
  const printedDsn = new URL(/DSN: (\S+)/.exec(out)?.[1] ?? '');
  const token = /Admin token \(shown once, keep it\): (\S+)/.exec(out)?.[1] ?? '';
  assert.equal(printedDsn.host, new URL(PUBLIC_URL).host, 'the DSN is on the public URL');
  // The public name does not resolve here: the app reaches the collector at the address it
  // printed, with the printed DSN's key and project.
  const dsn = `http://${printedDsn.username}@${new URL(collectorUrl).host}${printedDsn.pathname}`;

  const api = (method: string, path: string, body?: unknown) =>
    fetch(`${collectorUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const created = await api('POST', `/api/v1/projects${printedDsn.pathname}/alert-rules`, {
    name: 'New 500s',
    trigger: { type: 'new-issue' },
    channels: [
      { type: 'webhook', url: receiver.url },
      { type: 'email', to: ['oncall@example.com'] },
    ],
  });
  const rule = (await created.json()) as any;
  assert.equal(created.status, 201, JSON.stringify(rule));
  const secret = rule.channels[0].secret as string;

  const faultline = createFaultline({
    service: 'checkout',
    release: 'shop@1.4.2',
    environment: 'production',
    dsn,
    logger: quiet,
    rates: false,
  });
  t.after(() => faultline.close(2000));
  const app = http.createServer(
    faultlineHandler(faultline, () => {
      throw new TypeError('cart.items is undefined while pricing the checkout');
    }),
  );
  app.listen(0, '127.0.0.1');
  await once(app, 'listening');
  t.after(() => app.close());

  const thrownAt = Date.now();
  const failed = await fetch(`http://127.0.0.1:${(app.address() as AddressInfo).port}/checkout`);
  assert.equal(failed.status, 500);
  const requestId = failed.headers.get('x-request-id');
  assert.ok(requestId);
  assert.equal(await faultline.flush(5000), true, 'the reporter sent the event');

  const [hook] = await receiver.waitFor(1, ARRIVAL_BUDGET_MS);
  const [mail] = await relay.waitFor(1, ARRIVAL_BUDGET_MS);
  assert.ok(hook && mail);

  const alert = verifiedWebhook(hook, secret) as Record<string, any>;
  assert.equal(alert.type, 'alert.fired');
  assert.deepEqual(alert.rule, { id: rule.id, name: 'New 500s' });
  assert.match(alert.issue.title, /cart\.items is undefined while pricing the checkout/);
  assert.equal(alert.event.requestId, requestId, 'the incident id the caller saw');
  assert.equal(alert.event.release, 'shop@1.4.2');
  assert.equal(alert.issue.url, `${PUBLIC_URL}/issues/${alert.issue.id}`);
  assert.ok(alert.url.startsWith(`${alert.issue.url}?event=`), alert.url);

  assert.equal(mail.secure, true, 'STARTTLS before AUTH');
  assert.equal(mail.user, 'alerts');
  assert.deepEqual(mail.to, ['oncall@example.com']);
  const email = await simpleParser(mail.raw);
  assert.match(email.subject ?? '', /cart\.items is undefined while pricing the checkout/);
  assert.ok(email.text?.includes(alert.url), 'the email links the dashboard');
  assert.ok(String(email.html).includes(alert.url.replaceAll('&', '&amp;')));

  // The link is the dashboard's: the collector serves the app at that path.
  const link = new URL(alert.url);
  const page = await fetch(`${collectorUrl}${link.pathname}${link.search}`);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type') ?? '', /^text\/html/);

  // Each once: both deliveries recorded delivered after one attempt, and nothing more arrives.
  const deadline = Date.now() + ARRIVAL_BUDGET_MS;
  let deliveries: any[] = [];
  while (Date.now() < deadline) {
    deliveries = ((await (await api('GET', `/api/v1/alert-rules/${rule.id}/deliveries`)).json()) as any)
      .items;
    if (deliveries.length === 2 && deliveries.every((d) => d.state === 'delivered')) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.deepEqual(deliveries.map((d) => [d.channelType, d.state, d.attemptCount]).sort(), [
    ['email', 'delivered', 1],
    ['webhook', 'delivered', 1],
  ]);
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(receiver.received.length, 1, 'one webhook');
  assert.equal(relay.mails.length, 1, 'one email');

  const firedAt = Date.parse(alert.firedAt);
  console.log(
    `alert latency through the CLI: commit → webhook ${hook.at - firedAt} ms, commit → email ${mail.at - firedAt} ms; ` +
      `thrown → webhook ${hook.at - thrownAt} ms, thrown → email ${mail.at - thrownAt} ms`,
  );
  assert.ok(hook.at - thrownAt < ARRIVAL_BUDGET_MS && mail.at - thrownAt < ARRIVAL_BUDGET_MS);

  child.kill('SIGTERM');
  const [code] = await once(child, 'exit');
  assert.equal(code, 0, err);
});
