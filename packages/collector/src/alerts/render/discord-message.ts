/**
 * A Discord webhook message: one embed within Discord's limits, and `allowed_mentions` empty, so
 * an `@everyone` inside an error message pings no one.
 */

import {
  DISCORD_DESCRIPTION_MAX_CHARS,
  DISCORD_EMBED_MAX_CHARS,
  DISCORD_FIELD_NAME_MAX_CHARS,
  DISCORD_FIELD_VALUE_MAX_CHARS,
  DISCORD_TITLE_MAX_CHARS,
} from '../../limits.js';
import { cut, facts, headline } from './alert-text.js';
import type { CanonicalAlert } from './canonical-alert.js';
import { muteList } from './mute-links.js';

/** Discord allows 25 fields per embed. */
const MAX_FIELDS = 25;
/** Red for a firing, green for a resolution, grey for a test. */
const COLORS = { 'alert.fired': 0xd93f0b, 'alert.resolved': 0x2da44e, 'alert.test': 0x8c959f } as const;

/**
 * @example JSON.stringify(discordMessage(alert)) // { allowed_mentions: { parse: [] }, embeds: [ … ] }
 */
export function discordMessage(a: CanonicalAlert) {
  const title = cut(headline(a), DISCORD_TITLE_MAX_CHARS);
  const [why, ...rest] = facts(a);
  const fields = rest.slice(0, MAX_FIELDS - 1).map(([label, value]) => ({
    name: cut(label, DISCORD_FIELD_NAME_MAX_CHARS),
    value: cut(value, DISCORD_FIELD_VALUE_MAX_CHARS),
    inline: true,
  }));
  // Markdown links, whole or not at all: a cut link would lead somewhere else.
  const mute = muteList(a.mute)
    .map(([label, url]) => `[${label}](${url})`)
    .join(' · ');
  if (mute !== '' && mute.length <= DISCORD_FIELD_VALUE_MAX_CHARS)
    fields.push({ name: 'Mute', value: mute, inline: false });
  const used = title.length + fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
  const room = Math.min(DISCORD_DESCRIPTION_MAX_CHARS, DISCORD_EMBED_MAX_CHARS - used);
  const embed = {
    title,
    url: a.url,
    description: cut(why === undefined ? '' : `${why[0]}: ${why[1]}`, Math.max(0, room)),
    color: COLORS[a.type],
    fields,
    timestamp: a.firedAt,
  };
  return { allowed_mentions: { parse: [] }, embeds: [embed] };
}
