/**
 * The one way a page says a read failed: a short sentence (api/failure.ts), a **Try again**
 * button that asks for the page's data again, and the detail (HTTP status, `FL_` code, the
 * collector's words) small under it. Raw API text never stands in for the sentence.
 */

import { html, nothing, type TemplateResult } from 'lit-html';
import { failureWords } from '../api/failure.js';
import type { QueryState } from '../api/query-state.js';
import type { Actions } from '../app/controller.js';

/**
 * Renders nothing unless `query` failed.
 * @example html`${loadFailure(state.issues, 'the issues', actions)}`
 */
export function loadFailure(
  query: QueryState<unknown>,
  what: string,
  actions: Pick<Actions, 'retry'>,
): TemplateResult | typeof nothing {
  if (query.status !== 'error') return nothing;
  const { sentence, detail } = failureWords(query.failure ?? { detail: query.error }, what);
  const retrying = query.fetchStatus === 'fetching';
  return html`<div class="load-error" role="alert" data-testid="load-error">
    <p class="load-error-message">${sentence}</p>
    <button type="button" data-testid="retry" ?disabled=${retrying} @click=${() => actions.retry()}>
      ${retrying ? 'Trying again…' : 'Try again'}
    </button>
    <small class="load-error-detail" data-testid="load-error-detail">${detail}</small>
  </div>`;
}
