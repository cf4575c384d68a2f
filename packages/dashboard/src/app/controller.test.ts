/**
 * The controller over a fake API (no DOM, no network): keyboard cursor and focus requests,
 * bulk status changes with a failure, the event pager across two pages, settings validation.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ApiClient } from '../api/client.js';
import type {
  EventRecord,
  EventSummary,
  Incident,
  IncidentMatch,
  Issue,
  IssueStatus,
  Page,
  Project,
  ProjectSettings,
} from '../api/types.js';
import { EVENTS_PAGE_SIZE } from '../limits.js';
import type { AppState } from './app-state.js';
import { createController } from './controller.js';
import { issuesHref } from './routes.js';

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
};

const issue = (id: number): Issue => ({
  id,
  projectId: 1,
  title: `Issue ${id}`,
  culprit: '',
  level: 'error',
  status: 'unresolved',
  regressed: false,
  firstSeen: '2026-01-01T00:00:00Z',
  lastSeen: '2026-01-01T00:00:00Z',
  count: 1,
  usersAffected: 0,
  releases: [],
  environments: [],
});

const summary = (n: number) => ({ eventId: `e${n}`, issueId: 7 }) as EventSummary;

function fakeApi(overrides: Partial<ApiClient> = {}) {
  const calls: string[] = [];
  const unused = (name: string) => () => Promise.reject(new Error(`${name} not expected`));
  const api: ApiClient = {
    login: unused('login'),
    session: async () => ({
      csrfToken: 'c',
      expiresAt: '',
      user: 'ada@example.com',
      scopes: ['admin'],
      projectId: null,
    }),
    logout: unused('logout'),
    listIssues: async () => ({ items: [issue(1), issue(2), issue(3)], nextCursor: null }),
    listIssuesAcross: async () => {
      calls.push('issues across');
      return { items: [issue(1), { ...issue(9), projectId: 2 }], nextCursor: null };
    },
    getIssue: async (id) => ({ ...issue(id), count: 60, latestEvent: null }),
    updateIssue: async (id, status: IssueStatus) => {
      calls.push(`update ${id} ${status}`);
      return issue(id);
    },
    deleteIssue: async (id, discard) => {
      calls.push(`delete ${id} discard=${discard}`);
    },
    mergeIssues: unused('mergeIssues'),
    unmergeIssue: unused('unmergeIssue'),
    issueFingerprints: async () => ({ items: [] }),
    assignIssue: unused('assignIssue'),
    listComments: async () => ({ items: [], nextCursor: null }),
    addComment: unused('addComment'),
    deleteComment: unused('deleteComment'),
    issueActivity: async () => ({ items: [], nextCursor: null }),
    listUsers: async () => ({ items: [] }),
    incident: unused('incident'),
    listKeys: async () => ({ items: [] }),
    createKey: unused('createKey'),
    listProjects: async () => ({ items: [] as Project[] }),
    createProject: unused('createProject'),
    updateProject: async (id, settings: Partial<ProjectSettings>) => {
      calls.push(`project ${id} ${JSON.stringify(settings)}`);
      return {} as Project;
    },
    discards: async () => ({ items: [] }),
    previewFingerprintRules: unused('previewFingerprintRules'),
    listEvents: unused('listEvents'),
    issueTags: async () => ({ items: [] }),
    getEvent: async (eventId) => ({ eventId, issueId: 7, payload: {} }) as unknown as EventRecord,
    listAttachments: async () => ({ items: [] }),
    rates: unused('rates'),
    releases: unused('releases'),
    trace: unused('trace'),
    listAlertRules: unused('listAlertRules'),
    createAlertRule: unused('createAlertRule'),
    updateAlertRule: unused('updateAlertRule'),
    deleteAlertRule: unused('deleteAlertRule'),
    testAlertRule: unused('testAlertRule'),
    alertEvaluations: unused('alertEvaluations'),
    alertDeliveries: unused('alertDeliveries'),
    redeliverAlert: unused('redeliverAlert'),
    projectAlerts: async () => ({ items: [] }),
    listSilences: async () => ({ items: [] }),
    createSilence: unused('createSilence'),
    expireSilence: unused('expireSilence'),
    gateVerdicts: unused('gateVerdicts'),
    releaseDetail: unused('releaseDetail'),
    alertIncidents: async () => ({ items: [] }),
    listTokens: async () => ({ items: [] }),
    createToken: unused('createToken'),
    revokeToken: unused('revokeToken'),
    ...overrides,
  };
  return { api, calls };
}

function start(api: ApiClient, path = '/issues') {
  const pushed: string[] = [];
  const env = {
    location: {
      pathname: path.split('?')[0] as string,
      search: path.includes('?') ? `?${path.split('?')[1]}` : '',
    },
    history: { pushState: (_d: unknown, _u: string, url: string) => void pushed.push(url) },
  };
  const controller = createController(api, env, () => undefined);
  return { controller, pushed };
}

test('keyboard: j moves the cursor and asks for focus once, x ticks, Enter opens', async () => {
  const { api } = fakeApi();
  const { controller, pushed } = start(api);
  await controller.start();
  await settle();
  const { actions } = controller;
  assert.equal(actions.key('next'), true);
  assert.equal(controller.state.cursor, 0);
  assert.equal(controller.takeFocusRequest(), 0);
  assert.equal(controller.takeFocusRequest(), undefined, 'focus is requested once');
  actions.key('next');
  actions.key('next');
  actions.key('next');
  assert.equal(controller.state.cursor, 2, 'clamped to the last row');
  actions.key('previous');
  assert.equal(actions.key('toggle'), true);
  assert.deepEqual(controller.state.selected, [2]);
  actions.key('open');
  assert.deepEqual(pushed, ['/issues/2']);
  assert.equal(controller.state.route.name, 'issue');
  assert.equal(actions.key('next'), false, 'no list on the issue page');
  assert.deepEqual(controller.state.selected, [], 'a new page starts with nothing ticked');
});

test('bulk: every ticked issue changes; what failed stays ticked and is named', async () => {
  const { api, calls } = fakeApi({
    updateIssue: async (id, status) => {
      if (id === 2) throw new Error('boom');
      calls.push(`update ${id} ${status}`);
      return issue(id);
    },
  });
  const { controller } = start(api);
  await controller.start();
  await settle();
  controller.actions.selectAll(true);
  assert.deepEqual(controller.state.selected, [1, 2, 3]);
  controller.actions.bulkSetStatus('ignored');
  assert.equal(controller.state.bulkBusy, true);
  await settle();
  assert.deepEqual(calls.sort(), ['update 1 ignored', 'update 3 ignored']);
  assert.equal(controller.state.bulkBusy, false);
  assert.deepEqual(controller.state.selected, [2]);
  assert.equal(controller.state.flash, '2 issues set to ignored');
  assert.match(controller.state.notice ?? '', /1 of 3 could not be changed: boom/);
});

test('pager: past the loaded page it loads the next one and keeps both while stepping', async () => {
  const pages: Record<string, Page<EventSummary>> = {
    first: { items: Array.from({ length: EVENTS_PAGE_SIZE }, (_, i) => summary(i)), nextCursor: 'c2' },
    c2: { items: [summary(50), summary(51)], nextCursor: null },
  };
  const listed: string[] = [];
  const { api } = fakeApi({
    listEvents: async (_issueId, cursor) => {
      listed.push(cursor ?? 'first');
      return pages[cursor ?? 'first'] as Page<EventSummary>;
    },
  });
  const { controller, pushed } = start(api, `/issues/7?event=e${EVENTS_PAGE_SIZE - 1}`);
  await controller.start();
  await settle();
  controller.actions.olderEvent();
  await settle();
  assert.deepEqual(listed, ['first', 'c2']);
  assert.deepEqual(pushed, ['/issues/7?event=e50']);
  assert.equal(controller.state.events.data?.items.length, 52, 'both pages kept after stepping');
  controller.actions.olderEvent();
  await settle();
  assert.deepEqual(pushed.at(-1), '/issues/7?event=e51');
  controller.actions.olderEvent();
  await settle();
  assert.equal(pushed.length, 2, 'no event older than the last');
  assert.deepEqual(listed, ['first', 'c2'], 'no reload while paging one issue');
});

test('event filter: a facet narrows the pager to its events, the URL keeps it, removing it widens again', async () => {
  const listed: string[] = [];
  const { api } = fakeApi({
    listEvents: async (_issueId, cursor, tag) => {
      listed.push(`${tag ? `${tag.key}:${tag.value}` : 'all'} ${cursor ?? 'first'}`);
      if (!tag) return { items: [summary(1), summary(2), summary(3)], nextCursor: null };
      return cursor
        ? { items: [summary(9)], nextCursor: null }
        : { items: [summary(2), summary(3)], nextCursor: 'more' };
    },
  });
  const { controller, pushed } = start(api, '/issues/7');
  await controller.start();
  await settle();
  controller.actions.filterEvents({ key: 'os', value: 'Linux 6' });
  await settle();
  assert.deepEqual(pushed, ['/issues/7?tag=os%3ALinux+6']);
  const route = controller.state.route;
  assert.equal(route.name === 'issue' && route.eventId, 'e2', 'the newest matching event is shown');
  assert.equal(controller.state.event.data?.eventId, 'e2');
  controller.actions.olderEvent();
  await settle();
  assert.equal(pushed.at(-1), '/issues/7?event=e3&tag=os%3ALinux+6', 'a pager step keeps the filter');
  controller.actions.olderEvent();
  await settle();
  assert.equal(pushed.at(-1), '/issues/7?event=e9&tag=os%3ALinux+6');
  assert.deepEqual(listed, ['all first', 'os:Linux 6 first', 'os:Linux 6 more']);
  controller.actions.filterEvents(undefined);
  await settle();
  assert.equal(pushed.at(-1), '/issues/7?event=e9', 'the event shown stays');
  assert.equal(listed.at(-1), 'all first', 'every event again');
});

test('settings: a bad rate limit is named and nothing is sent; a good form is sent parsed', async () => {
  const { api, calls } = fakeApi();
  const { controller } = start(api, '/settings');
  await controller.start();
  await settle();
  controller.actions.saveSettings(1, { allowedOrigins: '', rateLimitPerMinute: 'lots', scrubKeys: '' });
  assert.match(controller.state.notice ?? '', /rate limit/);
  assert.deepEqual(calls, []);
  controller.actions.saveSettings(1, {
    allowedOrigins: 'https://a.example\n',
    rateLimitPerMinute: '60',
    scrubKeys: 'ssn',
  });
  await settle();
  assert.deepEqual(calls, [
    'project 1 {"allowedOrigins":["https://a.example"],"rateLimitPerMinute":60,"scrubKeys":["ssn"]}',
  ]);
  assert.equal(controller.state.flash, 'Settings saved');
});

test('the issue list is requested alongside the session check, not after it', async () => {
  const order: string[] = [];
  let answerSession: (() => void) | undefined;
  const { api } = fakeApi({
    session: () =>
      new Promise((resolve) => {
        order.push('session asked');
        answerSession = () => {
          order.push('session answered');
          resolve({ csrfToken: 'c', expiresAt: '', user: null, scopes: ['admin'], projectId: null });
        };
      }),
    listIssues: async () => {
      order.push('issues asked');
      return { items: [issue(1)], nextCursor: null };
    },
  });
  const { controller } = start(api, '/issues?q=timeout');
  const started = controller.start();
  await settle();
  assert.deepEqual(order, ['issues asked', 'session asked'], 'both out before any answer');
  assert.equal(controller.state.auth, 'checking');
  answerSession?.();
  await started;
  await settle();
  assert.deepEqual(order, ['issues asked', 'session asked', 'session answered'], 'asked once');
  assert.equal(controller.state.auth, 'signed-in');
  assert.deepEqual(
    controller.state.issues.data?.items.map((i) => i.id),
    [1],
  );
});

test('all projects: the list reads every project at once and asks no DSN', async () => {
  const { api, calls } = fakeApi({
    listKeys: () => Promise.reject(new Error('listKeys not expected')),
    session: async () => ({ csrfToken: 'c', expiresAt: '', user: null, scopes: ['admin'], projectId: null }),
  });
  const { controller } = start(api, '/issues?project=all');
  await controller.start();
  await settle();
  assert.ok(calls.includes('issues across'));
  assert.deepEqual(
    controller.state.issues.data?.items.map((i) => [i.id, i.projectId]),
    [
      [1, 1],
      [9, 2],
    ],
  );
  assert.equal(controller.state.keys.fetchStatus, 'idle', 'no project, no DSN to show');
});

test('without a session the early list answer is dropped; logging in asks again', async () => {
  let asked = 0;
  const { api } = fakeApi({
    session: async () => undefined,
    login: async () => ({ csrfToken: 'c', expiresAt: '', user: null, scopes: ['admin'], projectId: null }),
    listIssues: async () => {
      asked++;
      if (asked === 1) throw new Error('401 Unauthorized');
      return { items: [issue(4)], nextCursor: null };
    },
  });
  const { controller } = start(api);
  await controller.start();
  await settle();
  assert.equal(controller.state.auth, 'signed-out');
  assert.equal(controller.state.issues.status, 'pending');
  assert.equal(controller.state.issues.fetchStatus, 'idle', 'nothing shown as loading');
  assert.equal(controller.state.login.error, undefined, "the list's 401 is not the login's error");
  controller.actions.login({ token: 't' });
  await settle();
  assert.equal(asked, 2);
  const after: AppState = controller.state;
  assert.deepEqual(
    after.issues.data?.items.map((i) => i.id),
    [4],
  );
});

test('other pages do not ask for the issue list on start', async () => {
  let asked = 0;
  const { api } = fakeApi({
    listIssues: async () => {
      asked++;
      return { items: [], nextCursor: null };
    },
  });
  const { controller } = start(api, '/settings');
  await controller.start();
  await settle();
  assert.equal(asked, 0);
});

test("project: the URL's project is the one listed and whose DSN the empty state shows", async () => {
  const asked: string[] = [];
  const { api } = fakeApi({
    listIssues: async (projectId, filters) => {
      asked.push(`issues ${projectId} ${JSON.stringify(filters)}`);
      return { items: [], nextCursor: null };
    },
    listKeys: async (projectId) => {
      asked.push(`keys ${projectId}`);
      return { items: [{ publicKey: 'k', projectId, enabled: true, dsn: `http://k@h/${projectId}` }] };
    },
  });
  const { controller } = start(api, '/issues?project=2&category=timeout');
  await controller.start();
  await settle();
  assert.deepEqual(asked, ['issues 2 {"status":"unresolved","category":"timeout"}', 'keys 2']);
  assert.equal(controller.state.project, 2);
  assert.equal(controller.state.keys.data?.items[0]?.dsn, 'http://k@h/2');

  const { controller: plain } = start(api, '/issues');
  asked.length = 0;
  await plain.start();
  await settle();
  assert.deepEqual(asked, ['issues 1 {"status":"unresolved"}', 'keys 1'], 'the first project by default');
  assert.equal(plain.state.project, 1);
});

test('picking a project keeps the filters, puts it in the URL, and reloads the list and the DSN', async () => {
  const asked: string[] = [];
  let answerKeys: ((projectId: number) => void) | undefined;
  const { api } = fakeApi({
    listIssues: async (projectId) => {
      asked.push(`issues ${projectId}`);
      return { items: [issue(projectId * 10)], nextCursor: null };
    },
    listKeys: (projectId) =>
      new Promise((resolve) => {
        asked.push(`keys ${projectId}`);
        answerKeys = (p) =>
          resolve({ items: [{ publicKey: 'k', projectId: p, enabled: true, dsn: `dsn-${p}` }] });
      }),
    listProjects: async () => ({
      items: [{ id: 1, name: 'default' } as Project, { id: 2, name: 'billing' } as Project],
    }),
  });
  const { controller, pushed } = start(api, '/issues?q=boom');
  await controller.start();
  answerKeys?.(1);
  await settle();
  assert.deepEqual(
    controller.state.projects.data?.items.map((p) => p.id),
    [1, 2],
    'the selector lists every project',
  );
  assert.equal(controller.state.keys.data?.items[0]?.dsn, 'dsn-1');

  controller.actions.selectProject(2);
  assert.deepEqual(pushed, ['/issues?project=2&q=boom']);
  assert.equal(controller.state.project, 2);
  assert.equal(controller.state.keys.data, undefined, "project 1's DSN is not shown as project 2's");
  answerKeys?.(2);
  await settle();
  assert.deepEqual(asked, ['issues 1', 'keys 1', 'issues 2', 'keys 2']);
  const after: AppState = controller.state;
  assert.deepEqual(
    after.issues.data?.items.map((i) => i.id),
    [20],
  );
  assert.equal(after.keys.data?.items[0]?.dsn, 'dsn-2');

  controller.actions.setFilters({ status: 'resolved', route: '/a' });
  assert.equal(pushed.at(-1), '/issues?project=2&status=resolved&route=%2Fa', 'the filters keep the project');
  await settle();
  assert.deepEqual(asked.slice(4), ['issues 2'], "the same project's DSN is not asked again");

  controller.actions.selectProject(1);
  assert.equal(pushed.at(-1), '/issues?status=resolved&route=%2Fa', 'the first project needs no project=');
  assert.equal(controller.state.project, 1);
});

test("rates and releases ask for the URL's project; an issue page shows its issue's project", async () => {
  const asked: string[] = [];
  const { api } = fakeApi({
    rates: async (view, projectId) => {
      asked.push(`rates ${view.by} ${projectId}`);
      return { by: view.by, since: '', until: '', bucketSeconds: 60, series: [] };
    },
    releases: async (projectId) => {
      asked.push(`releases ${projectId}`);
      return { items: [] };
    },
    getIssue: async (id) => ({ ...issue(id), projectId: 4, latestEvent: null }),
    listEvents: async () => ({ items: [], nextCursor: null }),
  });
  const { controller, pushed } = start(api, '/rates?project=3&by=release');
  await controller.start();
  await settle();
  controller.actions.setRatesView({ by: 'release', since: '7d' });
  assert.equal(pushed.at(-1), '/rates?project=3&by=release&since=7d');
  controller.actions.navigate('/releases?project=3');
  await settle();
  controller.actions.navigate('/releases');
  await settle();
  assert.deepEqual(asked, ['rates release 3', 'rates release 3', 'releases 3', 'releases 1']);

  controller.actions.navigate('/issues/12');
  assert.equal(controller.state.project, 1, 'until the issue has loaded, the project shown before');
  await settle();
  assert.equal(controller.state.project, 4);
  controller.actions.selectProject(2);
  assert.equal(pushed.at(-1), '/issues?project=2', "from an issue page: that project's list");
});

test('the project list is asked once after sign-in; the settings page asks for it itself', async () => {
  let listed = 0;
  const { api } = fakeApi({
    listProjects: async () => {
      listed++;
      return { items: [{ id: 1, name: 'default' } as Project] };
    },
  });
  const { controller } = start(api, '/issues');
  await controller.start();
  await settle();
  controller.actions.navigate('/issues?q=x');
  await settle();
  assert.equal(listed, 1);
  const { controller: settings } = start(api, '/settings');
  await settings.start();
  await settle();
  assert.equal(listed, 2, 'once more for the settings page, not twice');
});

const incidentMatch = (projectId: number, eventId: string, sdk: string): IncidentMatch => ({
  projectId,
  projectName: `p${projectId}`,
  eventId,
  issueId: projectId * 10,
  requestId: 'req-42',
  title: `Error in ${projectId}`,
  sdk: { name: sdk, version: '1' },
  timestamp: '2026-01-01T00:00:00Z',
  receivedAt: '2026-01-01T00:00:00Z',
});

function incident(matches: IncidentMatch[]): Incident {
  const [first] = matches as [IncidentMatch];
  return {
    ...({ eventId: first.eventId, issueId: first.issueId, payload: {} } as unknown as EventRecord),
    matchedBy: 'requestId',
    ambiguous: matches.length > 1,
    matchCount: matches.length,
    moreMatches: false,
    matches,
  };
}

test('an incident id that several events carry lists them with project and SDK; none is opened', async () => {
  const matches = [
    incidentMatch(1, 'a1', 'faultline.server'),
    incidentMatch(2, 'b2', 'sentry.javascript.browser'),
  ];
  const { api } = fakeApi({ incident: async () => incident(matches) });
  const { controller, pushed } = start(api);
  await controller.start();
  await settle();
  controller.actions.lookup(' req-42 ');
  await settle();
  assert.deepEqual(pushed, [], 'no event is opened for the user');
  assert.deepEqual(controller.state.lookup.matches, { id: 'req-42', items: matches, more: false });
  controller.actions.navigate('/issues/20?event=b2');
  await settle();
  assert.equal(controller.state.lookup.matches, undefined, 'choosing one closes the list');
});

test('an incident id with one event opens it', async () => {
  const { api } = fakeApi({ incident: async () => incident([incidentMatch(1, 'a1', 'faultline.server')]) });
  const { controller, pushed } = start(api);
  await controller.start();
  await settle();
  controller.actions.lookup('req-42');
  await settle();
  assert.deepEqual(pushed, ['/issues/10?event=a1']);
  assert.equal(controller.state.lookup.matches, undefined);
});

test('a sampled request id lists its occurrence with the full event it is like, and opens nothing', async () => {
  const sampled = [
    {
      projectId: 1,
      projectName: 'shop',
      requestId: 'req-77',
      method: 'GET',
      route: '/boom',
      status: 500,
      timestamp: '2026-12-07T15:00:01.000Z',
      likeEventId: 'a1',
      like: { eventId: 'a1', issueId: 10, title: 'Error: boom' },
      likeCount: 190,
      likeFirstAt: '2026-12-07T15:00:00.500Z',
    },
  ];
  const { api } = fakeApi({
    incident: async () => ({
      matchedBy: 'sampled',
      ambiguous: false,
      matchCount: 1,
      moreMatches: false,
      sampled,
    }),
  });
  const { controller, pushed } = start(api);
  await controller.start();
  await settle();
  controller.actions.lookup('req-77');
  await settle();
  assert.deepEqual(pushed, []);
  assert.deepEqual(controller.state.lookup.sampled, sampled);
  controller.actions.navigate('/issues/10?event=a1');
  await settle();
  assert.equal(controller.state.lookup.sampled, undefined, 'following the link closes the list');
});

test("an event id copied into another project: the issue page shows its own project's event", async () => {
  const asked: string[] = [];
  const { api } = fakeApi({
    getIssue: async (id) => ({ ...issue(id), projectId: 3, latestEvent: null }),
    getEvent: async (eventId, projectId) => {
      asked.push(`${eventId} ${projectId ?? 'any'}`);
      // The newest event with this id is a copy in another project, of another issue.
      const issueId = projectId === 3 ? 7 : 99;
      return { eventId, issueId, payload: { message: `of issue ${issueId}` } } as unknown as EventRecord;
    },
    listEvents: async () => ({ items: [], nextCursor: null }),
  });
  const { controller } = start(api, '/issues/7?event=abc');
  await controller.start();
  await settle();
  assert.deepEqual(asked, ['abc any', 'abc 3']);
  assert.equal(controller.state.event.data?.issueId, 7);
});

test("attachments: asked once per shown event, with the event's project: the latest, then a pager step", async () => {
  const asked: string[] = [];
  const latest = { eventId: 'e0', issueId: 7, projectId: 3, payload: {} } as unknown as EventRecord;
  const { api } = fakeApi({
    getIssue: async (id) => ({ ...issue(id), projectId: 3, latestEvent: latest }),
    getEvent: async (eventId) =>
      ({ eventId, issueId: 7, projectId: 3, payload: {} }) as unknown as EventRecord,
    listEvents: async () => ({ items: [summary(0), summary(1)], nextCursor: null }),
    listAttachments: async (eventId, projectId) => {
      asked.push(`${eventId} ${projectId}`);
      return { items: [] };
    },
  });
  const { controller } = start(api, '/issues/7');
  await controller.start();
  await settle();
  assert.deepEqual(asked, ['e0 3']);
  assert.equal(controller.state.attachments.data?.eventId, 'e0');
  controller.actions.olderEvent();
  await settle();
  assert.deepEqual(asked, ['e0 3', 'e1 3'], 'the pager step’s event, once');
  assert.equal(controller.state.attachments.data?.eventId, 'e1');
  await controller.actions.setStatus(7, 'resolved');
  await settle();
  assert.deepEqual(asked, ['e0 3', 'e1 3'], 'a refresh of the same event asks nothing again');
});

test('delete: asked first; Cancel deletes nothing; Delete with discard deletes and leaves for the list', async () => {
  const { api, calls } = fakeApi();
  const { controller, pushed } = start(api, '/issues/7');
  await controller.start();
  await settle();
  const { actions } = controller;
  actions.askDeleteIssue(7);
  assert.equal(controller.state.issueUi.confirmDelete, 7);
  assert.equal(controller.state.issueUi.discard, false, 'discard starts unticked');
  actions.confirmDeleteIssue(false);
  await settle();
  assert.equal(controller.state.issueUi.confirmDelete, undefined);
  assert.deepEqual(calls, []);
  actions.askDeleteIssue(7);
  actions.setDiscard(true);
  actions.confirmDeleteIssue(true);
  await settle();
  assert.deepEqual(calls, ['delete 7 discard=true']);
  assert.equal(controller.state.issueUi.confirmDelete, undefined);
  assert.equal(pushed.at(-1), issuesHref({ status: 'unresolved' }), 'the list of unresolved issues');
  assert.equal(controller.state.flash, 'Issue deleted; its future events are discarded');
});

test('snooze: the preset’s condition is sent with ignored', async () => {
  const sent: unknown[] = [];
  const { api } = fakeApi({
    updateIssue: async (id, status, ignoreUntil) => {
      sent.push({ id, status, ignoreUntil });
      return issue(id);
    },
  });
  const { controller } = start(api, '/issues/7');
  await controller.start();
  await settle();
  controller.actions.snoozeIssue(7, 'events10');
  controller.actions.snoozeIssue(7, 'forever');
  await settle();
  assert.deepEqual(sent, [
    { id: 7, status: 'ignored', ignoreUntil: { count: 10 } },
    { id: 7, status: 'ignored', ignoreUntil: undefined },
  ]);
});
