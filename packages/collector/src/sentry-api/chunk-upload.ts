/**
 * sentry-cli's chunk upload (sentry-cli.md §2.1–§2.2): the options it asks for first, then
 * POSTs of multipart parts, each a chunk named by the SHA-1 of its raw bytes. A part is
 * inflated with a cap of one chunk (no gzip bomb grows past it), checked against its name, and
 * stored by checksum; one bad part refuses the whole request and stores nothing of it.
 */

import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { badRequest, contentTooLarge, LimitExceededError } from '@faultline/core';
import {
  CHUNK_UPLOAD_CHUNK_BYTES,
  CHUNK_UPLOAD_CHUNKS_PER_REQUEST,
  CHUNK_UPLOAD_CONCURRENCY,
  CHUNK_UPLOAD_MAX_BODY_BYTES,
  CHUNK_UPLOAD_MAX_REQUEST_BYTES,
  MAX_ARTIFACT_BUNDLE_BYTES,
} from '../limits.js';

/** What `GET …/chunk-upload/` answers. The URL is relative: sentry-cli sends its token to
 * whatever URL this names, so it never points off this host. */
export function chunkUploadOptions(org: string) {
  return {
    url: `/api/0/organizations/${encodeURIComponent(org)}/chunk-upload/`,
    chunkSize: CHUNK_UPLOAD_CHUNK_BYTES,
    chunksPerRequest: CHUNK_UPLOAD_CHUNKS_PER_REQUEST,
    maxRequestSize: CHUNK_UPLOAD_MAX_REQUEST_BYTES,
    maxFileSize: MAX_ARTIFACT_BUNDLE_BYTES,
    concurrency: CHUNK_UPLOAD_CONCURRENCY,
    hashAlgorithm: 'sha1',
    // Never zstd: the JS `sentry` CLI would then send zstd, which is not read here.
    compression: ['gzip'],
    // sentry-cli 2.x needs these to use chunked artifact bundles; 3.x ignores them.
    accept: ['release_files', 'sources', 'artifact_bundles', 'artifact_bundles_v2'],
  };
}

const SHA1 = /^[0-9a-f]{40}$/;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > CHUNK_UPLOAD_MAX_BODY_BYTES)
      throw new LimitExceededError(
        'CHUNK_UPLOAD_MAX_BODY_BYTES',
        CHUNK_UPLOAD_MAX_BODY_BYTES,
        size,
        'chunk upload',
      );
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function inflate(part: Buffer, name: string): Buffer {
  try {
    return gunzipSync(part, { maxOutputLength: CHUNK_UPLOAD_CHUNK_BYTES });
  } catch (error) {
    if (error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
      throw contentTooLarge(
        `chunk ${name} inflates past CHUNK_UPLOAD_CHUNK_BYTES (${CHUNK_UPLOAD_CHUNK_BYTES} bytes)`,
      );
    throw badRequest(`chunk ${name} is not a gzip stream`);
  }
}

/**
 * The chunks of one upload request, checked; throws a 400 or 413 naming the first bad part.
 * @example const chunks = await readChunks(req) // [{ checksum, data }]
 */
export async function readChunks(req: IncomingMessage): Promise<{ checksum: string; data: Buffer }[]> {
  const type = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data\s*;/i.test(type)) throw badRequest('a chunk upload is multipart/form-data');
  const body = await readBody(req);
  let form: FormData;
  try {
    // undici (Node's fetch) parses the multipart body.
    form = await new Response(body, { headers: { 'content-type': type } }).formData();
  } catch {
    throw badRequest('the multipart body could not be parsed');
  }
  const parts = [...form.entries()];
  if (parts.length > CHUNK_UPLOAD_CHUNKS_PER_REQUEST)
    throw badRequest(
      `at most ${CHUNK_UPLOAD_CHUNKS_PER_REQUEST} chunks per request (CHUNK_UPLOAD_CHUNKS_PER_REQUEST)`,
    );
  const chunks: { checksum: string; data: Buffer }[] = [];
  let raw = 0;
  for (const [field, value] of parts) {
    if (typeof value === 'string' || (field !== 'file' && field !== 'file_gzip'))
      throw badRequest(`part ${JSON.stringify(field)} is not a chunk (file or file_gzip)`);
    const name = value.name.toLowerCase();
    if (!SHA1.test(name)) throw badRequest(`chunk name ${JSON.stringify(value.name)} is not a SHA-1`);
    const bytes = Buffer.from(await value.arrayBuffer());
    const data = field === 'file_gzip' ? inflate(bytes, name) : bytes;
    if (data.length > CHUNK_UPLOAD_CHUNK_BYTES)
      throw contentTooLarge(
        `chunk ${name} is larger than CHUNK_UPLOAD_CHUNK_BYTES (${CHUNK_UPLOAD_CHUNK_BYTES} bytes)`,
      );
    raw += data.length;
    if (raw > CHUNK_UPLOAD_MAX_REQUEST_BYTES)
      throw contentTooLarge(
        `the chunks pass CHUNK_UPLOAD_MAX_REQUEST_BYTES (${CHUNK_UPLOAD_MAX_REQUEST_BYTES} bytes)`,
      );
    const actual = createHash('sha1').update(data).digest('hex');
    if (actual !== name)
      throw badRequest(`chunk ${name} does not match its checksum (its bytes hash to ${actual})`);
    chunks.push({ checksum: name, data });
  }
  return chunks;
}
