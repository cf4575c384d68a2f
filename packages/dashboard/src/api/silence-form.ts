/**
 * The silence form's text ↔ the JSON the collector takes, and the issue page's mute presets
 * (the notifications' `?mute=1h|24h|untilResolved` links). As with the rule form, the collector
 * judges every value: an id or an end that does not read is sent as typed, and its 400 names the
 * field the form shows it beside.
 */

import type { SilenceBody, SilenceMatchers } from './silence-types.js';

const HOUR_MS = 60 * 60_000;

/** How long a silence lasts: a preset, an end picked by hand, or until its issue is resolved. */
export type SilenceDuration = '1h' | '24h' | 'custom' | 'untilResolved';

/** The presets a notification's mute link and the issue page's Mute control offer. */
export type MutePreset = Exclude<SilenceDuration, 'custom'>;

/** @example MUTE_PRESETS.map(mutePresetInWords) // ['for 1 h', 'for 24 h', 'until it is resolved'] */
export const MUTE_PRESETS: readonly MutePreset[] = ['1h', '24h', 'untilResolved'];

const PRESET_MS: Record<'1h' | '24h', number> = { '1h': HOUR_MS, '24h': 24 * HOUR_MS };

/** @example mutePresetInWords('24h') // 'for 24 h' */
export function mutePresetInWords(preset: MutePreset): string {
  return preset === 'untilResolved' ? 'until it is resolved' : `for ${preset.replace('h', ' h')}`;
}

/**
 * A URL's `mute=` value, or undefined for anything else (a link is untrusted input).
 * @example mutePresetOf('24h') // '24h'; mutePresetOf('forever') // undefined
 */
export function mutePresetOf(value: string | null): MutePreset | undefined {
  return MUTE_PRESETS.find((p) => p === value);
}

/**
 * The silence a mute of one issue creates.
 * @param now the clock the end counts from (ms)
 * @example muteBody(42, '1h', Date.parse('2026-12-07T10:00:00Z'))
 * // { matchers: { issueId: 42 }, endsAt: '2026-12-07T11:00:00.000Z' }
 */
export function muteBody(issueId: number, preset: MutePreset, now: number): SilenceBody {
  const matchers = { issueId };
  return preset === 'untilResolved'
    ? { matchers, untilResolved: true }
    : { matchers, endsAt: new Date(now + PRESET_MS[preset]).toISOString() };
}

export interface SilenceForm {
  ruleId: string;
  issueId: string;
  route: string;
  release: string;
  environment: string;
  duration: SilenceDuration;
  /** A `datetime-local` value (`2026-12-08T09:00`, the browser's time zone), for `custom`. */
  endsAt: string;
  comment: string;
}

/** The form's text fields and where the collector's 400 names each. */
export type SilenceFormText = Exclude<keyof SilenceForm, 'duration'>;

/** @example SILENCE_FIELD_OF.issueId // 'matchers.issueId' */
export const SILENCE_FIELD_OF: Record<SilenceFormText, string> = {
  ruleId: 'matchers.ruleId',
  issueId: 'matchers.issueId',
  route: 'matchers.route',
  release: 'matchers.release',
  environment: 'matchers.environment',
  endsAt: 'endsAt',
  comment: 'comment',
};

/** @example emptySilenceForm().duration // '1h' */
export function emptySilenceForm(): SilenceForm {
  return {
    ruleId: '',
    issueId: '',
    route: '',
    release: '',
    environment: '',
    duration: '1h',
    endsAt: '',
    comment: '',
  };
}

/** An id as typed: a number when it is digits, else the text, for the collector to refuse. */
function idOf(text: string): number {
  const t = text.trim();
  return (/^\d{1,15}$/.test(t) ? Number(t) : t) as number;
}

/** A picked local end as an ISO instant; what does not read as a date is sent as typed. */
function endOf(text: string): string {
  const t = text.trim();
  const at = new Date(t);
  return t !== '' && !Number.isNaN(at.getTime()) ? at.toISOString() : t;
}

/**
 * The JSON to POST. Empty matchers are left out (the collector says when none is set).
 * @param now the clock a preset counts from (ms)
 * @example silenceFromForm({ ...emptySilenceForm(), route: '/pay' }, now) // { matchers: { route: '/pay' }, endsAt: <now + 1 h> }
 */
export function silenceFromForm(form: SilenceForm, now: number): SilenceBody {
  const matchers: SilenceMatchers = {};
  if (form.ruleId.trim()) matchers.ruleId = idOf(form.ruleId);
  if (form.issueId.trim()) matchers.issueId = idOf(form.issueId);
  for (const key of ['route', 'release', 'environment'] as const) {
    const v = form[key].trim();
    if (v) matchers[key] = v;
  }
  const comment = form.comment.trim();
  const extra = comment ? { comment } : {};
  switch (form.duration) {
    case 'untilResolved':
      return { matchers, untilResolved: true, ...extra };
    case 'custom':
      return { matchers, endsAt: endOf(form.endsAt), ...extra };
    default:
      return { matchers, endsAt: new Date(now + PRESET_MS[form.duration]).toISOString(), ...extra };
  }
}

const FORM_FIELDS =
  /^(matchers(\.(ruleId|issueId|route|release|environment))?|endsAt|untilResolved|comment)$/;

/**
 * Where a collector 400's `field` shows on the form; `untilResolved` shows at the duration, and
 * anything the form has no place for at its top (`form`).
 * @example silenceFormFieldOf('matchers.issueId') // 'matchers.issueId'
 */
export function silenceFormFieldOf(field: string | undefined): string {
  if (field === 'untilResolved') return 'duration';
  return field !== undefined && FORM_FIELDS.test(field) ? field : 'form';
}
