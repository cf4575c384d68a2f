/**
 * The alert rules API (issue 14 §1, §3, §4): rules per project, the test notification, the
 * evaluation log, the delivery log (per rule, and per project or issue for the dashboard's
 * issue page and "last fired"), manual redelivery, and rate rules' incidents. Validation is the rules module's
 * (`parseAlertRule`, `patchAlertRule`: an AlertRuleError is a 400 naming the field), and so is
 * the SSRF check (`checkRuleChannels`: FL_OUTBOUND_REFUSED); the test notification is `sendTest`,
 * the path real alerts take.
 */

import { badRequest, conflict, LimitExceededError, notFound, type RouteScope } from '@faultline/core';
import type { DeliveryDeps } from '../alerts/alert-options.js';
import { sendTest } from '../alerts/deliver/send-test.js';
import { explainedEvaluations } from '../alerts/evaluate/explain-pair.js';
import { checkRuleChannels } from '../alerts/outbound/check-rule-channels.js';
import { parseAlertRule } from '../alerts/rules/parse-rule.js';
import { patchAlertRule } from '../alerts/rules/rule-patch.js';
import type { AlertRuleInput } from '../alerts/rules/rule-types.js';
import { readJson } from '../http/json.js';
import type { Params, Router } from '../http/router.js';
import {
  ALERT_ATTEMPTS_LISTED,
  DEFAULT_ALERT_DELIVERIES_PAGE_SIZE,
  MAX_ALERT_DELIVERIES_PAGE_SIZE,
  MAX_SILENCES_LISTED,
} from '../limits.js';
import { decodeCursor, encodeCursor } from '../store/cursor.js';
import type { AlertAttempt, AlertNotification, NotificationState, ProjectId, Store } from '../store/index.js';
import { found, jsonRoute } from './json-route.js';
import {
  presentAlertDelivery,
  presentAlertEvaluation,
  presentAlertIncident,
  presentAlertRule,
  presentTestDelivery,
} from './present-alerts.js';
import { filterText, pageSize, positiveInt, projectIdParam } from './query-params.js';

export interface AlertRouteDeps {
  store: Store;
  /** What delivery runs on: the SSRF policy rules are checked with, the test notification's
   * path, the public URL of the alerts' links. */
  delivery: DeliveryDeps;
  /** Wakes the delivery worker: a redelivered notification is due now. */
  wake: () => void;
}

const STATES: readonly NotificationState[] = ['pending', 'delivered', 'failed', 'disabled'];

function notificationState(q: URLSearchParams): NotificationState | undefined {
  const v = q.get('state');
  if (v === null || v === '') return undefined;
  if ((STATES as readonly string[]).includes(v)) return v as NotificationState;
  throw badRequest(`state must be one of ${STATES.join(', ')}`);
}

/**
 * Mounts the alert routes on the read API's router (authentication and CSRF are the caller's).
 * @example alertRoutes(router, { store, delivery: alertDeps, wake: () => worker.wake() })
 */
export function alertRoutes(router: Router<RouteScope>, deps: AlertRouteDeps): void {
  const { store } = deps;
  const ruleId = (p: Params) => positiveInt(p.ruleId, 'rule id');
  const rule = async (p: Params) => found(await store.getAlertRule(ruleId(p)), 'alert rule');
  const create = (project: ProjectId, input: AlertRuleInput) =>
    store.createAlertRule(project, input).catch((error: unknown) => {
      if (error instanceof LimitExceededError && error.limit === 'MAX_ALERT_RULES_PER_PROJECT')
        throw conflict(`the project has ${error.max} alert rules, the most it may have; delete one first`);
      throw error;
    });

  /** Notifications as the API shows them, each with its last attempts. */
  async function withAttempts(rows: AlertNotification[]) {
    const attempts = new Map<number, AlertAttempt[]>();
    for (const a of await store.listAlertAttemptsOf(
      rows.map((n) => n.id),
      ALERT_ATTEMPTS_LISTED,
    )) {
      const listed = attempts.get(a.notificationId);
      if (listed === undefined) attempts.set(a.notificationId, [a]);
      else listed.push(a);
    }
    return rows.map((n) => presentAlertDelivery(n, attempts.get(n.id) ?? [], deps.delivery.publicUrl));
  }

  router.on(
    'POST',
    '/api/v1/projects/:projectId/alert-rules',
    'project:write',
    jsonRoute(201, async (p, _u, req) => {
      const input = parseAlertRule(await readJson(req));
      found(await store.getProject(projectIdParam(p)), 'project');
      await checkRuleChannels(input, deps.delivery.policy);
      const created = found(await create(projectIdParam(p), input), 'project');
      // The one answer that shows the webhook secrets whole.
      return presentAlertRule(created, new Set(created.channels.map((c) => c.id)));
    }),
  );
  router.on(
    'GET',
    '/api/v1/projects/:projectId/alert-rules',
    'project:read',
    jsonRoute(200, async (p) => {
      found(await store.getProject(projectIdParam(p)), 'project');
      return { items: (await store.listAlertRules(projectIdParam(p))).map((r) => presentAlertRule(r)) };
    }),
  );
  router.on(
    'GET',
    '/api/v1/alert-rules/:ruleId',
    'project:read',
    jsonRoute(200, async (p) => presentAlertRule(await rule(p))),
  );
  router.on(
    'PATCH',
    '/api/v1/alert-rules/:ruleId',
    'project:write',
    jsonRoute(200, async (p, _u, req) => {
      const body = await readJson(req);
      const patched = patchAlertRule(await rule(p), body);
      await checkRuleChannels(patched.rule, deps.delivery.policy);
      const updated = found(await store.updateAlertRule(ruleId(p), patched.rule), 'alert rule');
      return presentAlertRule(updated, patched.newSecrets);
    }),
  );
  router.on('DELETE', '/api/v1/alert-rules/:ruleId', 'project:write', async (_req, res, p) => {
    if (!(await store.deleteAlertRule(ruleId(p)))) throw notFound('alert rule not found');
    res.writeHead(204, { 'cache-control': 'no-store' }).end();
  });
  router.on(
    'POST',
    '/api/v1/alert-rules/:ruleId/test',
    'project:write',
    jsonRoute(200, async (p) => {
      const results = await sendTest(await rule(p), deps.delivery);
      if (results.length === 0)
        throw conflict(
          'every channel of the rule is disabled (a 410 Gone); save the rule to enable them again',
        );
      return { items: results.map(presentTestDelivery) };
    }),
  );
  router.on(
    'GET',
    '/api/v1/alert-rules/:ruleId/evaluations',
    'project:read',
    jsonRoute(200, async (p, url) => {
      const q = url.searchParams;
      const limit = pageSize(q);
      const cursor = filterText(q, 'cursor');
      const subject = filterText(q, 'subject');
      const ruleFound = await rule(p);
      const rows = await explainedEvaluations(
        store,
        ruleFound,
        {
          ruleId: ruleFound.id,
          limit: limit + 1,
          ...(cursor === undefined ? {} : { before: decodeCursor(cursor).id }),
          ...(subject === undefined ? {} : { subject }),
        },
        Date.now(),
        MAX_SILENCES_LISTED,
      );
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      return {
        items: items.map(presentAlertEvaluation),
        nextCursor:
          rows.length > limit && last?.id != null ? encodeCursor({ value: last.id, id: last.id }) : null,
      };
    }),
  );
  router.on(
    'GET',
    '/api/v1/projects/:projectId/alert-incidents',
    'project:read',
    jsonRoute(200, async (p, url) => {
      const project = projectIdParam(p);
      found(await store.getProject(project), 'project');
      const q = url.searchParams;
      const rule = q.get('ruleId');
      const rows = await store.listAlertIncidents({
        projectId: project,
        limit: pageSize(q),
        ...(rule === null || rule === '' ? {} : { ruleId: positiveInt(rule, 'ruleId') }),
      });
      return { items: rows.map(presentAlertIncident) };
    }),
  );
  router.on(
    'GET',
    '/api/v1/alert-rules/:ruleId/deliveries',
    'project:read',
    jsonRoute(200, async (p, url) => {
      const q = url.searchParams;
      const limit = pageSize(q, MAX_ALERT_DELIVERIES_PAGE_SIZE, DEFAULT_ALERT_DELIVERIES_PAGE_SIZE);
      const state = notificationState(q);
      const id = (await rule(p)).id;
      const rows = await store.listAlertNotifications({
        ruleId: id,
        failuresFirst: true,
        limit,
        ...(state === undefined ? {} : { state }),
      });
      return { items: await withAttempts(rows) };
    }),
  );
  router.on(
    'GET',
    '/api/v1/projects/:projectId/alert-deliveries',
    'project:read',
    jsonRoute(200, async (p, url) => {
      const q = url.searchParams;
      const limit = pageSize(q, MAX_ALERT_DELIVERIES_PAGE_SIZE, DEFAULT_ALERT_DELIVERIES_PAGE_SIZE);
      const issue = q.get('issueId');
      const project = projectIdParam(p);
      found(await store.getProject(project), 'project');
      const rows = await store.listAlertNotifications({
        projectId: project,
        limit,
        ...(issue === null ? {} : { subject: `issue:${positiveInt(issue, 'issueId')}` }),
      });
      return { items: await withAttempts(rows) };
    }),
  );
  router.on(
    'POST',
    '/api/v1/alert-deliveries/:deliveryId/redeliver',
    'project:write',
    jsonRoute(202, async (p) => {
      const id = positiveInt(p.deliveryId, 'delivery id');
      const { notification, redelivered } = found(
        await store.redeliverAlertNotification(id, Date.now()),
        'alert delivery',
      );
      if (!redelivered)
        throw conflict(
          `alert delivery ${id} is pending (next attempt at ${new Date(notification.nextAttemptAt).toISOString()}); ` +
            'redelivery is for a delivered, failed or disabled one',
        );
      deps.wake();
      const attempts = await store.listAlertAttemptsOf([id], ALERT_ATTEMPTS_LISTED);
      return presentAlertDelivery(notification, attempts, deps.delivery.publicUrl);
    }),
  );
}
