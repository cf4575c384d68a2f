import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { IssueWithEvent } from '../api/types.js';
import {
  DEFAULT_PROJECT_ID,
  linkProject,
  projectHref,
  routeProject,
  shownProject,
} from './current-project.js';
import { ALL_PROJECTS, parseRoute } from './routes.js';

const route = (href: string) => {
  const url = new URL(href, 'http://x.invalid');
  return parseRoute(url.pathname, url.search);
};
const issueOf = (id: number, projectId: number) => ({ id, projectId }) as IssueWithEvent;

test('the URL names the project; without project= it is the first one', () => {
  assert.equal(routeProject(route('/issues?project=2')), 2);
  assert.equal(routeProject(route('/issues')), DEFAULT_PROJECT_ID);
  assert.equal(routeProject(route('/rates?project=3&by=release')), 3);
  assert.equal(routeProject(route('/releases')), DEFAULT_PROJECT_ID);
  assert.equal(routeProject(route('/settings?project=4')), 4);
  assert.equal(routeProject(route('/issues/9')), undefined, 'an issue page has none in its URL');
});

test("the project shown: the route's, the issue's on its page, else the one before", () => {
  assert.equal(shownProject(route('/issues?project=2'), undefined, 5), 2);
  assert.equal(shownProject(route('/issues/9'), undefined, 5), 5, 'the issue has not loaded yet');
  assert.equal(
    shownProject(route('/issues/9'), issueOf(8, 3), 5),
    5,
    "another issue's data is not this one's",
  );
  assert.equal(shownProject(route('/issues/9'), issueOf(9, 3), 5), 3);
  assert.equal(shownProject(route(`/traces/${'a'.repeat(32)}`), issueOf(9, 3), 5), 5);
});

test('links carry the project except the first one; picking one keeps the page', () => {
  assert.equal(linkProject(DEFAULT_PROJECT_ID), undefined);
  assert.equal(linkProject(2), 2);
  assert.equal(
    projectHref(route('/issues?q=boom&category=timeout&route=%2Fa'), 2),
    '/issues?project=2&route=%2Fa&category=timeout&q=boom',
    'filters kept',
  );
  assert.equal(projectHref(route('/issues?project=2&q=boom'), DEFAULT_PROJECT_ID), '/issues?q=boom');
  assert.equal(projectHref(route('/rates?by=release&since=7d'), 2), '/rates?project=2&by=release&since=7d');
  assert.equal(projectHref(route('/releases'), 2), '/releases?project=2');
  assert.equal(projectHref(route('/settings?project=2'), 3), '/settings?project=3');
  // A rule belongs to one project: another project's Alerts page shows no rule picked.
  assert.equal(projectHref(route('/alerts?project=2&rule=7'), 3), '/alerts?project=3');
  assert.equal(
    projectHref(route('/issues/9?event=abc'), 2),
    '/issues?project=2',
    "an issue page: the project's list",
  );
  assert.equal(projectHref(route('/nowhere'), DEFAULT_PROJECT_ID), '/issues');
});

test('"all projects" is the issue list of every project, and only the issue list', () => {
  assert.equal(route('/issues?project=all&q=boom').name, 'issues');
  assert.equal((route('/issues?project=all') as { projectId?: number }).projectId, ALL_PROJECTS);
  assert.equal((route('/rates?project=all') as { projectId?: number }).projectId, undefined);
  assert.equal(projectHref(route('/issues?q=boom'), ALL_PROJECTS), '/issues?project=all&q=boom');
  assert.equal(projectHref(route('/rates?by=release'), ALL_PROJECTS), '/issues?project=all');
  assert.equal(projectHref(route('/issues?project=all&q=boom'), 2), '/issues?project=2&q=boom');
});
