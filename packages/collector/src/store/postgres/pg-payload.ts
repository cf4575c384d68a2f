/**
 * PostgreSQL's reads of an event's stored JSON payload (sql/event-filter.ts): its tags and the
 * texts an event search looks in. The payload column is text, parsed once per row and
 * predicate as `json`: `jsonb` would build a binary copy of the whole event only to read a few
 * fields of it. Both tag forms an SDK may send (an object, or a list of `[key, value]` pairs)
 * are read.
 */

/** True when `events.payload` carries tag `?` with value `?` (parameters: key, value). */
export const PG_PAYLOAD_TAG =
  "EXISTS (SELECT 1 FROM (SELECT events.payload::json -> 'tags' AS tags) j CROSS JOIN LATERAL (" +
  "SELECT t.key AS k, t.value #>> '{}' AS v FROM json_each(CASE WHEN json_typeof(j.tags) = 'object' " +
  'THEN j.tags END) t UNION ALL ' +
  "SELECT e.value ->> 0, e.value ->> 1 FROM json_array_elements(CASE WHEN json_typeof(j.tags) = 'array' " +
  'THEN j.tags END) e) kv WHERE kv.k = ? AND kv.v = ?)';

/** The message (a string or Sentry's `{formatted, message}`), the logentry and every exception
 * value of `events.payload`, one per line. */
export const PG_PAYLOAD_TEXTS =
  '(SELECT concat_ws(chr(10), ' +
  "CASE WHEN json_typeof(j.p -> 'message') = 'string' THEN j.p ->> 'message' END, " +
  "j.p #>> '{message,formatted}', j.p #>> '{message,message}', " +
  "j.p #>> '{logentry,formatted}', j.p #>> '{logentry,message}', " +
  "(SELECT string_agg(x.value ->> 'value', chr(10)) FROM json_array_elements(" +
  "CASE WHEN json_typeof(j.p #> '{exception,values}') = 'array' THEN j.p #> '{exception,values}' END) x)) " +
  'FROM (SELECT events.payload::json AS p) j)';
