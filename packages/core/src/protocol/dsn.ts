/**
 * The DSN: `{scheme}://{public_key}[:{secret}]@{host}[:{port}]{path_prefix}/{project_id}`
 * (https://develop.sentry.dev/sdk/overview/#parsing-the-dsn ; sentry-protocol.md §1). The
 * reporter reads it to know where to send; the collector reads the one an envelope header
 * carries to authenticate it. One parser, so both sides agree on what a DSN is.
 */

import { ParseError } from '../errors.js';

/** A public key is an opaque token; anything longer or with other characters is not one. */
export const PUBLIC_KEY_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

/** The parts of a DSN. */
export interface Dsn {
  /** `http:` or `https:`. */
  protocol: string;
  /** `host[:port]`. */
  host: string;
  publicKey: string;
  /** The legacy secret key, when the DSN has one; never sent by Faultline. */
  secretKey?: string;
  /** The path before the project id, without a trailing slash ('' or '/sentry'). */
  pathPrefix: string;
  projectId: string;
}

/**
 * Parses a DSN; throws ParseError saying what is wrong.
 * @example parseDsn('https://abc@errors.example.com/sentry/42').projectId // '42'
 */
export function parseDsn(dsn: string): Dsn {
  let url: URL;
  try {
    url = new URL(dsn);
  } catch (cause) {
    throw new ParseError('dsn is not a URL', { cause });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ParseError(`dsn scheme ${url.protocol} is not http: or https:`);
  const segments = url.pathname.split('/');
  const projectId = segments.pop() ?? '';
  let publicKey: string;
  try {
    publicKey = decodeURIComponent(url.username);
  } catch (cause) {
    throw new ParseError('dsn public key is not valid percent-encoding', { cause });
  }
  if (publicKey === '' || projectId === '') throw new ParseError('dsn has no public key or project id');
  if (!PUBLIC_KEY_PATTERN.test(publicKey)) throw new ParseError('dsn public key has invalid characters');
  const out: Dsn = {
    protocol: url.protocol,
    host: url.host,
    publicKey,
    pathPrefix: segments.join('/').replace(/\/+$/, ''),
    projectId,
  };
  if (url.password !== '') out.secretKey = decodeURIComponent(url.password);
  return out;
}

/**
 * The envelope endpoint of a DSN, without authentication: `{base}{prefix}/api/{project}/envelope/`.
 * @example envelopeEndpoint(parseDsn('https://abc@errors.example.com/sentry/42')) // 'https://errors.example.com/sentry/api/42/envelope/'
 */
export function envelopeEndpoint(dsn: Dsn): string {
  return `${dsn.protocol}//${dsn.host}${dsn.pathPrefix}/api/${encodeURIComponent(dsn.projectId)}/envelope/`;
}
