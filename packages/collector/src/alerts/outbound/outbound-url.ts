/**
 * What an outbound URL (webhook, Slack, Discord) must look like before anything is resolved:
 * http or https, printable ASCII only (the WHATWG parser silently drops tabs and line breaks,
 * so what it would send is not what was written), no credentials (fetch refuses them, and they
 * would sit in the rule in clear), and a bounded length. Addresses are checked at every send
 * (outbound-guard.ts).
 */

import { MAX_OUTBOUND_URL_LENGTH } from '../../limits.js';

/**
 * The parsed URL, or why it is refused.
 * @example parseOutboundUrl('https://hooks.slack.com/services/T0/B0/x') // { url: URL }
 */
export function parseOutboundUrl(text: string): { url: URL } | { problem: string } {
  if (text.length > MAX_OUTBOUND_URL_LENGTH)
    return { problem: `is longer than ${MAX_OUTBOUND_URL_LENGTH} characters` };
  if (!/^[\x21-\x7e]+$/.test(text))
    return { problem: 'may hold only printable ASCII (no spaces; write an international host in punycode)' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problem: 'is not a URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return { problem: 'is not an http or https URL' };
  if (url.username !== '' || url.password !== '')
    return {
      problem: 'may not carry credentials (user:password@); use a secret in the path or the signature',
    };
  if (url.hostname === '') return { problem: 'has no host' };
  return { url };
}
