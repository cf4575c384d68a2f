/**
 * The issue page's event filter: one tag (`?tag=key:value` in the page URL, as the collector's
 * `tag` query parameter spells it), and how a facet's bar and share are drawn. Pure, so tests
 * run it under node.
 */

/** One `key:value` tag the events are narrowed to. */
export interface EventTag {
  key: string;
  value: string;
}

/**
 * The collector's spelling: the first ':' separates key from value.
 * @example tagParam({ key: 'route', value: 'GET /a:b' }) // 'route:GET /a:b'
 */
export function tagParam(tag: EventTag): string {
  return `${tag.key}:${tag.value}`;
}

/**
 * A `tag` query value read back; undefined when it has no key.
 * @example tagFromParam('route:GET /a:b') // { key: 'route', value: 'GET /a:b' }
 */
export function tagFromParam(raw: string | null): EventTag | undefined {
  if (raw === null) return undefined;
  const at = raw.indexOf(':');
  return at > 0 ? { key: raw.slice(0, at), value: raw.slice(at + 1) } : undefined;
}

/** @example sameTag({ key: 'os', value: 'Linux' }, undefined) // false */
export function sameTag(a: EventTag | undefined, b: EventTag | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.key === b.key && a.value === b.value);
}

/**
 * A share as a whole percent; never "0 %" for a value seen, nor "100 %" for one of several.
 * @example shareLabel(0.375) // '38 %'; shareLabel(0.004) // '<1 %'; shareLabel(0.996) // '>99 %'
 */
export function shareLabel(share: number): string {
  if (!Number.isFinite(share) || share <= 0) return '0 %';
  if (share >= 1) return '100 %';
  const percent = Math.round(share * 100);
  if (percent < 1) return '<1 %';
  if (percent > 99) return '>99 %';
  return `${percent} %`;
}

/**
 * A bar's CSS width for a share (of the key's total), set through the CSSOM: the CSP refuses
 * style attributes. A value seen gets a sliver even when its share rounds to nothing.
 * @example barWidth(0.5) // '50%'; barWidth(0.0001) // '0.5%'; barWidth(2) // '100%'
 */
export function barWidth(share: number): string {
  if (!Number.isFinite(share) || share <= 0) return '0%';
  const percent = Math.min(100, Math.max(0.5, share * 100));
  return `${Number(percent.toFixed(1))}%`;
}
