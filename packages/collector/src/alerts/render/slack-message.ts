/**
 * A Slack incoming-webhook message: Block Kit blocks with a plain-text `text` fallback (shown in
 * notifications and by clients without blocks; Mattermost reads it too), every text within
 * Slack's limits. Event data is escaped wherever Slack reads mrkdwn (the fallback, sections,
 * fields: `&`, `<`, `>`), so `<!channel>` in an error message pings no one and a link in it is
 * not a link; the header is plain_text, which Slack does not parse.
 */

import {
  SLACK_FIELD_MAX_CHARS,
  SLACK_HEADER_MAX_CHARS,
  SLACK_SECTION_MAX_CHARS,
  SLACK_TEXT_MAX_CHARS,
  SLACK_URL_MAX_CHARS,
} from '../../limits.js';
import { cut, facts, headline, plainText } from './alert-text.js';
import type { CanonicalAlert } from './canonical-alert.js';
import { muteList } from './mute-links.js';

/** Slack allows 10 fields per section. */
const MAX_FIELDS = 10;

const mrkdwn = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/**
 * @example JSON.stringify(slackMessage(alert)) // { text, blocks: [header, section, …] }
 */
export function slackMessage(a: CanonicalAlert) {
  const rows = facts(a);
  const [why, ...rest] = rows;
  const blocks: unknown[] = [
    {
      type: 'header',
      text: { type: 'plain_text', text: cut(headline(a), SLACK_HEADER_MAX_CHARS), emoji: false },
    },
  ];
  if (why !== undefined)
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: cut(`*${why[0]}:* ${mrkdwn(why[1])}`, SLACK_SECTION_MAX_CHARS) },
    });
  if (rest.length > 0)
    blocks.push({
      type: 'section',
      fields: rest.slice(0, MAX_FIELDS).map(([label, value]) => ({
        type: 'mrkdwn',
        text: cut(`*${label}*\n${mrkdwn(value)}`, SLACK_FIELD_MAX_CHARS),
      })),
    });
  const buttons = [['Open in Faultline', a.url] as const, ...muteList(a.mute)]
    .filter(([, url]) => url.length <= SLACK_URL_MAX_CHARS)
    .map(([text, url]) => ({ type: 'button', text: { type: 'plain_text', text }, url }));
  if (buttons.length > 0) blocks.push({ type: 'actions', elements: buttons });
  // The fallback is mrkdwn too (Slack parses it for notifications): escaped like the fields.
  return { text: cut(mrkdwn(plainText(a)), SLACK_TEXT_MAX_CHARS), blocks };
}
