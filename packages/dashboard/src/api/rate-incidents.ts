/**
 * Rate alert incidents (`GET /api/v1/projects/{id}/alert-incidents`, issue 14 §5) as marks on
 * the Rates chart: when each rate alert fired and when it resolved, within the chart's range.
 * Pure, so what is marked is tested under node; the chart draws the marks, the page lists them.
 */

export interface RateIncident {
  id: number;
  ruleId: number;
  method: string;
  /** The route template; '' when no route matched. */
  route: string;
  release: string;
  environment: string;
  state: 'firing' | 'resolved';
  openedAt: string;
  resolvedAt: string | null;
}

export interface IncidentMark {
  incidentId: number;
  kind: 'fired' | 'resolved';
  /** Epoch seconds (the chart's x). */
  x: number;
  at: string;
  /** What fired, in words: `rule #3 on GET /pay (shop@2, production)`. */
  what: string;
}

/** @example incidentInWords(i) // 'rule #3 on GET /pay (shop@2, production)' */
export function incidentInWords(i: RateIncident): string {
  const where = [i.release, i.environment].filter((s) => s !== '').join(', ');
  return `rule #${i.ruleId} on ${i.method} ${i.route || '(no route)'}${where ? ` (${where})` : ''}`;
}

/**
 * The fired and resolved moments inside [fromS, toS] (epoch seconds, the chart's first and last
 * bucket), oldest first. A moment outside the range is left out; an unreadable time too.
 * @example incidentMarks([incident], 1_700_000_000, 1_700_003_600)
 */
export function incidentMarks(
  incidents: readonly RateIncident[],
  fromS: number,
  toS: number,
): IncidentMark[] {
  const marks: IncidentMark[] = [];
  for (const i of incidents) {
    const what = incidentInWords(i);
    const moments: [IncidentMark['kind'], string | null][] = [
      ['fired', i.openedAt],
      ['resolved', i.resolvedAt],
    ];
    for (const [kind, at] of moments) {
      if (at === null) continue;
      const x = Date.parse(at) / 1000;
      if (Number.isFinite(x) && x >= fromS && x <= toS) marks.push({ incidentId: i.id, kind, x, at, what });
    }
  }
  return marks.sort((a, b) => a.x - b.x);
}
