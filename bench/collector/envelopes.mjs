// Gzipped event envelopes exactly as @sentry/node serialises them (its own createEventEnvelope
// and serializeEnvelope from @sentry/core, the SDK's dependency), the ingest URL it posts to
// (`/api/<project>/envelope/?sentry_version=7&sentry_key=…&sentry_client=…`), and the same
// events parsed back, for the store-only measurements. Every body has its own event id, so a
// collector stores each one (a duplicate would be a cheap `ON CONFLICT DO NOTHING`).
//
// Note: @sentry/node itself gzips only bodies over 32 KiB (transports/http.js GZIP_THRESHOLD);
// the bench gzips both sizes, as the issue asks and as browser and other SDKs' transports do.
import { gzipSync } from 'node:zlib';
import {
  createEventEnvelope,
  getEnvelopeEndpointWithUrlEncodedAuth,
  makeDsn,
  serializeEnvelope,
} from '@sentry/core';
import { rng } from '../shared/rng.mjs';
import { sentryNodeSdk } from '../shared/sentry-node-shape.mjs';
import { makeEvent } from './sentry-event.mjs';

const SDK = sentryNodeSdk();

/** The path and query the SDK posts envelopes to, for a DSN. */
export function ingestPath(dsn) {
  const url = new URL(getEnvelopeEndpointWithUrlEncodedAuth(makeDsn(dsn), undefined, SDK));
  return url.pathname + url.search;
}

export const INGEST_HEADERS = {
  'content-type': 'application/x-sentry-envelope',
  'content-encoding': 'gzip',
  'user-agent': `${SDK.name}/${SDK.version}`,
};

let poolCount = 0;
/** Stands for the event id in a template (32 characters, replaced by 32 hex). */
const PLACEHOLDER = '@@@@event-id-placeholder-32@@@@@';
/** Distinct events per pool; bodies cycle through them with fresh ids. */
const TEMPLATES = 64;
/** What the envelope adds to the event's JSON (`sdk`), so `targetBytes` is the item's size. */
const SDK_BYTES = JSON.stringify({ sdk: SDK }).length;

/**
 * Distinct envelope bodies of about `targetBytes` of event JSON, made on demand (off the clock).
 * TEMPLATES different events (issues, stacks, breadcrumbs, users, releases), each body one of
 * them with its own event id, serialised and gzipped on its own.
 */
export class BodyPool {
  #templates = [];
  #prefix;
  #made = 0;
  #bodies = [];
  #next = 0;
  /** Bodies made, and their total JSON and gzip bytes. */
  count = 0;
  jsonBytes = 0;
  gzipBytes = 0;
  /** Bodies handed out again after the pool ran dry (duplicate event ids). */
  reused = 0;

  constructor({ dsn, targetBytes, seed = 1 }) {
    const r = rng(seed * 7919 + targetBytes);
    for (let i = 0; i < TEMPLATES; i++) {
      const event = makeEvent(r, { eventId: PLACEHOLDER, targetBytes: targetBytes - SDK_BYTES });
      this.#templates.push(serializeEnvelope(createEventEnvelope(event, makeDsn(dsn), { sdk: SDK })));
    }
    this.#prefix = (process.pid * 1000 + ++poolCount).toString(16).padStart(8, '0').slice(-8);
  }

  /** The next serialised envelope (text): a template with a new event id. */
  envelope() {
    const i = this.#made++;
    const id = this.#prefix + i.toString(16).padStart(24, '0');
    return this.#templates[i % TEMPLATES].replaceAll(PLACEHOLDER, id);
  }

  /** Makes sure at least `n` unused bodies are ready. */
  ensure(n) {
    while (this.#bodies.length - this.#next < n) {
      const text = this.envelope();
      const body = gzipSync(text);
      this.count++;
      this.jsonBytes += Buffer.byteLength(text);
      this.gzipBytes += body.length;
      this.#bodies.push(body);
    }
    return this;
  }

  /** Drops used bodies (frees memory) and keeps the unused ones. */
  compact() {
    this.#bodies = this.#bodies.slice(this.#next);
    this.#next = 0;
  }

  /** The next unused body; when none is left, an old one again (counted in `reused`). */
  next() {
    if (this.#next < this.#bodies.length) return this.#bodies[this.#next++];
    this.reused++;
    return this.#bodies[this.reused % this.#bodies.length];
  }

  /** Mean body size, JSON and gzipped. */
  get mean() {
    return { json: this.jsonBytes / Math.max(1, this.count), gzip: this.gzipBytes / Math.max(1, this.count) };
  }
}

/** `n` events as ingest would parse them from the same envelopes (the event item's JSON). */
export function parsedEvents(n, { dsn, targetBytes, seed = 2 }) {
  const pool = new BodyPool({ dsn, targetBytes, seed });
  const events = [];
  for (let i = 0; i < n; i++) {
    const [, , payload] = pool.envelope().split('\n');
    events.push(JSON.parse(payload));
  }
  return events;
}
