// Seeds (or reuses) the dashboard bench's SQLite data folder: EVENTS Sentry-shaped events in
// ISSUES issues (seed-world.mjs), in time order, through the collector's real write path,
// `store.write((tx) => digestBatches(tx, batches))`, EVENTS_PER_WRITE one-event batches per
// transaction (what a large group commit hands over). Issues are triaged as they age, through
// `store.updateIssueStatus` (what PATCH /api/v1/issues/:id calls), so later events reopen some
// of them (regressions). The folder is cached under SEED_DIR; RESEED=1 rebuilds it.
//
//   node bench/dashboard/seed.mjs          seed if needed, print the seeding rate
//   RESEED=1 node bench/dashboard/seed.mjs seed again

import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createSqliteStore, digestBatches, SQLITE_FILE_NAME } from '@faultline/collector';
import { fingerprint } from '@faultline/core';
import {
  DAYS,
  EVENTS,
  EVENTS_PER_WRITE,
  ISSUES,
  RELEASES,
  RESEED,
  SEED_DIR,
  SEED_META_FILE,
  SEED_VERSION,
  WORLD_SEED,
} from './config.mjs';
import { createWorld, makeEvent } from './seed-world.mjs';

/** Issues read per page when checking the result (the store's own page bound). */
const CHECK_PAGE = 500;
/** A progress line every this many writes. */
const PROGRESS_EVERY = 50;

const batchOf = (projectId, { eventId, event, receivedAt }) => ({
  projectId,
  receivedAt,
  events: [{ eventId, event }],
  transactions: [],
  sessions: [],
  sessionAggregates: [],
  clientReports: [],
  routeRates: [],
  sampled: [],
  attachments: [],
  dropped: {},
});

function fileBytes(dir) {
  let bytes = 0;
  for (const suffix of ['', '-wal', '-shm']) {
    const file = join(dir, SQLITE_FILE_NAME + suffix);
    if (existsSync(file)) bytes += statSync(file).size;
  }
  return bytes;
}

/** Every issue once, through the store's listing: the counts the seed must have produced. */
async function census(store, projectId) {
  const statuses = {};
  let issues = 0;
  let events = 0;
  let regressed = 0;
  let single = 0;
  const top = [];
  let cursor;
  do {
    const page = await store.listIssues({ projectId, sort: 'count', limit: CHECK_PAGE, cursor });
    for (const i of page.items) {
      issues++;
      events += i.count;
      statuses[i.status] = (statuses[i.status] ?? 0) + 1;
      if (i.regressed) regressed++;
      if (i.count === 1) single++;
      if (top.length < 5) top.push(i.count);
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { issues, events, statuses, regressed, singleEventIssues: single, topCounts: top };
}

/**
 * Seeds SEED_DIR unless a complete seed of this version is there.
 * @example const { dataDir, meta, reused } = await ensureSeeded(console.log)
 */
export async function ensureSeeded(log = console.log) {
  const metaFile = join(SEED_DIR, SEED_META_FILE);
  if (!RESEED && existsSync(metaFile)) {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8'));
    if (meta.seedVersion === SEED_VERSION && meta.events === EVENTS && meta.issues === ISSUES)
      return { dataDir: SEED_DIR, meta, reused: true };
  }
  rmSync(SEED_DIR, { recursive: true, force: true });
  mkdirSync(SEED_DIR, { recursive: true });
  log(
    `seeding ${EVENTS.toLocaleString('en-US')} events in ${ISSUES.toLocaleString('en-US')} issues into ${SEED_DIR}`,
  );
  const t0 = performance.now();
  const world = createWorld({
    seed: WORLD_SEED,
    events: EVENTS,
    issues: ISSUES,
    days: DAYS,
    releases: RELEASES,
    end: Date.now(),
  });
  const worldSeconds = (performance.now() - t0) / 1000;

  // synchronous=NORMAL: the rows are the same as with FULL; only the fsync per commit is
  // skipped (the seed is rebuilt, not recovered, after a crash).
  const store = createSqliteStore({ dataDir: SEED_DIR, synchronous: 'normal' });
  await store.migrate();
  const { key } = await store.ensureDefaultProject();
  const projectId = key.projectId;

  const idOf = new Int32Array(ISSUES); // issue index → store id (0: not created yet)
  const indexOfFingerprint = new Map(); // fingerprint of an issue's first event → issue index
  const fingerprinted = new Uint8Array(ISSUES);
  let triageNext = 0;
  let writeSeconds = 0;
  let triageSeconds = 0;
  let writes = 0;
  const seedStart = performance.now();
  for (let n = 0; n < EVENTS; n += EVENTS_PER_WRITE) {
    const made = [];
    for (let k = n; k < Math.min(EVENTS, n + EVENTS_PER_WRITE); k++) {
      const e = makeEvent(world, k);
      if (idOf[e.issue] === 0 && !fingerprinted[e.issue]) {
        fingerprinted[e.issue] = 1;
        indexOfFingerprint.set(fingerprint(e.event), e.issue);
      }
      made.push(e);
    }
    // Triage what was decided before this write's first event (the API's status change).
    const tTriage = performance.now();
    const firstTime = made[0].receivedAt;
    while (triageNext < world.triage.length && world.triage[triageNext][0] <= firstTime) {
      const [at, issue, status, inRelease] = world.triage[triageNext++];
      if (idOf[issue] === 0) throw new Error(`triage of issue ${issue} before its first event`);
      await store.updateIssueStatus(idOf[issue], status, {
        now: Math.round(at),
        ...(inRelease ? { inRelease } : {}),
      });
    }
    triageSeconds += (performance.now() - tTriage) / 1000;

    const batches = made.map((e) => batchOf(projectId, e));
    const tWrite = performance.now();
    const result = await store.write((tx) => digestBatches(tx, batches));
    writeSeconds += (performance.now() - tWrite) / 1000;
    writes++;
    if (result.events !== made.length)
      throw new Error(
        `write ${writes}: ${result.events} of ${made.length} events stored (${result.duplicates} duplicates)`,
      );
    for (const id of result.newIssues) {
      const issue = await store.getIssue(id);
      const index = indexOfFingerprint.get(issue?.fingerprint);
      if (index === undefined) throw new Error(`new issue ${id} has a fingerprint the world did not make`);
      idOf[index] = id;
      indexOfFingerprint.delete(issue.fingerprint);
    }
    if (writes % PROGRESS_EVERY === 0) {
      const done = Math.min(EVENTS, n + EVENTS_PER_WRITE);
      const seconds = (performance.now() - seedStart) / 1000;
      log(
        `  ${done.toLocaleString('en-US')} events, ${Math.round(done / seconds).toLocaleString('en-US')} events/s ` +
          `(store.write ${Math.round(done / writeSeconds).toLocaleString('en-US')} events/s), ${Math.round(fileBytes(SEED_DIR) / 2 ** 20)} MB`,
      );
    }
  }
  const seconds = (performance.now() - seedStart) / 1000;
  const found = await census(store, projectId);
  await store.close(); // checkpoints the WAL into the database file
  if (found.issues !== ISSUES || found.events !== EVENTS)
    throw new Error(`seeded ${found.issues} issues / ${found.events} events, expected ${ISSUES} / ${EVENTS}`);
  const meta = {
    seedVersion: SEED_VERSION,
    events: EVENTS,
    issues: ISSUES,
    days: DAYS,
    start: world.start,
    end: world.end,
    releases: world.releaseNames,
    seededAt: new Date().toISOString(),
    worldSeconds,
    seconds,
    writeSeconds,
    triageSeconds,
    statusChanges: world.triage.length,
    writes,
    eventsPerWrite: EVENTS_PER_WRITE,
    rate: EVENTS / seconds,
    writeRate: EVENTS / writeSeconds,
    dbBytes: fileBytes(SEED_DIR),
    ...found,
  };
  writeFileSync(join(SEED_DIR, SEED_META_FILE), `${JSON.stringify(meta, null, 2)}\n`);
  return { dataDir: SEED_DIR, meta, reused: false };
}

/** The seed's figures as lines. */
export function describeSeed({ meta, reused, dataDir }) {
  const n = (x) => Math.round(x).toLocaleString('en-US');
  return [
    `${reused ? 'reused' : 'seeded'} ${dataDir} (seed v${meta.seedVersion}, ${meta.seededAt}): ` +
      `${n(meta.events)} events in ${n(meta.issues)} issues over ${meta.days} days, ${meta.releases.length} releases, ` +
      `${n(meta.dbBytes / 2 ** 20)} MB`,
    `seeding: ${n(meta.rate)} events/s overall (${meta.seconds.toFixed(0)} s: event generation + ${n(meta.writes)} ` +
      `store.write of ${n(meta.eventsPerWrite)} events + ${n(meta.statusChanges)} status changes), ` +
      `store.write alone ${n(meta.writeRate)} events/s (${meta.writeSeconds.toFixed(0)} s)`,
    `issues: ${Object.entries(meta.statuses)
      .map(([s, c]) => `${s} ${n(c)}`)
      .join(
        ', ',
      )}; regressed ${n(meta.regressed)}; events of the 5 hottest ${meta.topCounts.map(n).join(', ')}; ` +
      `${n(meta.singleEventIssues)} issues with one event`,
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const seeded = await ensureSeeded((line) => console.log(`# ${line}`));
  for (const line of describeSeed(seeded)) console.log(line);
}
