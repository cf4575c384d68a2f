/**
 * `faultline token create|list|revoke`: API tokens with scopes, in the store `serve` uses (the
 * same store options). `create` prints the token once; the store keeps only its hash.
 */

import { TokenGrantError, tokenGrant } from '@faultline/collector';
import { TOKEN_SCOPES } from '@faultline/core';
import { command } from './command.js';
import { option, parseOptions, renderOptions } from './option-table.js';
import { readText } from './option-values.js';
import { failed } from './store-command.js';
import { defaultStoreSettings, STORE_OPTIONS, type StoreSettings } from './store-options.js';
import { subcommandLines } from './subcommand-help.js';
import { tokenCreate, tokenList, tokenRevoke } from './token-commands.js';
import { UsageError } from './usage-error.js';

/** `faultline token create --name N --scopes S[,S] [--project ID]`. */
export interface TokenCreateArgs extends StoreSettings {
  command: 'token-create';
  name: string;
  scopes: string;
  /** The one project the token is limited to. */
  project: number | undefined;
}

/** `faultline token list`: every token: id, name, scopes, project, prefix, created, last used. */
export interface TokenListArgs extends StoreSettings {
  command: 'token-list';
}

/** `faultline token revoke <id>`: deletes a token; its dashboard sessions end with it. */
export interface TokenRevokeArgs extends StoreSettings {
  command: 'token-revoke';
  id: number;
}

export type TokenArgs = TokenCreateArgs | TokenListArgs | TokenRevokeArgs;

type CreateSettings = StoreSettings & { name?: string; scopes?: string; project?: number };

const GROUP = 'Token (create)';

/** --name, --scopes and --project: only `create` takes them, and not from the environment. */
const CREATE_OPTIONS = [
  option<CreateSettings, string>({
    name: 'name',
    value: 'NAME',
    group: GROUP,
    help: 'what the token is for (ci, grafana…), shown in the list.',
    read: readText,
    apply: (s, v) => {
      s.name = v;
    },
  }),
  option<CreateSettings, string>({
    name: 'scopes',
    value: 'S[,S]',
    group: GROUP,
    help: `what it may do, comma-separated: ${TOKEN_SCOPES.join(', ')}. admin holds all; project:write holds project:read; project:releases (releases, deploys, source map uploads: sentry-cli) holds nothing else.`,
    read: readText,
    apply: (s, v) => {
      s.scopes = v;
    },
  }),
  option<CreateSettings, number>({
    name: 'project',
    value: 'ID',
    group: GROUP,
    help: 'limit the token to this project (not with admin).',
    read: (raw) => {
      if (!/^[1-9][0-9]{0,9}$/.test(raw.trim()))
        throw new UsageError(`--project takes a project id, got '${raw}'`);
      return Number(raw.trim());
    },
    apply: (s, v) => {
      s.project = v;
    },
  }),
];

const SUBCOMMANDS = {
  create: {
    usage: 'create --name NAME --scopes S[,S] [--project ID]',
    help: 'make a token and print it once (the store keeps only its hash).',
  },
  list: {
    usage: 'list',
    help: 'print every token: id, name, scopes, project, prefix, created, last used (UTC).',
  },
  revoke: {
    usage: 'revoke <id>',
    help: 'delete a token: its callers and dashboard sessions are refused at once.',
  },
} as const;

type Subcommand = keyof typeof SUBCOMMANDS;

/**
 * `faultline token --help`.
 * @example console.log(tokenHelp())
 */
export function tokenHelp(): string {
  return [
    ...subcommandLines('token', SUBCOMMANDS, '[store options]'),
    '',
    'The tokens live in the store `faultline serve` uses: give the same store options (or',
    'variables). A token goes in `Authorization: Bearer <token>` (sentry-cli: --auth-token).',
    ...renderOptions([...CREATE_OPTIONS, ...STORE_OPTIONS]),
    '',
    '  -h, --help',
    '      this help.',
    '',
    'Exit status: 0 done, 1 refused (no such token or project, no store in --data), 2 usage.',
  ].join('\n');
}

function parseToken(argv: readonly string[], env: NodeJS.ProcessEnv): TokenArgs {
  const [sub, ...rest] = argv;
  if (sub === undefined || !Object.hasOwn(SUBCOMMANDS, sub))
    throw new UsageError(`unknown token command: ${sub ?? '(none)'}`);
  const name = sub as Subcommand;
  // The create options are flags only: FAULTLINE_NAME in a shell would name every token.
  const noEnv = Object.fromEntries(
    Object.entries(env).filter(([k]) => !/^FAULTLINE_(NAME|SCOPES|PROJECT)$/.test(k)),
  );
  const specs = name === 'create' ? [...CREATE_OPTIONS, ...STORE_OPTIONS] : STORE_OPTIONS;
  const { settings, positionals } = parseOptions<CreateSettings>(specs, rest, noEnv, defaultStoreSettings());
  const store = { data: settings.data, db: settings.db };
  if (name === 'create') {
    if (positionals.length > 0) throw new UsageError('token create takes no arguments: --name and --scopes');
    if (settings.name === undefined) throw new UsageError('token create needs --name');
    if (settings.scopes === undefined)
      throw new UsageError(`token create needs --scopes (${TOKEN_SCOPES.join(', ')})`);
    // Checked here, so a wrong scope is a usage error (exit 2) before any store is opened.
    try {
      tokenGrant({ name: settings.name, scopes: settings.scopes, projectId: settings.project });
    } catch (error) {
      if (!(error instanceof TokenGrantError)) throw error;
      throw new UsageError(`--${error.field === 'projectId' ? 'project' : error.field}: ${error.message}`);
    }
    return {
      command: 'token-create',
      name: settings.name,
      scopes: settings.scopes,
      project: settings.project,
      ...store,
    };
  }
  if (name === 'list') {
    if (positionals.length > 0) throw new UsageError('token list takes no arguments');
    return { command: 'token-list', ...store };
  }
  const [id] = positionals;
  if (id === undefined || positionals.length > 1 || !/^[1-9][0-9]{0,9}$/.test(id))
    throw new UsageError('token revoke takes one token id (see `faultline token list`)');
  return { command: 'token-revoke', id: Number(id), ...store };
}

/** Exit 0 done, 1 refused or failed. */
async function runToken(args: TokenArgs): Promise<number> {
  const print = (line: string) => console.log(line);
  try {
    if (args.command === 'token-create') await tokenCreate(args, print);
    else if (args.command === 'token-list') await tokenList(args, print);
    else await tokenRevoke(args, print);
    return 0;
  } catch (error) {
    return failed(args.command, error);
  }
}

/**
 * The `token` entry of the command table.
 * @example const status = await tokenCommand.run(tokenCommand.parse(['list', '--data', '.faultline'], process.env));
 */
export const tokenCommand = command<TokenArgs>({
  summary: 'API tokens with scopes: create, list, revoke',
  help: tokenHelp,
  parse: parseToken,
  run: runToken,
});
