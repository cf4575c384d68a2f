/** Links: in-app ones go through the controller (no page reload); outside ones only for http(s). */

import { html, nothing, type TemplateResult } from 'lit-html';
import { httpUrl } from '../api/safe-url.js';
import type { Actions } from '../app/controller.js';

export function appLink(actions: Actions, href: string, body: unknown, testId?: string): TemplateResult {
  const follow = (e: MouseEvent) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return; // new tab: let it be
    e.preventDefault();
    actions.navigate(href);
  };
  return html`<a href=${href} data-testid=${testId ?? nothing} @click=${follow}>${body}</a>`;
}

/** Event data as a link when it is an http(s) URL, as plain text otherwise. */
export function externalLink(value: string, text: string): TemplateResult {
  const href = httpUrl(value);
  return href
    ? html`<a href=${href} rel="noopener noreferrer" target="_blank">${text}</a>`
    : html`<span>${text}</span>`;
}
