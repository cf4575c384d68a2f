/**
 * One delivery attempt of one claimed notification, and what it came to (Standard Webhooks'
 * status rules): only 2xx delivers; 410 Gone disables the channel; anything else (3xx included,
 * redirects are never followed; a refusal of the SSRF guard; a network error or timeout) is a
 * failure to retry, after the receiver's Retry-After if it sent one (PagerDuty's 429 without one:
 * 30 s, its docs' advice). An SMTP 5xx reply to the message or its recipients is permanent:
 * retrying would not change it (a refused login is retried: the operator can fix it).
 */

import { parseRetryAfter } from '@faultline/core';
import { ALERT_SEND_TIMEOUT_MS, MAX_ALERT_ERROR_LENGTH, PAGERDUTY_RETRY_AFTER_S } from '../../limits.js';
import type { AttemptOutcome, ClaimedNotification } from '../../store/alert-records.js';
import type { DeliveryDeps } from '../alert-options.js';
import type { AlertFacts } from '../evaluate/alert-facts.js';
import { guardedPost } from '../outbound/guarded-post.js';
import { OutboundRefusedError } from '../outbound/outbound-refused-error.js';
import { cut } from '../render/alert-text.js';
import { canonicalAlert } from '../render/canonical-alert.js';
import { channelMessage, type OutboundMessage } from './channel-message.js';

export interface AttemptResult {
  outcome: AttemptOutcome;
  status: number | null;
  latencyMs: number;
  responseExcerpt: string | null;
  error: string | null;
  /** A wait the receiver asked for (s). */
  retryAfterS?: number;
  /** What the attempt rendered for its channel and sent, or tried to (the guard may have refused
   * it); absent when nothing was rendered. The test notification answers with it. */
  message?: OutboundMessage;
}

const message = (error: unknown) =>
  cut(error instanceof Error ? error.message : String(error), MAX_ALERT_ERROR_LENGTH);

async function postHttp(
  m: Extract<OutboundMessage, { kind: 'http' }>,
  deps: DeliveryDeps,
  isPagerDuty: boolean,
): Promise<Omit<AttemptResult, 'latencyMs'>> {
  const answer = await guardedPost(m.url, m.body, m.headers, deps.policy, ALERT_SEND_TIMEOUT_MS);
  const { status, excerpt } = answer;
  const base = { status, responseExcerpt: excerpt === '' ? null : excerpt };
  if (status >= 200 && status < 300) return { ...base, outcome: 'delivered', error: null };
  if (status === 410)
    return {
      ...base,
      outcome: 'disabled',
      error: 'HTTP 410 Gone: the receiver wants no more; channel disabled',
    };
  const askedMs = parseRetryAfter(answer.retryAfter, deps.now());
  const retryAfterS =
    askedMs !== undefined
      ? askedMs / 1000
      : isPagerDuty && status === 429
        ? PAGERDUTY_RETRY_AFTER_S
        : undefined;
  const redirect = status >= 300 && status < 400 ? ' (a redirect; not followed)' : '';
  return {
    ...base,
    outcome: 'retry',
    error: `HTTP ${status}${redirect}`,
    ...(retryAfterS === undefined ? {} : { retryAfterS }),
  };
}

/**
 * Sends one email (an alert or a digest) through the mailer and reads the relay's answer.
 * @example const sent = await sendEmail({ kind: 'email', to, message }, deps) // { outcome: 'delivered', status: 250, … }
 */
export async function sendEmail(
  m: Extract<OutboundMessage, { kind: 'email' }>,
  deps: DeliveryDeps,
): Promise<Omit<AttemptResult, 'latencyMs'>> {
  if (deps.mailer === undefined)
    return {
      outcome: 'retry',
      status: null,
      responseExcerpt: null,
      error:
        'email is not configured: give the collector an SMTP URL and From (FAULTLINE_SMTP_URL, FAULTLINE_SMTP_FROM)',
    };
  try {
    const sent = await deps.mailer.send(m.to, m.message);
    const rejected = sent.rejected.length > 0 ? `; rejected: ${sent.rejected.join(', ')}` : '';
    const code = Number.parseInt(sent.response, 10);
    return {
      outcome: 'delivered',
      status: Number.isInteger(code) ? code : null,
      responseExcerpt: cut(sent.response, MAX_ALERT_ERROR_LENGTH),
      error: rejected === '' ? null : cut(rejected.slice(2), MAX_ALERT_ERROR_LENGTH),
    };
  } catch (error) {
    const { responseCode, code } = error as { responseCode?: unknown; code?: unknown };
    const status = typeof responseCode === 'number' ? responseCode : null;
    // A 5xx for the message or its recipients will not change; a refused login is the operator's to fix.
    const permanent = status !== null && status >= 500 && code !== 'EAUTH';
    return {
      outcome: permanent ? 'failed' : 'retry',
      status,
      responseExcerpt: null,
      error: message(error),
    };
  }
}

/**
 * @example const result = await attemptDelivery(claimed, deps) // { outcome: 'delivered', status: 200, … }
 */
export async function attemptDelivery(
  claimed: ClaimedNotification,
  deps: DeliveryDeps,
): Promise<AttemptResult> {
  const { notification: n, channel } = claimed;
  const startedAt = performance.now();
  const done = (r: Omit<AttemptResult, 'latencyMs'>): AttemptResult => ({
    ...r,
    latencyMs: performance.now() - startedAt,
  });
  if (channel === undefined)
    return done({
      outcome: 'disabled',
      status: null,
      responseExcerpt: null,
      error: 'the channel is no longer in the rule',
    });
  if (channel.disabled !== undefined)
    return done({
      outcome: 'disabled',
      status: null,
      responseExcerpt: null,
      error: `channel disabled: ${channel.disabled.reason}`,
    });
  let m: OutboundMessage | undefined;
  try {
    const facts = JSON.parse(n.payload) as AlertFacts;
    const alert = canonicalAlert(facts, deps.publicUrl);
    m = channelMessage(channel, alert, n, {
      publicUrl: deps.publicUrl,
      pagerDutyUrl: deps.pagerDutyUrl,
      nowS: Math.floor(deps.now() / 1000),
    });
    const sent =
      m.kind === 'email' ? await sendEmail(m, deps) : await postHttp(m, deps, channel.type === 'pagerduty');
    return done({ ...sent, message: m });
  } catch (error) {
    const refused = error instanceof OutboundRefusedError;
    return done({
      outcome: 'retry',
      status: null,
      responseExcerpt: null,
      error: refused ? `refused: ${error.message}` : message(error),
      ...(m === undefined ? {} : { message: m }),
    });
  }
}
