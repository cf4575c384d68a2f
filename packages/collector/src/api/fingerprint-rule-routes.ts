/**
 * `POST /api/v1/projects/:projectId/fingerprint-rules/preview` with `{ "rules": [...] }`: what the
 * rules would regroup among the project's newest MAX_RULE_PREVIEW_EVENTS stored events
 * (fingerprint-rules/preview-rules.ts), before they are saved with PATCH
 * /api/v1/projects/:projectId (`fingerprintRules`). Reads only: scope `project:read`.
 */

import type { RouteScope } from '@faultline/core';
import { fingerprintRulesParam } from '../fingerprint-rules/parse-rules.js';
import { previewRules } from '../fingerprint-rules/preview-rules.js';
import { readJson } from '../http/json.js';
import type { Router } from '../http/router.js';
import { MAX_RULE_PREVIEW_EVENTS, MAX_RULE_PREVIEW_ISSUES } from '../limits.js';
import type { IssueId, Store } from '../store/index.js';
import { found, jsonRoute, objectBody } from './json-route.js';
import { presentIssue } from './present.js';
import { projectIdParam } from './query-params.js';

/**
 * @example fingerprintRuleRoutes(router, store)
 */
export function fingerprintRuleRoutes(router: Router<RouteScope>, store: Store): void {
  router.on(
    'POST',
    '/api/v1/projects/:projectId/fingerprint-rules/preview',
    'project:read',
    jsonRoute(200, async (p, _u, req) => {
      const projectId = projectIdParam(p);
      const rules = fingerprintRulesParam(objectBody(await readJson(req)).rules, 'rules');
      found(await store.getProject(projectId), 'project');
      // Newest first: past the bound it is the oldest events that are left out.
      const history = await store.alertHistory(projectId, 0, MAX_RULE_PREVIEW_EVENTS);
      const preview = previewRules(rules, history.events);
      const listed = preview.issues.slice(0, MAX_RULE_PREVIEW_ISSUES);
      const ids = new Set<IssueId>(listed.flatMap((i) => [i.issueId, ...i.together]));
      const issues = new Map(
        (await Promise.all([...ids].map((id) => store.getIssue(id)))).flatMap((i) =>
          i === undefined ? [] : [[i.id, presentIssue(i)] as const],
        ),
      );
      return {
        eventsExamined: history.events.length,
        moreEvents: history.more,
        moreIssues: preview.issues.length > listed.length,
        items: listed.map((i) => ({ ...i, issue: issues.get(i.issueId) ?? null })),
        groups: preview.groups,
      };
    }),
  );
}
