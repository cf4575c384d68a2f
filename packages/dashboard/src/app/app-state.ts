/** Everything the views render, in one plain object; the controller is its only writer. */

import type { AlertRuleForm } from '../api/alert-form.js';
import type { AlertDelivery, AlertEvaluation, AlertRule, AlertTestResult } from '../api/alert-types.js';
import { emptyTokenForm, type TokenForm } from '../api/api-tokens.js';
import type { FingerprintRulesPreview } from '../api/fingerprint-rule-types.js';
import type { RuleDraft } from '../api/fingerprint-rules-form.js';
import type { GateVerdictRecord } from '../api/gate-types.js';
import type { IssueFingerprint } from '../api/merge-types.js';
import { initialQuery, type QueryState } from '../api/query-state.js';
import type { RateIncident } from '../api/rate-incidents.js';
import type { SilenceForm } from '../api/silence-form.js';
import type { Silence } from '../api/silence-types.js';
import type { IssueActivity, IssueComment } from '../api/team-types.js';
import type { ApiToken, NewApiToken } from '../api/token-types.js';
import type {
  DiscardTotal,
  EventAttachments,
  EventRecord,
  EventSummary,
  IncidentMatch,
  Issue,
  IssueWithEvent,
  Key,
  Page,
  Project,
  Rates,
  ReleaseDetail,
  ReleaseHealth,
  SampledOccurrence,
  TagFacet,
  Trace,
} from '../api/types.js';
import { DEFAULT_PROJECT_ID, routeProject } from './current-project.js';
import type { Route } from './routes.js';

/** The rule form open on the Alerts page: a new rule (`ruleId` undefined) or a stored one. */
export interface AlertEditor {
  ruleId: number | undefined;
  form: AlertRuleForm;
  busy: boolean;
  /** The collector's refusal by form field (alert-form.ts `formFieldOf`; `form` for the rest). */
  errors: Record<string, string>;
}

/** What the Alerts page shows besides its reads: the form, a secret shown once, a test, a delete to confirm. */
export interface AlertsUi {
  editor: AlertEditor | undefined;
  /** The webhook secrets of the rule just saved, shown once (the API masks them afterwards). */
  secrets: { ruleId: number; channels: { url: string; secret: string }[] } | undefined;
  test:
    | { ruleId: number; busy: boolean; results: AlertTestResult[] | undefined; error: string | undefined }
    | undefined;
  /** The rule whose Delete was pressed, waiting for the confirmation. */
  confirmDelete: number | undefined;
}

/** The silence form open on the Alerts page. */
export interface SilenceEditor {
  form: SilenceForm;
  busy: boolean;
  /** The collector's refusal by field (silence-form.ts `silenceFormFieldOf`; `form` for the rest). */
  errors: Record<string, string>;
}

/** What the silences show besides their read: the form, a mute under way. */
export interface SilencesUi {
  editor: SilenceEditor | undefined;
  /** The issue page's mute (a Mute button, or a confirmed mute link) while it is being created. */
  muteBusy: boolean;
  muteError: string | undefined;
}

/** The issue page's delete dialog (issue 19 §2): the issue asked about, the discard tick, a delete under way. */
export interface IssueUi {
  confirmDelete: number | undefined;
  discard: boolean;
  busy: boolean;
  error: string | undefined;
}

/** The issue page's team parts (issue 19 §4) besides their reads: a comment or assignment under way. */
export interface TeamUi {
  busy: boolean;
  /** Why the last comment, delete or assignment was refused (the collector's detail). */
  error: string | undefined;
}

/** The Settings page's API tokens besides their read: the create form, a token shown once, a revoke to confirm. */
export interface TokensUi {
  form: TokenForm;
  busy: boolean;
  /** Why the last create was refused (ours or the collector's 400 detail), shown beside the form. */
  problem: string | undefined;
  /** The token just created: shown once (the API never shows it again). */
  created: NewApiToken | undefined;
  /** The token whose Revoke was pressed, waiting for the confirmation. */
  confirmRevoke: number | undefined;
}

/** The Settings page's fingerprint rules editor: the rules being edited (not saved yet), a preview. */
export interface FingerprintRulesUi {
  /** The project the drafts belong to; another project's page starts from its saved rules. */
  projectId: number | undefined;
  /** The rules as edited; undefined: the project's saved rules. */
  drafts: RuleDraft[] | undefined;
  /** The last preview of the drafts; cleared by any edit. */
  preview: FingerprintRulesPreview | undefined;
  busy: boolean;
  /** Why the last preview or save was refused (the collector's 400 detail). */
  problem: string | undefined;
}

export interface AppState {
  route: Route;
  /** The project shown (current-project.ts): the issue list's, rates', releases' and the selector's. */
  project: number;
  /** 'checking' until GET /api/v1/session answers on start-up. */
  auth: 'checking' | 'signed-out' | 'signed-in';
  /** Who is signed in: a user's email, or null after a token login. */
  user: string | null;
  /** What the session may do (GET /api/v1/session's `scopes`): the pages hide the rest. */
  scopes: string[];
  login: { busy: boolean; error: string | undefined };
  issues: QueryState<Page<Issue>>;
  /** Issue ids ticked in the list, for bulk resolve/ignore. */
  selected: readonly number[];
  /** The list row the keyboard is on (j/k), or -1. */
  cursor: number;
  /** A bulk action is running. */
  bulkBusy: boolean;
  issue: QueryState<IssueWithEvent>;
  /** The attachments of the event the issue page shows. */
  attachments: QueryState<EventAttachments>;
  /** The issue page's fingerprints and their grouping components (grouping-view.ts). */
  fingerprints: QueryState<{ items: IssueFingerprint[] }>;
  /** The event named by ?event= (an incident lookup lands here); else the issue's latest. */
  event: QueryState<EventRecord>;
  /** The issue's events loaded so far, newest first, for the pager (those with the route's `tag`). */
  events: QueryState<Page<EventSummary>>;
  /** The issue's tag facets: the Tags section's bars. */
  issueTags: QueryState<{ items: TagFacet[] }>;
  /** The shown project's keys: its DSN for the empty state. */
  keys: QueryState<{ items: Key[] }>;
  rates: QueryState<Rates>;
  /** The project's rate alert incidents: marks on the Rates chart. */
  rateIncidents: QueryState<{ items: RateIncident[] }>;
  releases: QueryState<{ items: ReleaseHealth[] }>;
  /** The canary verdicts of the release picked on the Releases page (`release=`). */
  verdicts: QueryState<{ items: GateVerdictRecord[] }>;
  /** What release tools said of that release: finalized, deploys, commits. */
  releaseDetail: QueryState<ReleaseDetail>;
  trace: QueryState<Trace>;
  /** Every project: the header's selector and the settings page. */
  projects: QueryState<{ items: Project[] }>;
  /** The keys of the project the settings page shows. */
  projectKeys: QueryState<{ items: Key[] }>;
  /** What the settings page's project lost before storage (its filtered events among them). */
  discards: QueryState<{ items: DiscardTotal[] }>;
  /** Every API token (admin sessions only), for the settings page. */
  tokens: QueryState<{ items: ApiToken[] }>;
  tokenUi: TokensUi;
  fingerprintRulesUi: FingerprintRulesUi;
  /** The header's incident box; `matches` when the id named several events, for the user to choose. */
  lookup: {
    busy: boolean;
    error: string | undefined;
    matches: { id: string; items: IncidentMatch[]; more: boolean } | undefined;
    /** The id named sampled occurrences of an error storm (each with the full event it is like). */
    sampled?: SampledOccurrence[] | undefined;
  };
  /** The Alerts page: the project's rules, the chosen rule's delivery log and decisions. */
  alertRules: QueryState<{ items: AlertRule[] }>;
  alertDeliveries: QueryState<{ items: AlertDelivery[] }>;
  alertEvaluations: QueryState<Page<AlertEvaluation>>;
  /** The project's newest alerts (the rules' "last fired"); on an issue page, that issue's. */
  recentAlerts: QueryState<{ items: AlertDelivery[] }>;
  alerts: AlertsUi;
  /** The project's active silences: the Alerts page lists them, the issue page shows its own. */
  silences: QueryState<{ items: Silence[] }>;
  silenceUi: SilencesUi;
  issueUi: IssueUi;
  /** The users an issue can be assigned to (GET /api/v1/users). */
  teamUsers: QueryState<{ items: { email: string }[] }>;
  /** The issue page's comments, newest first. */
  issueComments: QueryState<Page<IssueComment>>;
  /** The issue page's activity history, newest first, the pages loaded so far. */
  issueActivity: QueryState<Page<IssueActivity>>;
  teamUi: TeamUi;
  /** The last "copy as curl" command, shown so it can be copied by hand too. */
  curl: string | undefined;
  /** A failed action (resolve, logout, save), shown until the next one. */
  notice: string | undefined;
  /** A finished action ("Saved", "Copied"), announced politely. */
  flash: string | undefined;
}

export function initialState(route: Route): AppState {
  return {
    route,
    project: routeProject(route) ?? DEFAULT_PROJECT_ID,
    auth: 'checking',
    user: null,
    scopes: [],
    login: { busy: false, error: undefined },
    issues: initialQuery(),
    selected: [],
    cursor: -1,
    bulkBusy: false,
    issue: initialQuery(),
    attachments: initialQuery(),
    fingerprints: initialQuery(),
    event: initialQuery(),
    events: initialQuery(),
    issueTags: initialQuery(),
    keys: initialQuery(),
    rates: initialQuery(),
    rateIncidents: initialQuery(),
    releases: initialQuery(),
    verdicts: initialQuery(),
    releaseDetail: initialQuery(),
    trace: initialQuery(),
    projects: initialQuery(),
    projectKeys: initialQuery(),
    discards: initialQuery(),
    tokens: initialQuery(),
    tokenUi: initialTokensUi(),
    fingerprintRulesUi: {
      projectId: undefined,
      drafts: undefined,
      preview: undefined,
      busy: false,
      problem: undefined,
    },
    lookup: { busy: false, error: undefined, matches: undefined },
    alertRules: initialQuery(),
    alertDeliveries: initialQuery(),
    alertEvaluations: initialQuery(),
    recentAlerts: initialQuery(),
    alerts: { editor: undefined, secrets: undefined, test: undefined, confirmDelete: undefined },
    silences: initialQuery(),
    silenceUi: { editor: undefined, muteBusy: false, muteError: undefined },
    issueUi: { confirmDelete: undefined, discard: false, busy: false, error: undefined },
    teamUsers: initialQuery(),
    issueComments: initialQuery(),
    issueActivity: initialQuery(),
    teamUi: { busy: false, error: undefined },
    curl: undefined,
    notice: undefined,
    flash: undefined,
  };
}

/** @example initialTokensUi().form // { name: '', scopes: ['project:read'], projectId: '' } */
export function initialTokensUi(): TokensUi {
  return {
    form: emptyTokenForm(),
    busy: false,
    problem: undefined,
    created: undefined,
    confirmRevoke: undefined,
  };
}
