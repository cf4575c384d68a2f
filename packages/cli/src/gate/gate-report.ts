/**
 * The verdict for people: a table in the terminal and Markdown for a GitHub step summary. The
 * JSON is the collector's answer (GET /api/v1/gate) as it came.
 */

import { GATE_TABLE_ROUTES } from '../limits.js';

interface Counts {
  requests: number;
  errors: number;
  rate: number;
}

/** What the report reads of the collector's answer. */
export interface GateAnswer {
  verdict: 'pass' | 'fail' | 'inconclusive';
  reason: string;
  method: string;
  eValue: number;
  alpha: number;
  canary: Counts & { release: string };
  baseline: Counts & { release: string };
  routes: (Counts extends never
    ? never
    : { route: string; canary: Counts; baseline: Counts; eValue: number; regressed: boolean })[];
  window?: { since: string; until: string };
}

const percent = (rate: number) => `${(rate * 100).toFixed(rate < 0.001 && rate > 0 ? 3 : 2)} %`;
const counts = (c: Counts) => `${c.errors} / ${c.requests} (${percent(c.rate)})`;

/** The routes shown: those that regressed, then the worst canary rates, at most GATE_TABLE_ROUTES. */
function shownRoutes(a: GateAnswer) {
  return [...a.routes]
    .sort((x, y) => Number(y.regressed) - Number(x.regressed) || y.canary.rate - x.canary.rate)
    .slice(0, GATE_TABLE_ROUTES);
}

function pad(rows: string[][]): string[] {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) =>
    r
      .map((cell, i) => cell.padEnd(widths[i] as number))
      .join('  ')
      .trimEnd(),
  );
}

/**
 * @example console.log(gateTable(answer))
 */
export function gateTable(a: GateAnswer): string {
  const lines = [
    `verdict: ${a.verdict.toUpperCase()}`,
    `reason:  ${a.reason}`,
    '',
    ...pad([
      ['', 'release', '5xx / requests', ''],
      [
        'canary',
        a.canary.release,
        counts(a.canary),
        `e-value ${a.eValue.toPrecision(3)} (fails at ${Math.round(1 / a.alpha)})`,
      ],
      ['baseline', a.baseline.release, counts(a.baseline), ''],
    ]),
  ];
  const routes = shownRoutes(a);
  if (routes.length > 0)
    lines.push(
      '',
      ...pad([
        ['route', 'canary', 'baseline', 'e-value', ''],
        ...routes.map((r) => [
          r.route,
          counts(r.canary),
          counts(r.baseline),
          r.eValue.toPrecision(3),
          r.regressed ? 'REGRESSED' : '',
        ]),
      ]),
    );
  if (a.window !== undefined) lines.push('', `window: ${a.window.since} → ${a.window.until}`);
  return lines.join('\n');
}

const cell = (s: string) => s.replace(/[|\\`*_<>[\]]/g, (c) => `\\${c}`).replace(/[\r\n]+/g, ' ');

/**
 * @example appendFileSync(process.env.GITHUB_STEP_SUMMARY, gateMarkdown(answer))
 */
export function gateMarkdown(a: GateAnswer): string {
  const icon = { pass: '✅', fail: '❌', inconclusive: '⏳' }[a.verdict];
  const lines = [
    `### ${icon} Faultline gate: ${a.verdict}`,
    '',
    cell(a.reason),
    '',
    '| | release | 5xx / requests |',
    '|---|---|---|',
    `| canary | ${cell(a.canary.release)} | ${counts(a.canary)} |`,
    `| baseline | ${cell(a.baseline.release)} | ${counts(a.baseline)} |`,
  ];
  const routes = shownRoutes(a);
  if (routes.length > 0)
    lines.push(
      '',
      '| route | canary | baseline | regressed |',
      '|---|---|---|---|',
      ...routes.map(
        (r) =>
          `| ${cell(r.route)} | ${counts(r.canary)} | ${counts(r.baseline)} | ${r.regressed ? 'yes' : ''} |`,
      ),
    );
  lines.push('', `<sub>${cell(a.method)}</sub>`, '');
  return lines.join('\n');
}
