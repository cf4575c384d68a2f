/**
 * First start: project 1 `default` with a DSN key, and an admin token printed once (unless
 * FAULTLINE_ADMIN_TOKEN is set). Later starts print the DSN again but never a token.
 */

import type { Store } from './store/index.js';

export interface Bootstrap {
  dsn: string;
  /** The admin token, only when this start created it. */
  createdAdminToken: string | undefined;
}

export async function bootstrap(
  store: Store,
  publicUrl: string,
  adminTokenFromEnv: string | undefined,
): Promise<Bootstrap> {
  const { key } = await store.ensureDefaultProject();
  const url = new URL(publicUrl);
  const dsn = `${url.protocol}//${key.publicKey}@${url.host}${url.pathname.replace(/\/$/, '')}/${key.projectId}`;
  let createdAdminToken: string | undefined;
  if (!adminTokenFromEnv && (await store.listTokens()).length === 0) {
    createdAdminToken = (await store.createToken('admin')).token;
  }
  return { dsn, createdAdminToken };
}
