/**
 * The once-only jobs of a collector, each under its lease (leased-job.ts): retention (events past
 * their age or their issue's cap: whole days dropped or slices deleted), the snooze wake (timed
 * snoozes past their end come back), the purge of interrupted issue deletes, the alert log's prune,
 * partition maintenance (the days ahead made; at once when it never ran), and the artifact
 * prune (chunks no bundle claimed, source-map bundles no event used for long). A later job is one
 * more `startLeasedJob` with a name of its own.
 */

import { DAY_MS } from '@faultline/core';
import {
  ALERT_LOG_KEEP_MS,
  ALERT_LOG_PRUNE_INTERVAL_MS,
  ARTIFACT_BUNDLE_MAX_IDLE_MS,
  ARTIFACT_PRUNE_INTERVAL_MS,
  DEFAULT_MAX_EVENTS_PER_ISSUE,
  DEFAULT_RETENTION_DAYS,
  DELETED_ISSUES_PURGE_INTERVAL_MS,
  EVENT_PARTITION_MAINTENANCE_INTERVAL_MS,
  RETENTION_INTERVAL_MS,
  SNOOZE_WAKE_INTERVAL_MS,
  UPLOAD_CHUNK_MAX_AGE_MS,
} from '../limits.js';
import type { Store } from '../store/store.js';
import { leaseHolderId, startLeasedJob } from './leased-job.js';

export interface CollectorJobsDeps {
  store: Store;
  retention: { days?: number; maxEventsPerIssue?: number; intervalMs?: number };
  now: () => number;
  log: (message: string, error?: unknown) => void;
  isStoreFailure: (error: unknown) => boolean;
}

/**
 * Starts the leased jobs; `close` stops them and gives their leases up.
 * @example const jobs = startCollectorJobs({ store, retention: {}, now: Date.now, log, isStoreFailure }); await jobs.close()
 */
export function startCollectorJobs(deps: CollectorJobsDeps): { close(): Promise<void> } {
  const { store, retention } = deps;
  const common = { store, holder: leaseHolderId(), log: deps.log, isStoreFailure: deps.isStoreFailure };
  const jobs = [
    startLeasedJob({
      ...common,
      name: 'retention',
      intervalMs: retention.intervalMs ?? RETENTION_INTERVAL_MS,
      run: (signal) =>
        store.deleteEvents({
          olderThan: deps.now() - (retention.days ?? DEFAULT_RETENTION_DAYS) * DAY_MS,
          maxPerIssue: retention.maxEventsPerIssue ?? DEFAULT_MAX_EVENTS_PER_ISSUE,
          signal,
        }),
    }),
    startLeasedJob({
      ...common,
      name: 'snooze-wake',
      intervalMs: SNOOZE_WAKE_INTERVAL_MS,
      run: () => store.wakeSnoozedIssues(deps.now()),
    }),
    startLeasedJob({
      ...common,
      name: 'deleted-issues-purge',
      intervalMs: DELETED_ISSUES_PURGE_INTERVAL_MS,
      run: (signal) => store.purgeDeletedIssues(signal),
    }),
    startLeasedJob({
      ...common,
      name: 'alert-log-prune',
      intervalMs: ALERT_LOG_PRUNE_INTERVAL_MS,
      run: () => store.pruneAlertLog(deps.now() - ALERT_LOG_KEEP_MS),
    }),
    startLeasedJob({
      ...common,
      name: 'partition-maintenance',
      intervalMs: EVENT_PARTITION_MAINTENANCE_INTERVAL_MS,
      runWhenNeverRan: true,
      run: () => store.maintainPartitions(deps.now()),
    }),
    startLeasedJob({
      ...common,
      name: 'artifact-prune',
      intervalMs: ARTIFACT_PRUNE_INTERVAL_MS,
      run: () =>
        store.pruneArtifacts(deps.now() - UPLOAD_CHUNK_MAX_AGE_MS, deps.now() - ARTIFACT_BUNDLE_MAX_IDLE_MS),
    }),
  ];
  return {
    async close() {
      await Promise.all(jobs.map((j) => j.close()));
    },
  };
}
