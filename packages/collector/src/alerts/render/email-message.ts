/**
 * An alert email: a one-line subject, plain text, and HTML where every value is escaped (event
 * data is the sender's: it must never become markup in a mail client). A digest (email-digest.ts)
 * is made of the same per-alert parts.
 */

import { EMAIL_SUBJECT_MAX_CHARS } from '../../limits.js';
import { cut, facts, headline, plainText } from './alert-text.js';
import type { CanonicalAlert } from './canonical-alert.js';
import { muteList } from './mute-links.js';

/**
 * `text` escaped for HTML text and attribute values.
 * @example escapeHtml('<b> & "x"') // '&lt;b&gt; &amp; &quot;x&quot;'
 */
export const escapeHtml = (text: string) =>
  text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');

export interface EmailMessage {
  subject: string;
  text: string;
  html: string;
}

/**
 * An email subject: `[Faultline] …`, one line, cut to EMAIL_SUBJECT_MAX_CHARS.
 * @example emailSubject('New issue in shop: …') // '[Faultline] New issue in shop: …'
 */
export const emailSubject = (line: string) => cut(`[Faultline] ${line}`, EMAIL_SUBJECT_MAX_CHARS);

/**
 * One alert as an HTML fragment: its headline, its facts, its links.
 * @example alertHtml(alert) // '<h2>New issue in shop: …</h2><table>…</table><p><a href="…">Open in Faultline</a> · …</p>'
 */
export function alertHtml(a: CanonicalAlert): string {
  const rows = facts(a)
    .map(
      ([label, value]) =>
        `<tr><th align="left" style="padding-right:12px">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`,
    )
    .join('');
  return (
    `<h2>${escapeHtml(headline(a))}</h2><table>${rows}</table>` +
    `<p>${[['Open in Faultline', a.url] as const, ...muteList(a.mute)]
      .map(([label, url]) => `<a href="${escapeHtml(url)}">${escapeHtml(label)}</a>`)
      .join(' · ')}</p>`
  );
}

/**
 * @example const { subject, text, html } = emailMessage(alert)
 */
export function emailMessage(a: CanonicalAlert): EmailMessage {
  return {
    subject: emailSubject(headline(a)),
    text: `${plainText(a)}\n`,
    html: `<!doctype html><html><body>${alertHtml(a)}</body></html>`,
  };
}
