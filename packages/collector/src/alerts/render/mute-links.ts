/**
 * "Mute for 1 h / 24 h / until resolved" (issue 14 §4): links into the dashboard's issue page
 * that every notification of an issue carries. The link is the issue's URL with `?mute=1h`,
 * `?mute=24h` or `?mute=untilResolved`; the dashboard asks to confirm and then creates the silence
 * (`POST /api/v1/projects/:projectId/silences` with `matchers.issueId`): a link followed by a mail
 * scanner or a chat unfurler must not mute anything by itself.
 */

export type MuteChoice = '1h' | '24h' | 'untilResolved';

export type MuteLinks = Record<MuteChoice, string>;

/** In the order they are shown, with their words. */
export const MUTE_CHOICES: readonly (readonly [MuteChoice, string])[] = [
  ['1h', 'Mute for 1 h'],
  ['24h', 'Mute for 24 h'],
  ['untilResolved', 'Mute until resolved'],
];

/**
 * @example muteLinks('https://faultline.example.com/issues/42')['1h'] // 'https://faultline.example.com/issues/42?mute=1h'
 */
export function muteLinks(issueUrl: string): MuteLinks {
  const links = {} as MuteLinks;
  for (const [choice] of MUTE_CHOICES) links[choice] = `${issueUrl}?mute=${choice}`;
  return links;
}

/**
 * The links with their words, in order; none for an alert that carries none (a test, a route).
 * @example muteList(alert.mute) // [['Mute for 1 h', 'https://…?mute=1h'], …]
 */
export function muteList(links: MuteLinks | undefined): [label: string, url: string][] {
  return links === undefined ? [] : MUTE_CHOICES.map(([choice, label]) => [label, links[choice]]);
}
