export { defaultDashboardDir } from './locate.js';
export { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from './security-headers.js';
export { createStaticHandler, type StaticHandler } from './static-files.js';
