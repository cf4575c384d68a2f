/**
 * An alert email: a one-line subject, plain text, and HTML where every value is escaped (event
 * data is the sender's: it must never become markup in a mail client).
 */

import { EMAIL_SUBJECT_MAX_CHARS } from '../../limits.js';
import { cut, facts, headline, plainText } from './alert-text.js';
import type { CanonicalAlert } from './canonical-alert.js';
import { muteList } from './mute-links.js';

const html = (text: string) =>
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
 * @example const { subject, text, html } = emailMessage(alert)
 */
export function emailMessage(a: CanonicalAlert): EmailMessage {
  const rows = facts(a)
    .map(
      ([label, value]) =>
        `<tr><th align="left" style="padding-right:12px">${html(label)}</th><td>${html(value)}</td></tr>`,
    )
    .join('');
  return {
    subject: cut(`[Faultline] ${headline(a)}`, EMAIL_SUBJECT_MAX_CHARS),
    text: `${plainText(a)}\n`,
    html:
      `<!doctype html><html><body><h2>${html(headline(a))}</h2><table>${rows}</table>` +
      `<p>${[['Open in Faultline', a.url] as const, ...muteList(a.mute)]
        .map(([label, url]) => `<a href="${html(url)}">${html(label)}</a>`)
        .join(' · ')}</p></body></html>`,
  };
}
