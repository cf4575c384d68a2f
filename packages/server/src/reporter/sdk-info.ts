/**
 * The SDK name and version written on events and in `sentry_client`
 * (https://develop.sentry.dev/sdk/data-model/event-payloads/sdk/). The version is read once
 * from this package's package.json (three levels up from dist/src/reporter/ in the repository
 * and in the published tarball alike), so it cannot drift from the release.
 */

import { readFileSync } from 'node:fs';
import { FAULTLINE_SDK_NAME } from '@faultline/core';

export const SDK_NAME = FAULTLINE_SDK_NAME;

function readVersion(): string {
  try {
    const url = new URL('../../../package.json', import.meta.url);
    const pkg = JSON.parse(readFileSync(url, 'utf8')) as { name?: unknown; version?: unknown };
    return pkg.name === '@faultline/server' && typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** `faultline.server` and this package's version. */
export const SDK_INFO: Readonly<{ name: string; version: string }> = Object.freeze({
  name: SDK_NAME,
  version: readVersion(),
});
