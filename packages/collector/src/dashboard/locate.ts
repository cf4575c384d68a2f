/**
 * Where the built dashboard is: `dist/web` of @faultline/dashboard, found through the module
 * resolver so it works from the monorepo and from an install. The collector does not depend on
 * the dashboard package (the dashboard's tests depend on the collector); when it is absent or
 * unbuilt, `/` answers 503 and says how to build it.
 */

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function defaultDashboardDir(): string | undefined {
  try {
    return join(
      dirname(fileURLToPath(import.meta.resolve('@faultline/dashboard/package.json'))),
      'dist',
      'web',
    );
  } catch {
    return undefined;
  }
}
