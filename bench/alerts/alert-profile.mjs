// PROFILE=1 in run.mjs: what the alert evaluation costs in a --cpu-prof profile of the collector
// child: the alert functions (alerts/, digest/alert-touches, store/sql/alert-* and the caches they
// read) by inclusive and by self time, as shares of the sampled time and as µs per event stored,
// so two arms (no rules, 100 rules) compare although their rates differ.
import { summarizeProfile } from '../collector/cpu-profile.mjs';

const ALERT_CODE =
  / collector\/(alerts\/|digest\/alert-touches|store\/sql\/(alert-|silences-cache|project-snapshot-cache|rate-alert))/;

/** @example console.log(alertProfile(file, stored).join('\n')) */
export function alertProfile(file, stored, top = 12) {
  const { total, top: self, inclusive } = summarizeProfile(file, 100_000);
  const us = (ms) => `${((ms * 1000) / Math.max(1, stored)).toFixed(1)} µs/event`;
  const pct = (x) => `${(x * 100).toFixed(2)} %`;
  const lines = [`${Math.round(total)} ms sampled, ${stored} events stored: ${us(total)} in all`];
  const selfAlerts = self.filter((f) => ALERT_CODE.test(f.name));
  const selfSum = selfAlerts.reduce((s, f) => s + f.ms, 0);
  lines.push(`alert code, self time in all: ${pct(selfSum / total)} (${us(selfSum)})`);
  lines.push('inclusive (alert functions):');
  for (const f of inclusive.filter((f) => ALERT_CODE.test(f.name)).slice(0, top))
    lines.push(`  ${pct(f.share)} ${us(f.ms)}  ${f.name}`);
  lines.push('self (alert functions):');
  for (const f of selfAlerts.slice(0, top)) lines.push(`  ${pct(f.share)} ${us(f.ms)}  ${f.name}`);
  return lines;
}
