/**
 * The whole story of an event (issue 19 §1) below its exception and request: breadcrumbs, the
 * user, contexts, extra, attachments and the raw JSON.
 */

import { html } from 'lit-html';
import { storyOf } from '../api/event-story.js';
import type { EventRecord } from '../api/types.js';
import type { AppState } from '../app/app-state.js';
import { attachmentsView } from './attachments-view.js';
import { breadcrumbsView } from './breadcrumbs-view.js';
import { contextsView } from './contexts-view.js';
import { extraView } from './extra-view.js';
import { rawJsonView } from './raw-json-view.js';
import { userView } from './user-view.js';

/** @example html`${chainView(chain)} ${eventStoryView(event, state)}` */
export function eventStoryView(event: EventRecord, state: AppState) {
  const story = storyOf(event.payload);
  return html`${breadcrumbsView(story.breadcrumbs)} ${userView(story.user)}
    ${contextsView(story.contexts)} ${extraView(story.extra)}
    ${attachmentsView(event, state.attachments)} ${rawJsonView(event)}`;
}
