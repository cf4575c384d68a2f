/** What the read API's handlers share: a handler that answers JSON, and 404 for what is absent. */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest, notFound } from '@faultline/core';
import { sendJson } from '../http/json.js';
import type { Handler, Params } from '../http/router.js';

/** A handler's work: the request in, the JSON to answer out (thrown errors take the one error path). */
export type JsonWork = (params: Params, url: URL, req: IncomingMessage) => Promise<unknown>;

/**
 * @example router.on('GET', '/api/v1/projects', 'project:read', jsonRoute(200, async () => ({ items: await store.listProjects() })))
 */
export function jsonRoute(status: number, work: JsonWork): Handler {
  return async (req: IncomingMessage, res: ServerResponse, params: Params, url: URL) =>
    sendJson(res, status, await work(params, url, req));
}

/**
 * @throws HttpError 404 `<what> not found` when `value` is undefined
 * @example const issue = found(await store.getIssue(id), 'issue')
 */
export function found<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw notFound(`${what} not found`);
  return value;
}

/**
 * @throws HttpError 400 `body must be a JSON object` for anything else (an array, null, a string)
 * @example const body = objectBody(await readJson(req))
 */
export function objectBody(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw badRequest('body must be a JSON object');
  return body as Record<string, unknown>;
}
