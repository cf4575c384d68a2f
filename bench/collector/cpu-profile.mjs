// Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time per pipeline stage (by the
// file a function lives in), the top functions by self time, and the collector's and core's
// functions by inclusive time (each sample counted once per function on its stack). Inclusive
// time only sees synchronous stacks: what runs after an `await` (most of digest) is not under
// its caller. The profile is of the main thread: inflate on the libuv pool shows as idle, an
// fsync wait as the better-sqlite3 `exec` that waited.
// Used by run.mjs with PROFILE=1; also a CLI: node bench/collector/cpu-profile.mjs file.cpuprofile [top]
import { readFileSync } from 'node:fs';

// Self time by stage of the pipeline, from the file a function lives in.
const STAGES = [
  [/\/core\/dist\/(redact[\w-]*|safe)\.js/, 'scrub: core redact (walk, key tests, per-string passes)'],
  [/\/core\/dist\/(envelope|bounded-json)\.js/, 'parse: core parseEnvelope, bounded JSON'],
  [/\/core\/dist\//, 'digest: core fingerprint, grouping, hashing'],
  [/\/collector\/dist\/src\/ingest\//, 'ingest: body, items, trim, queue'],
  [/\/collector\/dist\/src\/digest\//, 'digest: collector grouping, counting'],
  [/\/collector\/dist\/src\/store\//, 'store: collector SQL layer'],
  [/\/collector\//, 'collector: other'],
  [/better-sqlite3/, 'store: better-sqlite3 (SQLite work and fsync waits)'],
  [/\/node_modules\/pg/, 'store: pg driver'],
  [/^node:(zlib|internal\/streams)/, 'node: zlib and stream glue (inflate itself runs on the libuv pool)'],
  [/^node:/, 'node: http, net, timers, other internals'],
];

function area(url, name) {
  if (name === '(garbage collector)') return 'GC';
  if (name === '(idle)') return 'idle (waiting: sockets, timers, the libuv pool, PostgreSQL)';
  if (name === '(program)') return 'program (native, outside JS)';
  if (name.startsWith('RegExp:')) return 'RegExp execution (almost all from core redact)';
  for (const [re, label] of STAGES) if (re.test(url)) return label;
  return url === '' ? 'native builtins (writev, microtasks, JSON.parse…)' : 'other';
}

const short = (url) =>
  url.replace(/^file:\/\/.*?\/(packages|node_modules)\//, '').replace(/\/dist\/src\//, '/');

/**
 * @example const { total, areas, top, inclusive } = summarizeProfile('CPU.x.cpuprofile', 15)
 */
export function summarizeProfile(file, top = 15) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++)
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));

  const keyOf = ({ callFrame: { functionName, url, lineNumber } }) =>
    `${functionName || '(anonymous)'}${url ? ` ${short(url)}:${lineNumber + 1}` : ''}`;
  const add = (m, k, us) => m.set(k, (m.get(k) ?? 0) + us);
  const fns = new Map();
  const areas = new Map();
  const inclusive = new Map();
  let total = 0;
  for (const [id, us] of self) {
    const node = byId.get(id);
    add(fns, keyOf(node), us);
    add(areas, area(node.callFrame.url, node.callFrame.functionName), us);
    total += us;
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const n = byId.get(cur);
      if (!/\/packages\/(collector|core)\//.test(n.callFrame.url)) continue;
      const k = keyOf(n);
      if (!seen.has(k)) add(inclusive, k, us);
      seen.add(k);
    }
  }
  const sorted = (m, count) =>
    [...m]
      .sort((x, y) => y[1] - x[1])
      .slice(0, count)
      .map(([name, us]) => ({ name, ms: us / 1000, share: us / total }));
  return {
    total: total / 1000,
    areas: sorted(areas),
    top: sorted(fns, top),
    inclusive: sorted(inclusive, top),
  };
}

/** Markdown lines for a summary. */
export function formatProfile({ total, areas, top, inclusive }) {
  const pct = (x) => `${(x * 100).toFixed(1)} %`;
  const lines = [
    `${Math.round(total)} ms of the collector's main thread sampled`,
    '',
    '| area | self time |',
    '|---|---|',
  ];
  for (const a of areas) lines.push(`| ${a.name} | ${pct(a.share)} |`);
  lines.push('', '| function | self time |', '|---|---|');
  for (const f of top) lines.push(`| \`${f.name}\` | ${pct(f.share)} |`);
  lines.push('', '| collector/core function | inclusive time |', '|---|---|');
  for (const f of inclusive) lines.push(`| \`${f.name}\` | ${pct(f.share)} |`);
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(formatProfile(summarizeProfile(process.argv[2], Number(process.argv[3] ?? 20))));
}
