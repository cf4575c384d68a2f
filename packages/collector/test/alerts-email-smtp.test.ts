/**
 * Email alerts over real SMTP (issue 14 §2, §6): a real `smtp-server` in the test, offering
 * STARTTLS and requiring AUTH (which it allows only once the session is encrypted), receives
 * the alert of an event ingested over HTTP; `mailparser` reads what arrived. Event data reaches
 * the HTML only escaped. A refused login is logged and retried, not dropped. Both engines.
 */

import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { forEachEngine } from '@faultline/test-support';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { eventually, uniqueMessage, useAlertCollectors } from './alerts-fixtures.js';

interface Delivered {
  raw: string;
  secure: boolean;
  user: unknown;
  from: string | undefined;
  to: string[];
}

async function startSmtp() {
  const delivered: Delivered[] = [];
  const server = new SMTPServer({
    logger: false,
    banner: 'faultline test relay',
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, callback) {
      if (auth.username === 'alerts' && auth.password === 's3cret pass')
        return callback(null, { user: 'alerts' });
      callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        delivered.push({
          raw: Buffer.concat(chunks).toString('utf8'),
          secure: session.secure,
          user: session.user,
          from: session.envelope.mailFrom === false ? undefined : session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((r) => r.address),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, delivered, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The relay's certificate is smtp-server's built-in self-signed one: nodemailer's own URL
 * parameter accepts it, as an operator would for an internal relay. */
const smtpUrl = (port: number, password: string) =>
  `smtp://alerts:${encodeURIComponent(password)}@127.0.0.1:${port}/?tls.rejectUnauthorized=false`;

forEachEngine((engine) =>
  describe(`email alerts over SMTP (${engine.name})`, () => {
    const newCollector = useAlertCollectors(engine);
    let smtp: Awaited<ReturnType<typeof startSmtp>>;

    before(async () => {
      smtp = await startSmtp();
    });
    after(() => smtp?.close());

    const collector = (password: string) =>
      newCollector({
        smtpUrl: smtpUrl(smtp.port, password),
        smtpFrom: 'Faultline <alerts@faultline.example>',
        publicUrl: 'https://faultline.example/base/',
      });

    test('STARTTLS, AUTH, plain text and HTML with the event data escaped', async () => {
      const c = await collector('s3cret pass');
      await c.rule({
        name: 'Mail the team',
        trigger: { type: 'new-issue' },
        channels: [{ type: 'email', to: ['ops@example.com', 'dev@example.com'] }],
      });
      const message = uniqueMessage('<script>alert(x)</script> & the database is down');
      const eventId = await c.send({ message, release: 'shop@2.0.0', tags: { request_id: 'req-mail' } });
      const mail = await eventually(
        async () => smtp.delivered.find((d) => d.raw.includes('req-mail')),
        20_000,
        'the email',
      );
      assert.equal(mail.secure, true, 'the session was upgraded with STARTTLS before AUTH');
      assert.equal(mail.user, 'alerts');
      assert.equal(mail.from, 'alerts@faultline.example');
      assert.deepEqual(mail.to, ['ops@example.com', 'dev@example.com']);

      const parsed = await simpleParser(mail.raw);
      assert.deepEqual(parsed.from?.value, [{ name: 'Faultline', address: 'alerts@faultline.example' }]);
      assert.match(
        parsed.subject ?? '',
        /^\[Faultline\] New issue in default: <script>alert\(x\)<\/script> & the database/,
      );
      const text = parsed.text ?? '';
      assert.ok(text.includes(message), text);
      assert.match(text, /Release: shop@2\.0\.0/);
      assert.match(text, /Incident: req-mail/);
      const link = /https:\/\/faultline\.example\/base\/issues\/(\d+)\?event=([0-9a-f]{32})/.exec(text);
      assert.ok(link, `the link into the dashboard, on the public URL: ${text}`);
      assert.equal(link[2], eventId);
      const html = String(parsed.html);
      assert.ok(html.includes('&lt;script&gt;alert(x)&lt;/script&gt; &amp; the database'), html);
      assert.ok(!html.includes('<script>'), 'no markup from the event reaches the HTML');
      assert.ok(html.includes(`href="${link[0]}"`));

      const [notification] = await eventually(async () => {
        const rows = await c.store.listAlertNotifications({ state: 'delivered', limit: 5 });
        return rows.length > 0 ? rows : undefined;
      });
      const [attempt] = await c.store.listAlertAttempts(notification!.id);
      assert.equal(attempt?.status, 250);
      assert.match(attempt?.responseExcerpt ?? '', /^250/);
    });

    test('a refused login is logged with the relay reply and the notification stays pending', async () => {
      const c = await collector('wrong password');
      const rule = await c.rule({
        name: 'Mail with bad credentials',
        trigger: { type: 'new-issue' },
        channels: [{ type: 'email', to: ['ops@example.com'] }],
      });
      const sent = smtp.delivered.length;
      await c.send({ message: uniqueMessage('login refused') });
      const [row] = await eventually(async () => {
        const rows = await c.store.listAlertNotifications({ ruleId: rule.id, limit: 5 });
        return rows[0] !== undefined && rows[0].attempts > 0 ? rows : undefined;
      });
      assert.equal(row?.state, 'pending', 'retried later: the operator can fix the credentials');
      const [attempt] = await c.store.listAlertAttempts(row!.id);
      assert.equal(attempt?.outcome, 'retry');
      assert.equal(attempt?.status, 535);
      assert.match(attempt?.error ?? '', /Invalid username or password/);
      assert.equal(smtp.delivered.length, sent, 'nothing was delivered');
    });
  }),
);
