// `npm run bench:micro`: the hot helpers (cases.mjs) in ns/op, this checkout beside the previous
// commit's (BASE, default HEAD~1, built once into a cache folder by base-checkout.mjs), in
// alternating child processes, ROUNDS rounds, medians. Pinned to CPU 0 when taskset exists.
// Environment: BASE (HEAD~1), ROUNDS (5), BUDGET_MS per case and round (300).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { prepareBase } from './base-checkout.mjs';

const here = join(import.meta.dirname, '..', '..');
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const BUDGET_MS = Number(process.env.BUDGET_MS ?? 300);
const base = prepareBase(here, process.env.BASE ?? 'HEAD~1');
const head = execFileSync('git', ['-C', here, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
const dirty =
  execFileSync('git', ['-C', here, 'status', '--porcelain', '--', 'packages'], { encoding: 'utf8' }) !== '';
const taskset = existsSync('/usr/bin/taskset');

function runCases(root) {
  const node = [process.execPath, join(import.meta.dirname, 'run-cases.mjs'), root, String(BUDGET_MS)];
  const out = taskset
    ? execFileSync('taskset', ['-c', '0', ...node], { encoding: 'utf8' })
    : execFileSync(node[0], node.slice(1), { encoding: 'utf8' });
  return JSON.parse(out);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const load = [loadavg()[0]];
const samples = { here: [], base: [] };
for (let round = 0; round < ROUNDS; round++)
  for (const which of round % 2 === 0 ? ['here', 'base'] : ['base', 'here'])
    samples[which].push(runCases(which === 'here' ? here : base.root));
load.push(loadavg()[0]);

const fmt = (ns) =>
  ns === undefined ? 'missing' : ns < 100 ? ns.toFixed(1) : Math.round(ns).toLocaleString('en');
const at = (which, name) => {
  const xs = samples[which].map((s) => s[name]).filter((x) => typeof x === 'number');
  return xs.length ? median(xs) : undefined;
};
const hereLabel = `${head}${dirty ? '+changes' : ''}`;
console.log(`| case | ns/op ${hereLabel} | ns/op ${base.commit} (previous) | ${hereLabel} ÷ previous |`);
console.log('|---|---|---|---|');
for (const name of Object.keys(samples.here[0])) {
  const now = at('here', name);
  const before = at('base', name);
  const ratio = now !== undefined && before !== undefined ? (now / before).toFixed(2) : '';
  console.log(`| ${name} | ${fmt(now)} | ${fmt(before)} | ${ratio} |`);
}
console.log(
  `\nNode ${process.version}; ${ROUNDS} rounds, best batch of ${BUDGET_MS} ms per case, medians; load average ${load.map((l) => l.toFixed(2)).join(' → ')}`,
);
