/**
 * Scrubbed values. The collector (and SDKs) replace secrets by Sentry's marker `[Filtered]`
 * (core's REDACTED); the dashboard shows them as redacted, and "copy as curl" turns each into a
 * named placeholder the user fills in, so a copied command never holds a secret nor a marker
 * that would be sent as if it were one.
 */

export const REDACTED = '[Filtered]';

export const isRedacted = (value: string) => value.includes(REDACTED);

/**
 * @example placeholder('Authorization') // '<redacted:authorization>'
 */
export function placeholder(name: string): string {
  const clean = name.toLowerCase().replace(/[^a-z0-9_.-]/g, '') || 'value';
  return `<redacted:${clean}>`;
}

/** Every marker inside `value` replaced by the placeholder for `name`. */
export function unredact(value: string, name: string): string {
  return value.split(REDACTED).join(placeholder(name));
}
