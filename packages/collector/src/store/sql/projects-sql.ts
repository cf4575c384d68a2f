/** Projects and their DSN keys (issue 4 §4 "projects (list, create, keys/DSNs)"). */

import type { KeyInfo } from '../../ingest-batch.js';
import type { ProjectId } from '../ids.js';
import { type KeyRecord, NO_INBOUND_FILTERS, type ProjectRecord, type ProjectSettings } from '../records.js';
import { newPublicKey } from '../secrets.js';
import type { DefaultProject } from '../store.js';
import type { SqlContext, SqlExecutor } from './executor.js';
import type { FingerprintRulesCache } from './fingerprint-rules-cache.js';
import { type Row, toKey, toProject } from './rows.js';

/** Project 1 is created on first start (issue 4 §5); the lock key keeps two starts apart. */
const DEFAULT_PROJECT_ID = 1;
const DEFAULT_PROJECT_NAME = 'default';
const DEFAULT_PROJECT_LOCK = 0x6661_0001;

const SETTINGS_COLUMNS = {
  allowedOrigins: 'allowed_origins',
  rateLimitPerMinute: 'rate_limit_per_minute',
  scrubKeys: 'scrub_keys',
  inboundFilters: 'inbound_filters',
  fingerprintRules: 'fingerprint_rules',
} as const;

function settingValue(field: keyof ProjectSettings, value: unknown): unknown {
  if (field === 'rateLimitPerMinute') return value;
  return JSON.stringify(value ?? (field === 'inboundFilters' ? NO_INBOUND_FILTERS : []));
}

async function insertProject(
  exec: SqlExecutor,
  name: string,
  settings: Partial<ProjectSettings>,
  id?: number,
): Promise<ProjectRecord> {
  const columns = [
    'name',
    'created_at',
    'allowed_origins',
    'rate_limit_per_minute',
    'scrub_keys',
    'inbound_filters',
    'fingerprint_rules',
  ];
  const params: unknown[] = [
    name,
    Date.now(),
    settingValue('allowedOrigins', settings.allowedOrigins),
    settings.rateLimitPerMinute ?? null,
    settingValue('scrubKeys', settings.scrubKeys),
    settingValue('inboundFilters', settings.inboundFilters),
    settingValue('fingerprintRules', settings.fingerprintRules),
  ];
  if (id !== undefined) {
    columns.unshift('id');
    params.unshift(id);
  }
  const placeholders = columns.map(() => '?').join(', ');
  const row = await exec.get<Row>(
    `INSERT INTO projects (${columns.join(', ')}) VALUES (${placeholders}) RETURNING *`,
    params,
  );
  if (id !== undefined && exec.dialect.afterExplicitProjectId)
    await exec.run(exec.dialect.afterExplicitProjectId);
  return toProject(row!);
}

async function insertKey(exec: SqlExecutor, projectId: ProjectId): Promise<KeyRecord> {
  const row = await exec.get<Row>(
    'INSERT INTO project_keys (public_key, project_id, enabled, created_at) VALUES (?, ?, ?, ?) RETURNING *',
    [newPublicKey(), projectId, true, Date.now()],
  );
  return toKey(row!);
}

/** The project and key operations of a SQL store; a change of fingerprint rules invalidates `rules`. */
export function projectsSql(ctx: SqlContext, rules: FingerprintRulesCache) {
  const getProject = async (id: ProjectId) => {
    const row = await ctx.read.get<Row>('SELECT * FROM projects WHERE id = ?', [id]);
    return row === undefined ? undefined : toProject(row);
  };
  return {
    createProject: (name: string, settings: Partial<ProjectSettings> = {}) =>
      ctx.transaction((exec) => insertProject(exec, name, settings)),
    async listProjects() {
      return (await ctx.read.all<Row>('SELECT * FROM projects ORDER BY id')).map(toProject);
    },
    getProject,
    async updateProjectSettings(id: ProjectId, settings: Partial<ProjectSettings>) {
      const sets: string[] = [];
      const params: unknown[] = [];
      for (const [field, column] of Object.entries(SETTINGS_COLUMNS)) {
        const key = field as keyof ProjectSettings;
        if (!(key in settings)) continue;
        sets.push(`${column} = ?`);
        params.push(settingValue(key, settings[key]));
      }
      if (sets.length > 0) {
        await ctx.transaction((exec) =>
          exec.run(`UPDATE projects SET ${sets.join(', ')} WHERE id = ?`, [...params, id]),
        );
        if ('fingerprintRules' in settings) rules.invalidate();
      }
      return getProject(id);
    },
    async projectExists(id: number) {
      if (!Number.isSafeInteger(id)) return false;
      return (await ctx.read.get<Row>('SELECT 1 AS one FROM projects WHERE id = ?', [id])) !== undefined;
    },
    ensureDefaultProject: (): Promise<DefaultProject> =>
      ctx.transaction(async (exec) => {
        const lock = exec.dialect.advisoryLock(DEFAULT_PROJECT_LOCK);
        if (lock !== null) await exec.get(lock);
        const row = await exec.get<Row>('SELECT * FROM projects WHERE id = ?', [DEFAULT_PROJECT_ID]);
        const created = row === undefined;
        const project = row
          ? toProject(row)
          : await insertProject(exec, DEFAULT_PROJECT_NAME, {}, DEFAULT_PROJECT_ID);
        const keyRow = await exec.get<Row>(
          'SELECT * FROM project_keys WHERE project_id = ? AND enabled = ? ORDER BY created_at, public_key LIMIT 1',
          [project.id, true],
        );
        const key = keyRow ? toKey(keyRow) : await insertKey(exec, project.id);
        return { project, key, created };
      }),
    createKey: (projectId: ProjectId) => ctx.transaction((exec) => insertKey(exec, projectId)),
    async listKeys(projectId: ProjectId) {
      const rows = await ctx.read.all<Row>(
        'SELECT * FROM project_keys WHERE project_id = ? ORDER BY created_at, public_key',
        [projectId],
      );
      return rows.map(toKey);
    },
    async disableKey(publicKey: string) {
      const changed = await ctx.transaction((exec) =>
        exec.run('UPDATE project_keys SET enabled = ? WHERE public_key = ?', [false, publicKey]),
      );
      return changed > 0;
    },
    async findKey(publicKey: string): Promise<KeyInfo | undefined> {
      const row = await ctx.read.get<Row>(
        'SELECT k.public_key, k.project_id, k.enabled, p.rate_limit_per_minute, p.allowed_origins, p.scrub_keys, ' +
          'p.inbound_filters ' +
          'FROM project_keys k JOIN projects p ON p.id = k.project_id WHERE k.public_key = ?',
        [publicKey],
      );
      if (row === undefined) return undefined;
      const project = toProject({ ...row, id: row.project_id, name: '', created_at: 0 });
      return {
        publicKey: String(row.public_key),
        projectId: project.id,
        enabled: Boolean(row.enabled),
        rateLimitPerMinute: project.rateLimitPerMinute,
        allowedOrigins: project.allowedOrigins,
        scrubKeys: project.scrubKeys,
        inboundFilters: project.inboundFilters,
      };
    },
  };
}
