/**
 * The dashboard's client against the collector's own OpenAPI document (issue 7 §2): every call
 * in ENDPOINTS exists with its method, the issue filters use declared query parameters, and
 * every operation the document lists refuses a caller without a token or session.
 */

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ENDPOINTS } from '../src/api/endpoints.js';
import { filtersToApiQuery } from '../src/api/issue-filters.js';
import { ratesToApiQuery } from '../src/api/rates-query.js';
import type { EventRecord, Incident, IncidentMatch, Issue, Project } from '../src/api/types.js';
import { DEFAULT_PROJECT_ID } from '../src/app/current-project.js';
import { ADMIN_TOKEN, startTestCollector, type TestCollector } from './support/collector.js';

interface Operation {
  security?: unknown[];
  parameters?: { name: string; in: string }[];
}
type Spec = {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, { properties?: Record<string, unknown> }> };
};

const SAMPLE_PARAMS: Record<string, string> = {
  projectId: '1',
  issueId: '1',
  eventId: '0123456789abcdef0123456789abcdef',
  id: 'req-1',
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
};
const METHODS = ['get', 'post', 'patch', 'put', 'delete'];

let server: TestCollector;
let spec: Spec;

before(async () => {
  server = await startTestCollector();
  const res = await fetch(`${server.url}/api/v1/openapi.json`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  spec = (await res.json()) as Spec;
});

after(() => server.close());

test('every endpoint the client calls is in the OpenAPI document with its method', () => {
  for (const [name, endpoint] of Object.entries(ENDPOINTS)) {
    const item = spec.paths[endpoint.path];
    assert.ok(item, `${name}: ${endpoint.path} is not in the document`);
    assert.ok(
      item[endpoint.method.toLowerCase()],
      `${name}: ${endpoint.method} ${endpoint.path} is not in the document`,
    );
  }
});

test("the issue filters (and the sparklines' statsPeriod) send only declared parameters and values", () => {
  const parameters = spec.paths[ENDPOINTS.listIssues.path]?.get?.parameters as
    | { name: string; schema?: { enum?: string[] } }[]
    | undefined;
  const declared = new Map(parameters?.map((p) => [p.name, p.schema]));
  const sent = filtersToApiQuery({
    status: 'resolved',
    release: 'r',
    environment: 'e',
    route: '/items/:id',
    category: 'timeout',
    text: 't',
    sort: 'count',
  });
  assert.equal(sent.getAll('tag').length, 2, 'route and category as two tag parameters');
  for (const [name, value] of sent) {
    assert.ok(declared.has(name), `query parameter ${name} is not declared`);
    const allowed = declared.get(name)?.enum;
    if (allowed) assert.ok(allowed.includes(value), `${name}=${value} is not one of ${allowed}`);
  }
});

/** Every field of the dashboard's `Issue`: a new field there fails to compile until listed. */
const ISSUE_FIELDS = {
  id: true,
  projectId: true,
  title: true,
  culprit: true,
  level: true,
  status: true,
  regressed: true,
  firstSeen: true,
  lastSeen: true,
  count: true,
  usersAffected: true,
  releases: true,
  environments: true,
  stats: true,
  ignoreUntil: true,
  snoozedAt: true,
  snoozeEndsAt: true,
  snoozeRemaining: true,
  unignoredReason: true,
  unignoredAt: true,
  mergedInto: true,
  assignee: true,
} satisfies Record<keyof Issue, true>;

test('the Issue schema declares every field the dashboard reads (stats among them)', () => {
  const properties = spec.components?.schemas?.Issue?.properties ?? {};
  for (const field of Object.keys(ISSUE_FIELDS))
    assert.ok(field in properties, `Issue.${field} is not in the document`);
});

test('the rates page sends only declared query parameters, with declared values', () => {
  const parameters = spec.paths[ENDPOINTS.rates.path]?.get?.parameters as
    | { name: string; schema?: { enum?: string[] } }[]
    | undefined;
  const declared = new Map(parameters?.map((p) => [p.name, p.schema]));
  const sent = ratesToApiQuery({ by: 'release', since: '7d', environment: 'e', release: 'r' }, 2);
  assert.equal(sent.get('project'), '2');
  for (const [name, value] of sent) {
    assert.ok(declared.has(name), `query parameter ${name} is not declared`);
    const allowed = declared.get(name)?.enum;
    if (allowed) assert.ok(allowed.includes(value), `${name}=${value} is not one of ${allowed}`);
  }
});

test("the releases page's project parameter is declared", () => {
  const parameters = spec.paths[ENDPOINTS.releases.path]?.get?.parameters ?? [];
  assert.ok(parameters.some((p) => p.name === 'project' && p.in === 'query'));
});

/** Every field of the dashboard's `Incident` beyond an event's, and of each of its matches. */
const INCIDENT_FIELDS = {
  matchedBy: true,
  ambiguous: true,
  matchCount: true,
  moreMatches: true,
  matches: true,
} satisfies Record<Exclude<keyof Incident, keyof EventRecord>, true>;
const INCIDENT_MATCH_FIELDS = {
  projectId: true,
  projectName: true,
  eventId: true,
  issueId: true,
  requestId: true,
  title: true,
  sdk: true,
  timestamp: true,
  receivedAt: true,
} satisfies Record<keyof IncidentMatch, true>;

test('the incident answer declares what the lookup reads; events and incidents take a project', () => {
  const schemas = spec.components?.schemas ?? {};
  const incident = (schemas.Incident as { allOf?: { properties?: Record<string, unknown> }[] }).allOf ?? [];
  const declared = Object.assign({}, ...incident.map((part) => part.properties ?? {}));
  for (const field of Object.keys(INCIDENT_FIELDS))
    assert.ok(field in declared, `Incident.${field} is not in the document`);
  for (const field of Object.keys(INCIDENT_MATCH_FIELDS))
    assert.ok(
      field in (schemas.IncidentMatch?.properties ?? {}),
      `IncidentMatch.${field} is not in the document`,
    );
  for (const endpoint of [ENDPOINTS.getEvent, ENDPOINTS.incident]) {
    const parameters = spec.paths[endpoint.path]?.get?.parameters ?? [];
    assert.ok(
      parameters.some((p) => p.name === 'project' && p.in === 'query'),
      `${endpoint.path} declares ?project`,
    );
  }
});

test("the first project of the collector's list is the dashboard's default project", async () => {
  const headers = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
  const created = await fetch(`${server.url}/api/v1/projects`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ name: 'second' }),
  });
  assert.equal(created.status, 201);
  const res = await fetch(`${server.url}/api/v1/projects`, { headers });
  const { items } = (await res.json()) as { items: Project[] };
  assert.equal(items.length, 2);
  assert.equal(items[0]?.id, DEFAULT_PROJECT_ID, 'the project made on first start comes first');
});

test('every operation refuses without a token or session (except logging in)', async () => {
  let checked = 0;
  for (const [template, item] of Object.entries(spec.paths)) {
    const path = template.replace(/\{(\w+)\}/g, (_, name: string) => SAMPLE_PARAMS[name] ?? 'x');
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation || (Array.isArray(operation.security) && operation.security.length === 0)) continue;
      const anonymous: Record<string, string>[] = [
        {},
        { cookie: 'faultline_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
      ];
      for (const headers of anonymous) {
        const res = await fetch(`${server.url}${path}`, {
          method: method.toUpperCase(),
          headers: { 'content-type': 'application/json', ...headers },
          ...(method === 'get' || method === 'delete' ? {} : { body: '{}' }),
        });
        assert.equal(res.status, 401, `${method.toUpperCase()} ${path}`);
      }
      checked++;
    }
  }
  assert.ok(checked >= 15, `only ${checked} operations checked`);
});
