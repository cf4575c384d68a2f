// CPU time of a benchmark server, read from /proc: requests per second on a shared 2-core
// machine move with everyone else's load, CPU seconds per request much less.
import { readFileSync } from 'node:fs';

const TICK = 100; // USER_HZ on Linux

/**
 * CPU seconds (utime + stime) of a spawned server: the node process under a `taskset -c`
 * wrapper (taskset execs, so usually the same pid), or the child itself.
 * @example const before = cpuSeconds(child); await load(); const used = cpuSeconds(child) - before;
 */
export function cpuSeconds(child) {
  let pid = child.pid;
  const kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
  if (kids) pid = Number(kids.split(' ')[0]);
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICK;
}
