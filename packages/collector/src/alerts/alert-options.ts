/**
 * The collector's `alerts` options (`startCollector({ alerts })`; the CLI maps FAULTLINE_SMTP_URL,
 * FAULTLINE_SMTP_FROM, FAULTLINE_PUBLIC_URL and FAULTLINE_WEBHOOK_ALLOW onto them), read once
 * into what delivery needs. A wrong value fails the start with a ConfigError naming it.
 */

import { ConfigError } from '@faultline/core';
import { ALERT_EMAIL_DIGEST_INTERVAL_MS } from '../limits.js';
import type { Store } from '../store/store.js';
import type { RetryTiming } from './deliver/retry-schedule.js';
import { createMailer, type Mailer } from './deliver/smtp-mailer.js';
import { parseAllowList } from './outbound/allow-list.js';
import { type OutboundPolicy, type Resolver, systemResolver } from './outbound/outbound-guard.js';
import { PAGERDUTY_EVENTS_URL } from './render/pagerduty-event.js';

export interface AlertOptions {
  /** The SMTP relay, `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465`;
   * without it, email channels fail their attempts with a message saying so. */
  smtpUrl?: string;
  /** The From of alert emails, e.g. `Faultline <alerts@example.com>`; required with smtpUrl. */
  smtpFrom?: string;
  /** The dashboard's address in notifications' links; default: the collector's public URL. */
  publicUrl?: string;
  /** Hosts and CIDRs notifications may reach although they are not global addresses. */
  webhookAllow?: readonly string[];
  /** Multiplies the retry schedule's delays; for tests only (default 1: Standard Webhooks'). */
  retryScale?: number;
  /** After an alert email, later ones to the same recipients wait this long for one digest
   * (default ALERT_EMAIL_DIGEST_INTERVAL_MS, 5 min); tests use a second or two. */
  emailDigestIntervalMs?: number;
  /** PagerDuty's Events API v2 endpoint; for tests only. */
  pagerDutyUrl?: string;
  /** Resolves host names for the SSRF guard; for tests only (default: the system's getaddrinfo). */
  resolve?: Resolver;
  /** Between two passes of the rate rules (default RATE_ALERT_INTERVAL_MS); tests run it fast. */
  rateIntervalMs?: number;
  /** The clock of rate evaluation and delivery; for tests only (default Date.now): a test moves it
   * past a rate rule's window, and what that pass enqueues is due on the same clock. */
  clock?: () => number;
}

/** What delivery runs on: the store, the guard, the mailer, the clock and the log. */
export interface DeliveryDeps {
  store: Store;
  policy: OutboundPolicy;
  publicUrl: URL;
  pagerDutyUrl: string;
  /** undefined: email is not configured. */
  mailer: Mailer | undefined;
  timing: RetryTiming;
  /** Email digests: the least time between two emails to one recipient set (ms). */
  emailDigestIntervalMs: number;
  now: () => number;
  log: (message: string, error?: unknown) => void;
  /** True for an error the store health already logged (one line per failure episode). */
  isStoreFailure: (error: unknown) => boolean;
}

/**
 * The SMTP relay's URL is smtp:// or smtps://. The message never repeats the URL: it holds a
 * password.
 * @throws ConfigError otherwise
 * @example checkSmtpUrl('smtp://alerts:secret@mail.example.com:587') // passes
 */
export function checkSmtpUrl(url: string): void {
  let protocol = '';
  try {
    protocol = new URL(url).protocol;
  } catch {
    // reported below
  }
  if (protocol !== 'smtp:' && protocol !== 'smtps:')
    throw new ConfigError('the SMTP URL (FAULTLINE_SMTP_URL) is smtp://user:pass@host:port or smtps://…');
}

/**
 * @throws ConfigError for an smtpUrl that is not smtp:// or smtps://, no smtpFrom, a bad
 * publicUrl or allow-list entry, a negative emailDigestIntervalMs
 * @example const deps = deliveryDeps(store, options.alerts ?? {}, { publicUrl, log, isStoreFailure })
 */
export function deliveryDeps(
  store: Store,
  options: AlertOptions,
  context: { publicUrl: URL; log: DeliveryDeps['log']; isStoreFailure: DeliveryDeps['isStoreFailure'] },
): DeliveryDeps {
  let publicUrl = context.publicUrl;
  if (options.publicUrl !== undefined) {
    try {
      publicUrl = new URL(options.publicUrl);
    } catch {
      throw new ConfigError(`alerts.publicUrl is not a URL: ${options.publicUrl}`);
    }
  }
  const digestMs = options.emailDigestIntervalMs;
  if (digestMs !== undefined && !(Number.isFinite(digestMs) && digestMs >= 0))
    throw new ConfigError(`alerts.emailDigestIntervalMs is not a duration in ms: ${digestMs}`);
  let mailer: Mailer | undefined;
  if (options.smtpUrl !== undefined && options.smtpUrl !== '') {
    checkSmtpUrl(options.smtpUrl);
    if (options.smtpFrom === undefined || options.smtpFrom.trim() === '')
      throw new ConfigError(
        'an SMTP URL needs a From address (FAULTLINE_SMTP_FROM), e.g. "Faultline <alerts@example.com>"',
      );
    mailer = createMailer(options.smtpUrl, options.smtpFrom);
  }
  return {
    store,
    policy: { allow: parseAllowList(options.webhookAllow ?? []), resolve: options.resolve ?? systemResolver },
    publicUrl,
    pagerDutyUrl: options.pagerDutyUrl ?? PAGERDUTY_EVENTS_URL,
    mailer,
    timing: { scale: options.retryScale ?? 1, random: Math.random },
    emailDigestIntervalMs: digestMs ?? ALERT_EMAIL_DIGEST_INTERVAL_MS,
    now: options.clock ?? Date.now,
    log: context.log,
    isStoreFailure: context.isStoreFailure,
  };
}
