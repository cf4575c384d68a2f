/**
 * An email digest (issue 14 §2): the alerts held for one recipient set while an earlier email's
 * interval ran, as ONE email made of each alert's own parts (email-message.ts), oldest first.
 */

import { headline, plainText } from './alert-text.js';
import type { CanonicalAlert } from './canonical-alert.js';
import { alertHtml, type EmailMessage, emailSubject } from './email-message.js';

/**
 * @example emailDigest([a, b]) // { subject: '[Faultline] 2 alerts: New issue in shop: …; Regression in …', … }
 */
export function emailDigest(alerts: readonly CanonicalAlert[]): EmailMessage {
  const count = `${alerts.length} alerts`;
  return {
    subject: emailSubject(`${count}: ${alerts.map(headline).join('; ')}`),
    text: `${count}\n\n${alerts.map(plainText).join('\n\n---\n\n')}\n`,
    html: `<!doctype html><html><body><h1>${count}</h1>${alerts.map(alertHtml).join('<hr>')}</body></html>`,
  };
}
