// The digest commit's CPU per event with 100 rules ÷ with none, without HTTP: the collector
// bench's storeOnly (createCommit over SQLite, BATCH events a commit, as the group commit makes
// them) in this process, the same parsed 5 KB events in both arms, fresh databases, arms
// alternating, medians. Fixed batches make this the steadiest figure of the rules' cost: the
// closed loop's batch size follows its rate, and a shared machine moves both. No delivery
// worker runs here: what fires is written to the outbox, not sent.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsedEvents } from '../collector/envelopes.mjs';
import { storeOnly } from '../collector/store-only.mjs';
import { createRules } from './rule-mix.mjs';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function arm(events, batch, rules, mix) {
  const dataDir = mkdtempSync(join(tmpdir(), 'faultline-bench-alerts-commit-'));
  try {
    const setup = (store, projectId) =>
      createRules(store, projectId, { rules, mix, hookUrl: 'http://127.0.0.1:9/hook' });
    return await storeOnly({ events, batch, dataDir, setup });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * @returns per arm the median CPU µs per event and events/s of the commits
 * @example const { none, hundred } = await commitCost({ mix: 'quiet', events: 6000, batch: 40, rounds: 5 })
 */
export async function commitCost({ mix, events: count, batch, rounds }) {
  const events = parsedEvents(count, { dsn: 'http://0@127.0.0.1/1', targetBytes: 5000 });
  await arm(events.slice(0, 1000), batch, 100, mix); // JIT warm-up, untimed
  const none = [];
  const hundred = [];
  for (let round = 0; round < rounds; round++) {
    const arms = round % 2 === 0 ? [0, 100] : [100, 0];
    for (const rules of arms) (rules === 0 ? none : hundred).push(await arm(events, batch, rules, mix));
  }
  const cpu = (xs) => median(xs.map((x) => x.cpuUs));
  const rate = (xs) => median(xs.map((x) => x.rate));
  return {
    none: { cpuUs: cpu(none), rate: rate(none) },
    hundred: { cpuUs: cpu(hundred), rate: rate(hundred) },
    all: { none: none.map((x) => x.cpuUs), hundred: hundred.map((x) => x.cpuUs) },
  };
}
