/** Small readers for event JSON: ingest parsed it, but its shape is still the SDK's choice. */

/** The object at `value[key]`, or undefined when either is not a plain object. */
export function obj(value: unknown, key: string): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const child = (value as Record<string, unknown>)[key];
  return typeof child === 'object' && child !== null && !Array.isArray(child)
    ? (child as Record<string, unknown>)
    : undefined;
}

/** A non-empty trimmed string (numbers accepted, as SDKs send numeric ids), cut at `max`. */
export function text(value: unknown, max: number): string | undefined {
  const raw =
    typeof value === 'string'
      ? value
      : typeof value === 'number' && Number.isFinite(value)
        ? String(value)
        : undefined;
  const trimmed = raw?.trim();
  if (!trimmed) return undefined;
  return trimmed.length > max ? trimmed.slice(0, max) : trimmed;
}

/** `text(value[key], max)`. */
export function field(value: unknown, key: string, max: number): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  return text((value as Record<string, unknown>)[key], max);
}

/** A lower-case hex id of exactly `length` digits (trace ids 32, span ids 16), else undefined. */
export function hexId(value: unknown, length: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  const id = value.trim().toLowerCase();
  return id.length === length && /^[0-9a-f]+$/.test(id) ? id : undefined;
}

/** The first line of a string. */
export function firstLine(s: string): string {
  const end = s.indexOf('\n');
  return (end === -1 ? s : s.slice(0, end)).trim();
}
