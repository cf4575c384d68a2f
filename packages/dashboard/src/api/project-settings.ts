/**
 * The settings form's text (one entry per line) to the PATCH /api/v1/projects/{id} body, with
 * the problems a person can fix named before anything is sent.
 */

import { MAX_SETTINGS_ENTRY_CHARS, MAX_SETTINGS_LIST_ITEMS } from '../limits.js';
import type { ProjectSettings } from './types.js';

export interface SettingsForm {
  allowedOrigins: string;
  rateLimitPerMinute: string;
  scrubKeys: string;
}

/** The ingestion form's settings (the inbound filters and the fingerprint rules have their own forms). */
export type IngestionSettings = Omit<ProjectSettings, 'inboundFilters' | 'fingerprintRules'>;

export type SettingsResult = { ok: true; settings: IngestionSettings } | { ok: false; problem: string };

/** Entries one per line (commas also split), trimmed, blanks and repeats dropped. */
export function listOf(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\n,]/)
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    ),
  ];
}

function checkList(name: string, items: string[]): string | undefined {
  if (items.length > MAX_SETTINGS_LIST_ITEMS) return `${name}: at most ${MAX_SETTINGS_LIST_ITEMS} entries`;
  const long = items.find((s) => s.length > MAX_SETTINGS_ENTRY_CHARS);
  if (long) return `${name}: an entry is longer than ${MAX_SETTINGS_ENTRY_CHARS} characters`;
  const spaced = items.find((s) => /\s/.test(s));
  if (spaced) return `${name}: "${spaced}" contains a space`;
  return undefined;
}

/**
 * @example settingsFromForm({ allowedOrigins: 'https://a.example\n', rateLimitPerMinute: '', scrubKeys: 'ssn' })
 * // { ok: true, settings: { allowedOrigins: ['https://a.example'], rateLimitPerMinute: null, scrubKeys: ['ssn'] } }
 */
export function settingsFromForm(form: SettingsForm): SettingsResult {
  const allowedOrigins = listOf(form.allowedOrigins);
  const scrubKeys = listOf(form.scrubKeys);
  const problem = checkList('allowed origins', allowedOrigins) ?? checkList('scrub keys', scrubKeys);
  if (problem) return { ok: false, problem };
  const limit = form.rateLimitPerMinute.trim();
  let rateLimitPerMinute: number | null = null;
  if (limit !== '') {
    if (!/^\d{1,9}$/.test(limit) || Number(limit) === 0)
      return { ok: false, problem: 'rate limit: a whole number of events per minute, or empty for none' };
    rateLimitPerMinute = Number(limit);
  }
  return { ok: true, settings: { allowedOrigins, rateLimitPerMinute, scrubKeys } };
}

/** The form's text for stored settings: the inverse of settingsFromForm. */
export function formFromSettings(settings: IngestionSettings): SettingsForm {
  return {
    allowedOrigins: settings.allowedOrigins.join('\n'),
    rateLimitPerMinute: settings.rateLimitPerMinute === null ? '' : String(settings.rateLimitPerMinute),
    scrubKeys: settings.scrubKeys.join('\n'),
  };
}
