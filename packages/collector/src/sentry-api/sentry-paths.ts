/** What the release and upload routes of Sentry's API share: their path prefix and body bound. */

import { SENTRY_API_MAX_BODY_BYTES } from '../limits.js';

/** The organization's routes; its slug is any value (a collector is one organization). */
export const ORG = '/api/0/organizations/:org';

/** readJson's bound for a JSON body of these routes. */
export const BODY = { name: 'SENTRY_API_MAX_BODY_BYTES', bytes: SENTRY_API_MAX_BODY_BYTES };
