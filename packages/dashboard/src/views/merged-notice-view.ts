/**
 * The page of an issue that a merge emptied: it keeps its id (old links, alerts and comments
 * point to it), but its events, counts and later events are the target's, so the page says where
 * they went and links there instead of showing an empty issue.
 */

import { html, nothing } from 'lit-html';
import type { Issue } from '../api/types.js';
import type { Actions } from '../app/controller.js';
import { appLink } from './link.js';

/** @example mergedNoticeView(actions, issue) // nothing unless issue.mergedInto is set */
export function mergedNoticeView(actions: Actions, issue: Pick<Issue, 'mergedInto'>) {
  const target = issue.mergedInto;
  if (target === null || target === undefined) return nothing;
  return html`<p class="notice" role="status" data-testid="merged-notice">
    This issue was merged into ${appLink(actions, `/issues/${target}`, `issue #${target}`, 'merged-target')}: its
    events, counts and later events are there.
  </p>`;
}
