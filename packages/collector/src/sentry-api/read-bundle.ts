/**
 * An artifact bundle (the zip `sentry-cli sourcemaps upload` makes, sentry-cli.md §3.1) read
 * into the files its manifest lists, with bounds: at most MAX_ARTIFACT_BUNDLE_FILES entries and
 * MAX_ARTIFACT_BUNDLE_UNZIPPED_BYTES inflated in all (a zip bomb stops there, whatever its
 * headers claim: yauzl checks each entry's inflated size against its header). Entries are
 * never written to disk; a name with `..`, an absolute path or a backslash is refused anyway
 * (yauzl refuses them in the zip, this module in the manifest).
 */

import { parseJsonBounded } from '@faultline/core';
import { type Entry, fromBuffer, type ZipFile } from 'yauzl';
import {
  MAX_ARTIFACT_BUNDLE_FILES,
  MAX_ARTIFACT_BUNDLE_UNZIPPED_BYTES,
  MAX_ARTIFACT_MANIFEST_BYTES,
} from '../limits.js';
import type { ArtifactFile } from '../store/index.js';

/** Why a bundle cannot be stored: sentry-cli shows it as the assemble's `detail`. */
export class BundleError extends Error {}

export interface ReadBundle {
  bundleDebugId: string | null;
  release: string | null;
  dist: string | null;
  files: ArtifactFile[];
}

const openZip = (zip: Buffer) =>
  new Promise<ZipFile>((resolve, reject) =>
    fromBuffer(zip, { lazyEntries: true, validateEntrySizes: true, strictFileNames: true }, (e, z) =>
      e ? reject(new BundleError(`not a zip file: ${e.message}`)) : resolve(z),
    ),
  );

/** Every entry's bytes, by name, within the bounds. */
async function entries(zip: Buffer): Promise<Map<string, Buffer>> {
  const file = await openZip(zip);
  const out = new Map<string, Buffer>();
  let total = 0;
  return new Promise((resolve, reject) => {
    const fail = (error: Error) => {
      file.close();
      reject(error instanceof BundleError ? error : new BundleError(`the zip is damaged: ${error.message}`));
    };
    file.on('error', fail);
    file.on('end', () => resolve(out));
    file.on('entry', (entry: Entry) => {
      if (entry.fileName.endsWith('/')) return file.readEntry();
      if (out.size >= MAX_ARTIFACT_BUNDLE_FILES + 1)
        return fail(
          new BundleError(`more than MAX_ARTIFACT_BUNDLE_FILES (${MAX_ARTIFACT_BUNDLE_FILES}) files`),
        );
      if (total + entry.uncompressedSize > MAX_ARTIFACT_BUNDLE_UNZIPPED_BYTES) return fail(tooBig());
      file.openReadStream(entry, (error, stream) => {
        if (error) return fail(error);
        const parts: Buffer[] = [];
        stream.on('data', (b: Buffer) => {
          total += b.length;
          if (total > MAX_ARTIFACT_BUNDLE_UNZIPPED_BYTES) {
            stream.destroy();
            fail(tooBig());
          } else parts.push(b);
        });
        stream.on('error', fail);
        stream.on('end', () => {
          out.set(entry.fileName, Buffer.concat(parts));
          file.readEntry();
        });
      });
    });
    file.readEntry();
  });
}

const tooBig = () =>
  new BundleError(
    `its files inflate past MAX_ARTIFACT_BUNDLE_UNZIPPED_BYTES (${MAX_ARTIFACT_BUNDLE_UNZIPPED_BYTES} bytes)`,
  );

const text = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : null);

/** A header by name, whatever its case (older bundles write `Sourcemap`, newer `sourcemap`). */
function header(headers: unknown, name: string): string | null {
  if (headers === null || typeof headers !== 'object') return null;
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return text(v);
  return null;
}

const UNSAFE_PATH = /(^|\/)\.\.(\/|$)|^\/|\\/;

/**
 * @throws BundleError with the reason a bundle is refused
 * @example const { files } = await readBundle(zipBytes)
 */
export async function readBundle(zip: Buffer): Promise<ReadBundle> {
  const all = await entries(zip);
  const manifestBytes = all.get('manifest.json');
  if (manifestBytes === undefined) throw new BundleError('the bundle has no manifest.json');
  if (manifestBytes.length > MAX_ARTIFACT_MANIFEST_BYTES)
    throw new BundleError(
      `manifest.json is larger than MAX_ARTIFACT_MANIFEST_BYTES (${MAX_ARTIFACT_MANIFEST_BYTES} bytes)`,
    );
  let manifest: Record<string, unknown>;
  try {
    manifest = parseJsonBounded(manifestBytes) as Record<string, unknown>;
  } catch (error) {
    throw new BundleError(`manifest.json is not JSON: ${(error as Error).message}`);
  }
  const listed = manifest?.files;
  if (listed === null || typeof listed !== 'object' || Array.isArray(listed))
    throw new BundleError('manifest.json has no "files" object');
  const files: ArtifactFile[] = [];
  for (const [path, info] of Object.entries(listed as Record<string, unknown>)) {
    if (UNSAFE_PATH.test(path))
      throw new BundleError(`manifest path ${JSON.stringify(path)} leaves the bundle`);
    const data = all.get(path);
    if (data === undefined)
      throw new BundleError(`manifest lists ${JSON.stringify(path)}, which the zip lacks`);
    const entry = (info ?? {}) as Record<string, unknown>;
    const url = text(entry.url);
    const kind = text(entry.type);
    if (url === null || kind === null)
      throw new BundleError(`manifest entry ${JSON.stringify(path)} needs a url and a type`);
    files.push({
      path,
      url,
      kind,
      debugId: header(entry.headers, 'debug-id')?.toLowerCase() ?? null,
      sourcemap: header(entry.headers, 'sourcemap'),
      data,
    });
  }
  return {
    bundleDebugId: text(manifest.debug_id),
    release: text(manifest.release),
    dist: text(manifest.dist),
    files,
  };
}
