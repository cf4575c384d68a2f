/**
 * Every call the dashboard makes, as OpenAPI method + path template. The client only calls
 * through this table, and test/openapi-contract.test.ts checks each entry exists in the
 * collector's OpenAPI document, so a renamed route fails a test instead of a page.
 */

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface Endpoint {
  method: Method;
  /** OpenAPI path template: `{name}` segments are filled in by `pathOf`. */
  path: string;
}

export const ENDPOINTS = {
  login: { method: 'POST', path: '/api/v1/session' },
  session: { method: 'GET', path: '/api/v1/session' },
  logout: { method: 'DELETE', path: '/api/v1/session' },
  listIssues: { method: 'GET', path: '/api/v1/projects/{projectId}/issues' },
  listIssuesAcross: { method: 'GET', path: '/api/v1/issues' },
  getIssue: { method: 'GET', path: '/api/v1/issues/{issueId}' },
  updateIssue: { method: 'PATCH', path: '/api/v1/issues/{issueId}' },
  deleteIssue: { method: 'DELETE', path: '/api/v1/issues/{issueId}' },
  mergeIssues: { method: 'POST', path: '/api/v1/projects/{projectId}/issues/merge' },
  unmergeIssue: { method: 'POST', path: '/api/v1/issues/{issueId}/unmerge' },
  issueFingerprints: { method: 'GET', path: '/api/v1/issues/{issueId}/fingerprints' },
  listComments: { method: 'GET', path: '/api/v1/issues/{issueId}/comments' },
  addComment: { method: 'POST', path: '/api/v1/issues/{issueId}/comments' },
  deleteComment: { method: 'DELETE', path: '/api/v1/issues/{issueId}/comments/{commentId}' },
  issueActivity: { method: 'GET', path: '/api/v1/issues/{issueId}/activity' },
  listUsers: { method: 'GET', path: '/api/v1/users' },
  incident: { method: 'GET', path: '/api/v1/incidents/{id}' },
  listKeys: { method: 'GET', path: '/api/v1/projects/{projectId}/keys' },
  createKey: { method: 'POST', path: '/api/v1/projects/{projectId}/keys' },
  listProjects: { method: 'GET', path: '/api/v1/projects' },
  createProject: { method: 'POST', path: '/api/v1/projects' },
  updateProject: { method: 'PATCH', path: '/api/v1/projects/{projectId}' },
  discards: { method: 'GET', path: '/api/v1/projects/{projectId}/discards' },
  previewFingerprintRules: { method: 'POST', path: '/api/v1/projects/{projectId}/fingerprint-rules/preview' },
  listEvents: { method: 'GET', path: '/api/v1/issues/{issueId}/events' },
  issueTags: { method: 'GET', path: '/api/v1/issues/{issueId}/tags' },
  getEvent: { method: 'GET', path: '/api/v1/events/{eventId}' },
  listAttachments: { method: 'GET', path: '/api/v1/events/{eventId}/attachments' },
  /** Not fetched: a link the browser follows to download the bytes (api/attachments.ts). */
  getAttachment: { method: 'GET', path: '/api/v1/events/{eventId}/attachments/{attachmentId}' },
  rates: { method: 'GET', path: '/api/v1/rates' },
  releases: { method: 'GET', path: '/api/v1/releases' },
  releaseDetail: { method: 'GET', path: '/api/v1/projects/{projectId}/releases/{version}' },
  trace: { method: 'GET', path: '/api/v1/traces/{traceId}' },
  listAlertRules: { method: 'GET', path: '/api/v1/projects/{projectId}/alert-rules' },
  createAlertRule: { method: 'POST', path: '/api/v1/projects/{projectId}/alert-rules' },
  updateAlertRule: { method: 'PATCH', path: '/api/v1/alert-rules/{ruleId}' },
  deleteAlertRule: { method: 'DELETE', path: '/api/v1/alert-rules/{ruleId}' },
  testAlertRule: { method: 'POST', path: '/api/v1/alert-rules/{ruleId}/test' },
  alertEvaluations: { method: 'GET', path: '/api/v1/alert-rules/{ruleId}/evaluations' },
  alertDeliveries: { method: 'GET', path: '/api/v1/alert-rules/{ruleId}/deliveries' },
  projectAlerts: { method: 'GET', path: '/api/v1/projects/{projectId}/alert-deliveries' },
  redeliverAlert: { method: 'POST', path: '/api/v1/alert-deliveries/{deliveryId}/redeliver' },
  listSilences: { method: 'GET', path: '/api/v1/projects/{projectId}/silences' },
  createSilence: { method: 'POST', path: '/api/v1/projects/{projectId}/silences' },
  expireSilence: { method: 'POST', path: '/api/v1/silences/{silenceId}/expire' },
  gateVerdicts: { method: 'GET', path: '/api/v1/gate/verdicts' },
  alertIncidents: { method: 'GET', path: '/api/v1/projects/{projectId}/alert-incidents' },
  listTokens: { method: 'GET', path: '/api/v1/tokens' },
  createToken: { method: 'POST', path: '/api/v1/tokens' },
  revokeToken: { method: 'DELETE', path: '/api/v1/tokens/{tokenId}' },
} as const satisfies Record<string, Endpoint>;

/**
 * Fills a template; every value is percent-encoded, so an id typed by a user cannot add path
 * segments or a query.
 * @example pathOf('/api/v1/issues/{issueId}', { issueId: 12 }) // '/api/v1/issues/12'
 */
export function pathOf(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`pathOf: no value for {${name}} in ${template}`);
    return encodeURIComponent(String(value));
  });
}
