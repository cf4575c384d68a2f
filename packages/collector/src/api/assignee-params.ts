/**
 * Who an issue is assigned to, as the API takes it (issue 19 §4): PATCH's `assignee` (an email or
 * null) and the issue lists' `?assigned=me|none|<email>`. A user is named by email; "me" is the
 * user logged in with a password, which a token is not.
 */

import type { IncomingMessage } from 'node:http';
import { badRequest } from '@faultline/core';
import { MAX_EMAIL_LENGTH } from '../limits.js';
import type { Store } from '../store/index.js';
import { callerUser } from './request-caller.js';

/**
 * PATCH's `assignee`: undefined when absent, null to unassign, else the email.
 * @throws HttpError 400 for anything but a non-empty string of at most 254 characters or null
 * @example assigneeField(body.assignee) // 'dev@example.com'
 */
export function assigneeField(value: unknown): string | null | undefined {
  if (value === undefined || value === null) return value;
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_EMAIL_LENGTH)
    throw badRequest(`assignee must be a user's email (at most ${MAX_EMAIL_LENGTH} characters) or null`);
  return value;
}

/**
 * The user id an `?assigned=` filter names: `{}` without one, `null` for `none`.
 * @throws HttpError 400 for `me` asked by a token, or an email no user has
 * @example await assignedFilter(store, url.searchParams, req) // { assigneeUserId: 3 }
 */
export async function assignedFilter(
  store: Pick<Store, 'findUserByEmail'>,
  q: URLSearchParams,
  req: IncomingMessage,
): Promise<{ assigneeUserId?: number | null }> {
  const raw = q.get('assigned');
  if (raw === null || raw === '') return {};
  if (raw === 'none') return { assigneeUserId: null };
  let email = raw;
  if (raw === 'me') {
    const me = callerUser(req);
    if (me === undefined)
      throw badRequest(
        'assigned=me needs a user logged in with a password; a token is no user: name the user by email instead',
      );
    email = me;
  }
  if (email.length > MAX_EMAIL_LENGTH) throw badRequest(`assigned must be me, none or a user's email`);
  const user = await store.findUserByEmail(email);
  if (user === undefined) throw badRequest(`assigned names no user: ${JSON.stringify(email)}`);
  return { assigneeUserId: user.id };
}
