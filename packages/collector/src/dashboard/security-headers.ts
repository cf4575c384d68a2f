/**
 * Headers on every dashboard file. Event data is attacker-controlled (issue 7 §2), so the page
 * may only run its own scripts: no inline script, no eval, no plugins, no <base> rewriting, no
 * framing (clickjacking), and fetches only to this origin.
 * https://www.w3.org/TR/CSP3/ ; OWASP Secure Headers Project.
 */

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  // Event pages hold URLs of the monitored app; never leak them to a followed link.
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
});
