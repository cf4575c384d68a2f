/**
 * `POST /api/v1/projects/:projectId/alert-rules/preview` (issue 14 §4): a rule's JSON (as for
 * creating it; `channels` optional) and an optional `since` → the decisions the evaluator would
 * have made over the project's stored events since then (alerts/preview/preview-rule.ts), with
 * the project's silences as they were. Nothing is stored or sent.
 */

import type { RouteScope } from '@faultline/core';
import { PREVIEW_TRIGGER_TYPES, previewRule } from '../alerts/preview/preview-rule.js';
import { AlertRuleError } from '../alerts/rules/alert-rule-error.js';
import { instantAt } from '../alerts/rules/instant-field.js';
import { parseAlertRule } from '../alerts/rules/parse-rule.js';
import type { AlertRule } from '../alerts/rules/rule-types.js';
import { readJson } from '../http/json.js';
import type { Router } from '../http/router.js';
import {
  DEFAULT_PREVIEW_SINCE_MS,
  MAX_PREVIEW_EVENTS,
  MAX_PREVIEW_RESULTS,
  MAX_SILENCES_LISTED,
} from '../limits.js';
import type { ProjectId, Store } from '../store/index.js';
import { found, jsonRoute } from './json-route.js';
import { projectIdParam } from './query-params.js';

/** Stands in for absent channels: a preview sends nothing, but `decide` wants one to notify. */
const NO_CHANNEL = { type: 'webhook', url: 'https://preview.invalid/' };

const iso = (ms: number) => new Date(ms).toISOString();

function parsePreview(json: unknown, projectId: ProjectId, now: number): { rule: AlertRule; since: number } {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new AlertRuleError('', 'a preview is a JSON object: a rule and an optional since');
  const { since: rawSince, ...ruleJson } = json as Record<string, unknown>;
  const input = parseAlertRule({ channels: [NO_CHANNEL], ...ruleJson });
  if (!PREVIEW_TRIGGER_TYPES.has(input.trigger.type))
    throw new AlertRuleError(
      'trigger.type',
      `a preview covers new-issue and frequency rules, not ${input.trigger.type}: ` +
        (input.trigger.type === 'regression'
          ? 'a regression depends on status changes the store does not keep'
          : 'rate rules are evaluated on route rates, not on stored events'),
    );
  const since = rawSince === undefined ? now - DEFAULT_PREVIEW_SINCE_MS : instantAt(rawSince, 'since');
  if (since >= now) throw new AlertRuleError('since', `since ${iso(since)} is not in the past`);
  return { rule: { ...input, id: 0, projectId, createdAt: now, updatedAt: now }, since };
}

/**
 * Mounts the preview route on the read API's router (authentication and CSRF are the caller's).
 * @example previewRoute(router, store)
 */
export function previewRoute(router: Router<RouteScope>, store: Store): void {
  router.on(
    'POST',
    '/api/v1/projects/:projectId/alert-rules/preview',
    'project:read',
    jsonRoute(200, async (p, _u, req) => {
      const now = Date.now();
      const projectId = projectIdParam(p);
      const { rule, since } = parsePreview(await readJson(req), projectId, now);
      found(await store.getProject(projectId), 'project');
      // A frequency window that starts before `since` is filled from the events before it.
      const warm = rule.trigger.type === 'frequency' ? rule.trigger.windowMinutes * 60_000 : 0;
      const [history, silences] = await Promise.all([
        store.alertHistory(projectId, since - warm, MAX_PREVIEW_EVENTS),
        store.listSilences({ projectId, all: true, limit: MAX_SILENCES_LISTED }),
      ]);
      const result = previewRule(rule, history, silences, since, MAX_PREVIEW_RESULTS);
      return {
        since: iso(since),
        eventsEvaluated: result.evaluated,
        eventsTruncated: history.more,
        fired: result.fired,
        more: result.more,
        items: result.decisions.map((d) => ({ ...d, at: iso(d.at) })),
      };
    }),
  );
}
