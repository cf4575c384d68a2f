/**
 * Links built from event data: only absolute http(s) URLs become links (a `javascript:` or
 * `data:` URL in request.url is attacker-chosen), and views add rel="noopener noreferrer".
 */

/** @example httpUrl('javascript:alert(1)') // undefined */
export function httpUrl(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
