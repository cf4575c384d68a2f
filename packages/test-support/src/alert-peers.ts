/**
 * The real peers alert tests deliver to (issue 14 §6): a webhook receiver on 127.0.0.1 that
 * records every request and verifies Standard Webhooks signatures with the independent
 * `standardwebhooks` package, and an SMTP relay (`smtp-server`) that offers STARTTLS and takes
 * AUTH only once the session is encrypted. Imported as `@faultline/test-support/alert-peers`,
 * so tests that need neither do not load them.
 */

import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { Webhook } from 'standardwebhooks';

/** One request a receiver got; `at` is Date.now() when its body had arrived. */
export interface ReceivedRequest {
  at: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedRequest[];
  /** The status of the answer to the n-th request (0-based); 200 by default. */
  status: (n: number) => number;
  /** Resolves with the first `count` requests once they have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

/** Waits for `count` items of `items`, woken by `waiters`. */
async function waitForCount<T>(
  items: T[],
  waiters: (() => void)[],
  count: number,
  timeoutMs: number,
  what: string,
): Promise<T[]> {
  const deadline = Date.now() + timeoutMs;
  while (items.length < count) {
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`got ${items.length} of ${count} ${what} in ${timeoutMs} ms`);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, left);
      waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  return items.slice(0, count);
}

/**
 * @example const receiver = await startWebhookReceiver(); receiver.status = (n) => (n === 0 ? 503 : 200);
 */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedRequest[] = [];
  const waiters: (() => void)[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ at: Date.now(), headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      for (const wake of waiters.splice(0)) wake();
      res.writeHead(receiver.status(received.length - 1)).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const receiver: WebhookReceiver = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    status: () => 200,
    waitFor: (count, timeoutMs = 15_000) =>
      waitForCount(received, waiters, count, timeoutMs, 'webhook requests'),
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  return receiver;
}

/**
 * The payload of a request signed with `secret`, verified by `standardwebhooks` (it throws on a
 * wrong signature, a stale timestamp or a missing header).
 * @example const alert = verifiedWebhook(receiver.received[0], rule.channels[0].secret)
 */
export function verifiedWebhook(got: ReceivedRequest, secret: string): unknown {
  return new Webhook(secret).verify(got.body, {
    'webhook-id': String(got.headers['webhook-id']),
    'webhook-timestamp': String(got.headers['webhook-timestamp']),
    'webhook-signature': String(got.headers['webhook-signature']),
  });
}

/** One message the relay accepted; `at` is Date.now() when its data had arrived. */
export interface RelayedMail {
  at: number;
  raw: string;
  /** The session was upgraded with STARTTLS before the message. */
  secure: boolean;
  user: unknown;
  from: string | undefined;
  to: string[];
}

export interface SmtpRelay {
  port: number;
  /** The relay's URL with these credentials, accepting its self-signed certificate as an
   * operator would for an internal relay (nodemailer's URL parameter). */
  url(username: string, password: string): string;
  mails: RelayedMail[];
  waitFor(count: number, timeoutMs?: number): Promise<RelayedMail[]>;
  close(): Promise<void>;
}

/**
 * @example const relay = await startSmtpRelay({ username: 'alerts', password: 's3cret' }); relay.url('alerts', 's3cret')
 */
export async function startSmtpRelay(login: { username: string; password: string }): Promise<SmtpRelay> {
  const mails: RelayedMail[] = [];
  const waiters: (() => void)[] = [];
  const server = new SMTPServer({
    logger: false,
    banner: 'faultline test relay',
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, callback) {
      if (auth.username === login.username && auth.password === login.password)
        return callback(null, { user: login.username });
      callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          at: Date.now(),
          raw: Buffer.concat(chunks).toString('utf8'),
          secure: session.secure,
          user: session.user,
          from: session.envelope.mailFrom === false ? undefined : session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((r) => r.address),
        });
        for (const wake of waiters.splice(0)) wake();
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    url: (username, password) =>
      `smtp://${encodeURIComponent(username)}:${encodeURIComponent(password)}@127.0.0.1:${port}/?tls.rejectUnauthorized=false`,
    mails,
    waitFor: (count, timeoutMs = 15_000) => waitForCount(mails, waiters, count, timeoutMs, 'emails'),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
