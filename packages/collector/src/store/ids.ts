/**
 * Branded ids (house style 6): a project id, an issue id and an event id are all plain
 * numbers or strings on the wire, and mixing them up compiles silently without a brand.
 */

declare const brand: unique symbol;
type Brand<T, B extends string> = T & { readonly [brand]: B };

/** A project's decimal id (the `1` in `/api/1/envelope/`). */
export type ProjectId = Brand<number, 'ProjectId'>;
/** An issue's decimal id. */
export type IssueId = Brand<number, 'IssueId'>;
/** An event id: 32 lower-case hex digits (sentry-protocol.md §4.1). */
export type EventId = Brand<string, 'EventId'>;

/**
 * Brands a number read from a URL or a batch as a project id.
 * @example store.getProject(asProjectId(Number(params.id)))
 */
export function asProjectId(id: number): ProjectId {
  return id as ProjectId;
}

/**
 * Brands a number as an issue id.
 * @example store.getIssue(asIssueId(42))
 */
export function asIssueId(id: number): IssueId {
  return id as IssueId;
}

/**
 * Brands an event id, normalizing a UUID with dashes or upper case to 32 lower-case hex.
 * @example asEventId('9F2C...-...') // '9f2c...'
 */
export function asEventId(id: string): EventId {
  return id.replaceAll('-', '').toLowerCase() as EventId;
}
