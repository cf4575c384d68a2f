/**
 * Grouping you can correct (issue 19 §3): merge issues of a project, move a fingerprint back
 * out, and list an issue's fingerprints with the grouping components that made each one (core's
 * `fingerprintComponents` of its newest stored event, and the fingerprint rule that set it, if
 * one did: why these events are grouped).
 */

import { badRequest, fingerprintComponents, notFound, type RouteScope } from '@faultline/core';
import { ruleEntries } from '../fingerprint-rules/apply-rules.js';
import { recordedRule } from '../fingerprint-rules/recorded-rule.js';
import { readJson } from '../http/json.js';
import type { Params, Router } from '../http/router.js';
import { MAX_ISSUE_FINGERPRINTS, MAX_MERGE_ISSUES } from '../limits.js';
import type { IssueId, MergeOutcome, ProjectId, Store, UnmergeOutcome } from '../store/index.js';
import { jsonRoute } from './json-route.js';
import { presentIssue } from './present.js';
import { positiveInt, projectIdParam } from './query-params.js';
import { callerName } from './request-caller.js';

const FINGERPRINT = /^[0-9a-f]{1,64}$/;

function objectBody(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw badRequest('body must be a JSON object');
  return body as Record<string, unknown>;
}

/** 2 to MAX_MERGE_ISSUES distinct positive integer ids. */
function mergeIds(body: Record<string, unknown>): IssueId[] {
  const raw = body.issueIds;
  if (!Array.isArray(raw) || !raw.every((v) => Number.isInteger(v) && v > 0))
    throw badRequest('issueIds must be a list of issue ids (positive integers)');
  const ids = [...new Set(raw as number[])];
  if (ids.length < 2 || ids.length > MAX_MERGE_ISSUES)
    throw badRequest(`issueIds must name 2 to ${MAX_MERGE_ISSUES} distinct issues, not ${ids.length}`);
  return ids as IssueId[];
}

const idList = (ids: readonly number[]) => ids.join(', ');

function merged(outcome: MergeOutcome, projectId: ProjectId) {
  switch (outcome.kind) {
    case 'merged':
      return { issue: presentIssue(outcome.target), merged: outcome.merged };
    case 'unknown':
      throw notFound(`no issue ${idList(outcome.ids)}`);
    case 'other-project':
      throw badRequest(
        `issue ${idList(outcome.ids)} is not of project ${projectId}: merge only issues of one project`,
      );
    case 'tombstone':
      throw badRequest(`issue ${idList(outcome.ids)} was merged already: merge the issue it went to`);
    default: {
      const never: never = outcome;
      return never;
    }
  }
}

function unmerged(outcome: UnmergeOutcome, fingerprint: string) {
  switch (outcome.kind) {
    case 'unmerged':
      return { issue: presentIssue(outcome.issue), movedEvents: outcome.movedEvents };
    case 'no-issue':
      throw notFound('issue not found');
    case 'own':
      throw badRequest(`${fingerprint} is the issue's own fingerprint: unmerge the others`);
    case 'not-merged':
      throw notFound(`no fingerprint ${fingerprint} was merged into this issue`);
    default: {
      const never: never = outcome;
      return never;
    }
  }
}

/**
 * Adds the merge, unmerge and fingerprint routes to the read API's router.
 * @example mergeRoutes(router, store)
 */
export function mergeRoutes(router: Router<RouteScope>, store: Store): void {
  const json = jsonRoute;
  const issueId = (p: Params) => positiveInt(p.issueId, 'issue id') as IssueId;
  router.on(
    'POST',
    '/api/v1/projects/:projectId/issues/merge',
    'project:write',
    json(200, async (p, _u, req) => {
      const projectId = projectIdParam(p);
      const ids = mergeIds(objectBody(await readJson(req)));
      return merged(await store.mergeIssues(projectId, ids, Date.now(), callerName(req)), projectId);
    }),
  );
  router.on(
    'POST',
    '/api/v1/issues/:issueId/unmerge',
    'project:write',
    json(200, async (p, _u, req) => {
      const fingerprint = objectBody(await readJson(req)).fingerprint;
      if (typeof fingerprint !== 'string' || !FINGERPRINT.test(fingerprint))
        throw badRequest('fingerprint must be a fingerprint of the issue (lowercase hex)');
      return unmerged(
        await store.unmergeFingerprint(issueId(p), fingerprint, Date.now(), callerName(req)),
        fingerprint,
      );
    }),
  );
  router.on(
    'GET',
    '/api/v1/issues/:issueId/fingerprints',
    'project:read',
    json(200, async (p) => {
      const list = await store.issueFingerprints(issueId(p), MAX_ISSUE_FINGERPRINTS);
      if (list === undefined) throw notFound('issue not found');
      return {
        items: list.map((f) => {
          const rule = recordedRule(f.event);
          // A rule's fingerprint replaced the event's own: its entries are what was hashed.
          const grouped =
            f.event === null || rule?.fingerprint === undefined
              ? f.event
              : { ...f.event, fingerprint: ruleEntries(rule.fingerprint, f.event) };
          return {
            fingerprint: f.fingerprint,
            own: f.own,
            events: f.events,
            components: grouped === null ? [] : fingerprintComponents(grouped),
            rule,
          };
        }),
      };
    }),
  );
}
