/**
 * Email over SMTP through nodemailer (issue 14 §2): `smtp://user:pass@host:port` upgrades with
 * STARTTLS when the server offers it (nodemailer's default), `smtps://` is TLS from the first
 * byte; nodemailer's own URL parameters apply (`?requireTLS=true`, `?tls.rejectUnauthorized=false`
 * for a relay with a self-signed certificate). Each wait, and the whole send, is bounded by
 * ALERT_SMTP_TIMEOUT_MS (an abort signal ends a relay that trickles).
 * The relay is the operator's, so the SSRF guard does not apply to it.
 */

import nodemailer from 'nodemailer';
import { ALERT_SMTP_TIMEOUT_MS } from '../../limits.js';
import type { EmailMessage } from '../render/email-message.js';

export interface SentMail {
  /** The relay's last reply, e.g. `250 2.0.0 Ok: queued`. */
  response: string;
  rejected: string[];
}

export interface Mailer {
  send(to: readonly string[], message: EmailMessage): Promise<SentMail>;
  close(): void;
}

/**
 * @example const mailer = createMailer('smtp://alerts:pw@mail.example.com:587', 'Faultline <alerts@example.com>')
 */
export function createMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: ALERT_SMTP_TIMEOUT_MS,
    greetingTimeout: ALERT_SMTP_TIMEOUT_MS,
    socketTimeout: ALERT_SMTP_TIMEOUT_MS,
    dnsTimeout: ALERT_SMTP_TIMEOUT_MS,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    async send(to, message) {
      const signal = AbortSignal.timeout(ALERT_SMTP_TIMEOUT_MS);
      const info = await transport.sendMail({ from, to: [...to], ...message, signal });
      return { response: String(info.response ?? ''), rejected: (info.rejected ?? []).map(String) };
    },
    close: () => transport.close(),
  };
}
