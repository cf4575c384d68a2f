// How busy CPU 0 (the servers' core) was during a measurement, from /proc/stat: minus the server's
// own CPU share, this is what other processes on the machine took from it. Other work on a shared
// machine is the main source of noise in these figures, so run.mjs reports it. Linux only; elsewhere
// `busy()` returns NaN.
import { readFileSync } from 'node:fs';

function snapshot() {
  try {
    const line = readFileSync('/proc/stat', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('cpu0 '));
    // user nice system idle iowait irq softirq steal …
    const [user, nice, system, idle, iowait, irq, softirq, steal] = line
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    return {
      busy: user + nice + system + irq + softirq + steal,
      total: user + nice + system + idle + iowait + irq + softirq + steal,
    };
  } catch {
    return undefined;
  }
}

/**
 * @example const cpu0 = startCpu0(); … const share = cpu0.busy(); // 0..1 of CPU 0's time
 */
export function startCpu0() {
  const start = snapshot();
  return {
    busy() {
      const end = snapshot();
      if (!start || !end || end.total === start.total) return Number.NaN;
      return (end.busy - start.busy) / (end.total - start.total);
    },
  };
}
