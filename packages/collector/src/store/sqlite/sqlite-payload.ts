/**
 * SQLite's reads of an event's stored JSON payload (sql/event-filter.ts): its tags and the
 * texts an event search looks in. The payload is kept as the SDK sent it, so both tag forms
 * (an object, or a list of `[key, value]` pairs) are read.
 */

/** A boolean tag is the text `true`/`false`, as digest records it (digest/tags.ts). */
const scalarText = (type: string, value: string) =>
  `CASE ${type} WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(${value} AS TEXT) END`;

/** True when `events.payload` carries tag `?` with value `?` (parameters: key, value). */
export const SQLITE_PAYLOAD_TAG =
  "EXISTS (SELECT 1 FROM json_each(events.payload, '$.tags') t WHERE " +
  "(CASE WHEN t.type = 'array' THEN json_extract(t.value, '$[0]') ELSE t.key END) = ? AND " +
  `(CASE WHEN t.type = 'array' THEN ${scalarText("json_type(t.value, '$[1]')", "json_extract(t.value, '$[1]')")} ` +
  `ELSE ${scalarText('t.type', 't.value')} END) = ?)`;

/** The message (a string or Sentry's `{formatted, message}`), the logentry and every exception
 * value of `events.payload`, one per line. */
export const SQLITE_PAYLOAD_TEXTS =
  "coalesce(CASE json_type(events.payload, '$.message') WHEN 'text' " +
  "THEN json_extract(events.payload, '$.message') END, '') || char(10) || " +
  ['$.message.formatted', '$.message.message', '$.logentry.formatted', '$.logentry.message']
    .map((path) => `coalesce(CAST(json_extract(events.payload, '${path}') AS TEXT), '') || char(10) || `)
    .join('') +
  "coalesce((SELECT group_concat(CASE x.type WHEN 'object' THEN json_extract(x.value, '$.value') END, " +
  "char(10)) FROM json_each(events.payload, '$.exception.values') x), '')";
