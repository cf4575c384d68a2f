/**
 * A Store that reports the outcome of every call to a StoreHealth, so the read API, ingest's key
 * lookups and commits, the retention job and /health's probe all feed one set of episodes
 * without each knowing about it. Errors pass through unchanged (ingest's write queue and the
 * read API still see what the store threw).
 */

import type { Store } from '../store/store.js';
import type { StoreHealth, StoreLane } from './store-health.js';

/**
 * The lane of each Store method; null for the ones that are not about the store's health.
 * A Record over every key, so a new Store method does not compile until it is given a lane.
 */
const LANES: Record<keyof Store, StoreLane | null> = {
  migrate: 'write',
  close: null,
  createProject: 'write',
  listProjects: 'read',
  getProject: 'read',
  updateProjectSettings: 'write',
  mergeIssues: 'write',
  unmergeFingerprint: 'write',
  assignIssue: 'write',
  listIssueComments: 'read',
  addIssueComment: 'write',
  deleteIssueComment: 'write',
  listIssueActivity: 'read',
  issueFingerprints: 'read',
  projectExists: 'read',
  ensureDefaultProject: 'write',
  createKey: 'write',
  listKeys: 'read',
  disableKey: 'write',
  findKey: 'read',
  createToken: 'write',
  verifyToken: 'read',
  findTokenByHash: 'read',
  listTokens: 'read',
  touchToken: 'write',
  deleteToken: 'write',
  createUser: 'write',
  findUserByEmail: 'read',
  listUsers: 'read',
  deleteUser: 'write',
  setUserPassword: 'write',
  createDashboardSession: 'write',
  findDashboardSession: 'read',
  touchDashboardSession: 'write',
  deleteDashboardSession: 'write',
  loginFailures: 'read',
  recordLoginFailure: 'write',
  clearLoginFailures: 'write',
  write: 'write',
  listIssues: 'read',
  getIssue: 'read',
  updateIssueStatus: 'write',
  wakeSnoozedIssues: 'write',
  deleteIssue: 'write',
  purgeDeletedIssues: 'write',
  issueEventCounts: 'read',
  listEvents: 'read',
  issueTags: 'read',
  getEvent: 'read',
  listAttachments: 'read',
  getAttachment: 'read',
  findIncidents: 'read',
  findSampled: 'read',
  listReleases: 'read',
  getTrace: 'read',
  sessionCounts: 'read',
  discardCounts: 'read',
  discardTotals: 'read',
  routeRates: 'read',
  gateCounts: 'read',
  firstRequestAt: 'read',
  recordGateVerdict: 'write',
  listGateVerdicts: 'read',
  createRelease: 'write',
  updateRelease: 'write',
  releaseMeta: 'read',
  listReleaseMeta: 'read',
  deleteReleaseMeta: 'write',
  addDeploy: 'write',
  listDeploys: 'read',
  putUploadChunks: 'write',
  missingUploadChunks: 'read',
  uploadChunks: 'read',
  deleteUploadChunks: 'write',
  pruneArtifacts: 'write',
  touchArtifactBundles: 'write',
  artifactBundleId: 'read',
  storeArtifactBundle: 'write',
  artifactFilesByDebugId: 'read',
  artifactFilesByUrl: 'read',
  touchArtifactBundle: 'write',
  releaseHealth: 'read',
  errorCounts: 'read',
  deleteEvents: 'write',
  maintainPartitions: 'write',
  createAlertRule: 'write',
  listAlertRules: 'read',
  getAlertRule: 'read',
  updateAlertRule: 'write',
  deleteAlertRule: 'write',
  claimAlertNotifications: 'write',
  insertAlertNotifications: 'write',
  recordAlertAttempts: 'write',
  nextAlertAttemptAt: 'read',
  takeEmailSlot: 'write',
  holdAlertNotifications: 'write',
  listAlertNotifications: 'read',
  listAlertAttempts: 'read',
  listAlertAttemptsOf: 'read',
  redeliverAlertNotification: 'write',
  listAlertEvaluations: 'read',
  pruneAlertLog: 'write',
  withRateAlertLease: 'write',
  watchChanges: null,
  // A lease's bookkeeping says nothing of the store's health: SQLite's never touches the store, and
  // PostgreSQL's failures show on the job's own calls and /health's probe.
  tryLease: null,
  startLeasedRun: null,
  releaseLease: null,
  listAlertIncidents: 'read',
  createSilence: 'write',
  listSilences: 'read',
  getSilence: 'read',
  expireSilence: 'write',
  alertHistory: 'read',
  countIssueEvents: 'read',
};

/** Calls that take no input from a caller: any error they throw is the store's (or digest's, for
 * a commit), never a 4xx, so a FaultlineError from them counts too. */
const INPUTLESS = new Set<keyof Store>([
  'write',
  'deleteEvents',
  'maintainPartitions',
  'migrate',
  'claimAlertNotifications',
  'nextAlertAttemptAt',
  'pruneAlertLog',
  'withRateAlertLease',
]);

type AnyMethod = (...args: unknown[]) => Promise<unknown>;

/**
 * @example
 * const observed = observeStore(store, health);
 * await observed.listProjects(); // health now knows the store answers reads
 */
export function observeStore(store: Store, health: StoreHealth): Store {
  const observed: Record<string, AnyMethod> = {};
  for (const name of Object.keys(LANES) as (keyof Store)[]) {
    const lane = LANES[name];
    if (typeof store[name] !== 'function') continue; // a partial store (a test's) stays partial
    const method = (store[name] as AnyMethod).bind(store);
    if (lane === null) {
      observed[name] = method;
      continue;
    }
    observed[name] = (...args) => {
      const startedAt = health.now();
      let pending: Promise<unknown>;
      try {
        pending = method(...args);
      } catch (error) {
        pending = Promise.reject(error);
      }
      return pending.then(
        (value) => {
          health.succeeded(lane, startedAt);
          return value;
        },
        (error: unknown) => {
          health.failed(lane, name, error, INPUTLESS.has(name));
          throw error;
        },
      );
    };
  }
  return observed as unknown as Store;
}
