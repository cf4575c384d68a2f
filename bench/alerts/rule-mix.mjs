// The alert rules the alerts bench creates (run.mjs through alerts-collector.mjs, and
// commit-cost.mjs), all sending to one webhook.
// `quiet`: 100 rules as several teams might keep them, most filtered to what this load does not
// send (staging, another release, fatal), regression rules (no regressions here), and frequency
// rules that only the hottest issues reach; every commit evaluates all of them.
// `firing`: the worst case, rules without filters: new-issue rules fire for every issue and
// frequency rules (100 to 1,000 events in 5 min to 1 day) for most, so a collector also sends
// well over a thousand notifications during a run.
import { parseAlertRule } from '@faultline/collector';

const WINDOWS = [5, 60, 1440];

function quiet(i) {
  switch (i % 5) {
    case 0:
      return { trigger: { type: 'new-issue' }, filters: { environment: 'staging' } };
    case 1:
      return { trigger: { type: 'new-issue' }, filters: { release: 'billing@0.0.1' } };
    case 2:
      return { trigger: { type: 'regression' } };
    case 3:
      return { trigger: { type: 'frequency', count: 200, windowMinutes: 5 }, filters: { level: 'fatal' } };
    default:
      return { trigger: { type: 'frequency', count: 1000, windowMinutes: WINDOWS[i % 3] } };
  }
}

function firing(i) {
  const kind = i % 5;
  if (kind === 0 || kind === 1)
    return { trigger: { type: 'new-issue' }, filters: kind === 1 ? { environment: 'staging' } : {} };
  if (kind === 2) return { trigger: { type: 'regression' } };
  return { trigger: { type: 'frequency', count: 100 + 100 * (i % 10), windowMinutes: WINDOWS[i % 3] } };
}

/** @example await createRules(store, projectId, { rules: 100, mix: 'quiet', hookUrl }) */
export async function createRules(store, projectId, { rules = 0, mix = 'quiet', hookUrl }) {
  for (let i = 0; i < rules; i++) {
    const { trigger, filters = {} } = (mix === 'firing' ? firing : quiet)(i);
    await store.createAlertRule(
      projectId,
      parseAlertRule({
        name: `rule ${i}`,
        trigger,
        filters,
        channels: [{ type: 'webhook', url: hookUrl }],
      }),
    );
  }
}
