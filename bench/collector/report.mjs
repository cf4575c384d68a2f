// The markdown table of `npm run bench:collector`: one column per event size, targets beside
// the figures (✓ met, ✗ missed).

const BUGSINK_EVENTS_PER_S = 30; // 50 KB events on 2 vCPU, Bugsink's published figure
const n = (x) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '–');
const ms = (x) => (Number.isFinite(x) ? (x < 10 ? x.toFixed(1) : Math.round(x).toString()) : '–');
const mb = (bytes) => (Number.isFinite(bytes) ? `${Math.round(bytes / 2 ** 20)} MB` : '–');
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;
const mark = (ok) => (ok ? ' ✓' : ' ✗');
const pct = (share) => `${(share * 100).toFixed(0)} %`;
/** x ÷ y with one decimal, marked against the target of at most 3. */
const ratioMark = (x, y) => {
  const r = x / y;
  return Number.isFinite(r) ? `${r.toFixed(1)}${mark(r <= 3)}` : '–';
};
/** CPU microseconds per event of a server run: cores busy ÷ events per second. */
const cpuUs = (run) => (run.cpu * 1e6) / run.rate;

/** Rows of [label, value per size (computed when shown: OVERLOAD_ONLY=1 measures only some), target]. */
function rows(results, sizes) {
  const col = (f) => () => sizes.map((s) => (results[s] ? f(results[s], s) : '–'));
  const ratio = (x, y, min) => {
    const r = x / y;
    return Number.isFinite(r) ? `${r.toFixed(2)}${mark(r >= min)}` : '–';
  };
  return [
    ['event JSON / gzipped body (mean)', col((r) => `${kb(r.json)} / ${kb(r.gzip)}`), ''],
    [
      '(a) raw better-sqlite3 insert, events/s',
      col((r) => `${n(r.a.rate)} (${r.a.batch}/tx, ${ms(r.a.commitMs)} ms/tx)`),
      'the disk’s limit',
    ],
    [
      '(b) SQLite store alone (createCommit + digest), events/s',
      col((r) => `${n(r.b.rate)} (${ms(r.b.commitMs)} ms/tx)`),
      '',
    ],
    ['(b)/(a)', col((r) => ratio(r.b.rate, r.a.rate, 0.5)), '≥ 0.5'],
    ['(d) bare node:http + gunzip + parseEnvelope, events/s', col((r) => n(r.d.rate)), 'HTTP+parse limit'],
    ['(c) collector, HTTP ingest on SQLite, events/s', col((r) => n(r.c.rate)), ''],
    ['(c)/(d)', col((r) => ratio(r.c.rate, r.d.rate, 0.6)), '≥ 0.6'],
    [
      'CPU of the server process at max rate, (d) / (c) (1.0 = its one core)',
      col((r) => `${r.d.cpu.toFixed(2)} / ${r.c.cpu.toFixed(2)}`),
      '',
    ],
    [
      'CPU per event, µs: (a) / (b) / (d) / (c)',
      col((r) => [r.a.cpuUs, r.b.cpuUs, cpuUs(r.d), cpuUs(r.c)].map(n).join(' / ')),
      '',
    ],
    [
      'one-core ceiling for (c) if it only parsed and inserted rows: 1 / (CPU (d) + CPU (a)), ÷ (d)',
      col((r) => {
        const ceiling = 1e6 / (cpuUs(r.d) + r.a.cpuUs);
        return `${n(ceiling)}/s, ${(ceiling / r.d.rate).toFixed(2)}`;
      }),
      '',
    ],
    ['(c) p50 / p99 ack latency at max rate, ms', col((r) => `${ms(r.c.p50)} / ${ms(r.c.p99)}`), ''],
    [
      '(c) group commit at max rate: events/commit, ms/commit',
      col((r) => `${r.c.perCommit.toFixed(1)}, ${ms(r.c.commitMs)}`),
      '',
    ],
    [
      '(c) p50 / p99 ack latency at ½ max (open loop), ms',
      col(
        (r) =>
          `${ms(r.half.p50)} / ${ms(r.half.p99)}${mark(r.half.p99 < 50 && r.half.ok > 0)} @ ${n(r.half.offered)}/s`,
      ),
      'p99 < 50 ms',
    ],
    ['(c) on PostgreSQL, events/s', col((r) => (r.pg ? n(r.pg.rate) : '–')), ''],
    [
      '(c) on PostgreSQL: p50 / p99 at max, ms; events/commit',
      col((r) => (r.pg ? `${ms(r.pg.p50)} / ${ms(r.pg.p99)}; ${r.pg.perCommit.toFixed(1)}` : '–')),
      '',
    ],
    [
      '(c) SQLite rate ÷ Bugsink (30 events/s of 50 KB, 2 vCPU)',
      col((r, s) =>
        s >= 20_000
          ? `${n(r.c.rate / BUGSINK_EVENTS_PER_S)}×${mark(r.c.rate >= 30 * BUGSINK_EVENTS_PER_S)}`
          : '–',
      ),
      '≥ 30×',
    ],
    [
      'collector RSS idle (after start)',
      col((r) => `${mb(r.rssIdle)}${mark(r.rssIdle < 150 * 2 ** 20)}`),
      '< 150 MB',
    ],
    ['collector RSS peak at max rate', col((r) => mb(r.c.rssPeak)), ''],
    [
      '2× overload (open loop, senders honour Retry-After as SDKs do): offered → accepted events/s; 429s, events held back by their senders',
      col(
        (r) =>
          `${n(r.over.offered)} → ${n(r.over.rate)}; ${pct(r.over.share429)} 429, ${pct(r.over.shareHeld)} held back`,
      ),
      '429, not a queue',
    ],
    [
      '2× overload: p50 / p99 of accepted, ms; other errors',
      col((r) => `${ms(r.over.p50)} / ${ms(r.over.p99)}; ${r.over.errors + (r.over.other ?? 0)}`),
      '',
    ],
    [
      'accepted p99 at 2× overload ÷ p99 at ½ max: median (each round)',
      col(
        (r) =>
          `${ratioMark(r.over.p99, r.half.p99)} (${r.ratios.honouring.map((x) => x.toFixed(1)).join(', ')})`,
      ),
      '≤ 3',
    ],
    [
      '2×, senders ignoring Retry-After (open loop), median round: accepted events/s, 429 share; p50 / p99 of accepted, ms; ÷ p99 at ½ max of its round (each round)',
      col(
        (r) =>
          `${n(r.overAbusive.rate)}, ${pct(r.overAbusive.share429)} 429; ${ms(r.overAbusive.p50)} / ${ms(r.overAbusive.p99)}; ${ratioMark(r.overAbusive.p99, r.overAbusive.half.p99)} (${r.ratios.ignoring.map((x) => x.toFixed(1)).join(', ')})`,
      ),
      'bounded (≤ 3)',
    ],
    [
      `closed loop of senders resending a refused request at once: accepted events/s, 429 share; fairness (Jain's index, accepted per sender min-max)`,
      col(
        (r) =>
          `${n(r.abusive.rate)}, ${pct(r.abusive.share429)} 429; ${r.abusive.fairness.toFixed(2)} (${r.abusive.minAccepted}-${r.abusive.maxAccepted})`,
      ),
      'up and fair',
    ],
    [
      'collector RSS peak at 2× overload (either kind of sender, every round)',
      col((r) => {
        const peak = r.rssOverload;
        return `${mb(peak)}${mark(peak < 300 * 2 ** 20)}`;
      }),
      '< 300 MB',
    ],
  ];
}

/** The rows OVERLOAD_ONLY=1 measures: those about the collector on SQLite alone. */
const OVERLOAD_ROWS = [
  'event JSON',
  '(c) collector',
  '(c) p50 / p99 ack latency',
  '2×',
  'accepted p99',
  'closed loop of senders',
  'collector RSS peak at 2×',
];

/** @example console.log(table(results, [5000, 50000], { overloadOnly: false })) */
export function table(results, sizes, { overloadOnly = false } = {}) {
  const all = rows(results, sizes);
  const shown = overloadOnly ? all.filter(([l]) => OVERLOAD_ROWS.some((p) => l.startsWith(p))) : all;
  const head = `| measurement | ${sizes.map((s) => `~${s / 1000} KB events`).join(' | ')} | target |`;
  const sep = `|---|${sizes.map(() => '---').join('|')}|---|`;
  return [head, sep, ...shown.map(([l, v, t]) => `| ${l} | ${v().join(' | ')} | ${t} |`)].join('\n');
}
