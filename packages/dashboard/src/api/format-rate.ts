/** Rates as people read them. */

/**
 * A 0–1 rate as a percentage with sensible precision: small rates keep their digits.
 * @example percent(0.0462) // '4.62%'
 * @example percent(0) // '0%'
 */
export function percent(rate: number): string {
  if (!Number.isFinite(rate) || rate <= 0) return '0%';
  const p = rate * 100;
  if (p >= 10) return `${p.toFixed(1)}%`;
  if (p >= 0.01) return `${p.toFixed(2)}%`;
  return '<0.01%';
}
