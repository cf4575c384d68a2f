// How busy the machine was with other people's work while we measured (the machine is shared):
// all CPUs' busy time from /proc/stat minus the time of this process tree (the bench, the
// collector child, chromium and its renderers; reaped children count through cutime/cstime).

import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

function machine() {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  return { busy: total - fields[3] - fields[4], total };
}

/** utime + stime + cutime + cstime of every process under `root` (root included), in jiffies. */
function tree(root) {
  const procs = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      procs.set(Number(name), {
        ppid: Number(f[1]),
        cpu: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]),
      });
    } catch {
      // the process ended while we read /proc
    }
  }
  let sum = 0;
  const mine = new Set([root]);
  // Parents have smaller pids almost always; loop until no new descendant is found.
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, p] of procs)
      if (!mine.has(pid) && mine.has(p.ppid)) {
        mine.add(pid);
        grew = true;
      }
  }
  for (const pid of mine) sum += procs.get(pid)?.cpu ?? 0;
  return sum;
}

/** A sample to diff against a later one. */
export const cpuSample = () => ({ machine: machine(), ours: tree(process.pid) });

/**
 * Cores other processes kept busy between two samples.
 * @example const a = cpuSample(); …; othersCores(a, cpuSample()) // 0.4
 */
export function othersCores(a, b) {
  const busy = b.machine.busy - a.machine.busy - (b.ours - a.ours);
  return Math.max(0, (busy / (b.machine.total - a.machine.total)) * cpus().length);
}
