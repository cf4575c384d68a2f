/**
 * `faultline token create|list|revoke`: argument parsing and its usage errors, and the real
 * commands in child processes on a SQLite store in a temporary folder, against a collector
 * running on the same store: the token printed once works there with exactly its scopes and
 * project, the list shows it by prefix and last use, and a revoke from another process
 * refuses it at once.
 */

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createSqliteStore, startCollector } from '@faultline/collector';
import { parseCommandLine } from '../src/args.js';
import { runCli, tempDirs } from './cli-process.js';

const dirs = tempDirs();
after(dirs.removeAll);

describe('arguments', () => {
  test('create needs --name and --scopes; scopes and projects are checked before any store is opened', () => {
    assert.deepEqual(
      parseCommandLine(
        ['token', 'create', '--name', 'ci', '--scopes', 'project:releases,project:read', '--project', '2'],
        {},
      ),
      {
        command: 'token-create',
        name: 'ci',
        scopes: 'project:releases,project:read',
        project: 2,
        data: '.faultline',
        db: undefined,
      },
    );
    assert.deepEqual(parseCommandLine(['token', 'revoke', '3', '--data', '/d'], {}), {
      command: 'token-revoke',
      id: 3,
      data: '/d',
      db: undefined,
    });
    const usage: [string[], RegExp][] = [
      [['token', 'create', '--scopes', 'admin'], /needs --name/],
      [
        ['token', 'create', '--name', 'ci'],
        /needs --scopes \(project:read, project:write, project:releases, admin\)/,
      ],
      [
        ['token', 'create', '--name', 'ci', '--scopes', 'project:reed'],
        /--scopes: unknown scope "project:reed"/,
      ],
      [
        ['token', 'create', '--name', 'ci', '--scopes', 'admin', '--project', '1'],
        /--project: an admin token .* cannot be limited/,
      ],
      [
        ['token', 'create', '--name', 'ci', '--scopes', 'admin', '--project', 'api'],
        /--project takes a project id/,
      ],
      [['token', 'revoke'], /one token id/],
      [['token', 'revoke', 'ci'], /one token id/],
      [['token', 'list', 'extra'], /takes no arguments/],
      [['token', 'rotate'], /unknown token command: rotate/],
    ];
    for (const [argv, message] of usage) {
      const parsed = parseCommandLine(argv, {});
      assert.equal(parsed.command, 'help', argv.join(' '));
      assert.match(String('message' in parsed ? parsed.message : ''), message, argv.join(' '));
    }
  });
});

describe('in a child process, on the store a collector runs on', () => {
  test('create prints the token once; it works with its scopes only; list shows it; revoke refuses it at once', async () => {
    const data = dirs.make();
    const store = createSqliteStore({ dataDir: data });
    await store.migrate();
    await store.ensureDefaultProject();
    const collector = await startCollector({ store });
    try {
      const made = await runCli(
        [
          'token',
          'create',
          '--name',
          'grafana',
          '--scopes',
          'project:read',
          '--project',
          '1',
          '--data',
          data,
        ],
        '',
      );
      assert.equal(made.code, 0, made.stderr);
      const [heading, token] = made.stdout.trim().split('\n');
      assert.match(heading ?? '', /^Token \d+ "grafana" \(project:read; project 1\)\. Shown once, keep it:$/);
      assert.match(token ?? '', /^flt_[0-9a-f]{64}$/);
      const get = (path: string) =>
        fetch(`${collector.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal((await get('/api/v1/projects/1/issues')).status, 200);
      assert.equal((await get('/api/v1/projects/1/keys')).status, 403, 'keys need admin');
      const projects = (await (await get('/api/v1/projects')).json()) as { items: { id: number }[] };
      assert.deepEqual(
        projects.items.map((p) => p.id),
        [1],
        'limited to project 1: the list shows it alone',
      );
      assert.equal((await get(`/api/v1/traces/${'a'.repeat(32)}`)).status, 403, 'a trace may span projects');

      const listed = await runCli(['token', 'list', '--data', data], '');
      assert.equal(listed.code, 0, listed.stderr);
      const [header, row] = listed.stdout.trim().split('\n');
      assert.match(header ?? '', /^ID +NAME +SCOPES +PROJECT +PREFIX +CREATED +LAST USED$/);
      assert.match(
        row ?? '',
        new RegExp(
          `^\\d+ +grafana +project:read +1 +${token?.slice(0, 12)}… +\\d{4}-\\d\\d-\\d\\dT[\\d:]+Z +\\d{4}-`,
        ),
      );
      assert.ok(!listed.stdout.includes(token ?? 'x'), 'the list never shows the token');

      const id = (row ?? '').split(' ')[0] as string;
      const revoked = await runCli(['token', 'revoke', id, '--data', data], '');
      assert.equal(revoked.code, 0, revoked.stderr);
      assert.match(revoked.stdout, new RegExp(`Token ${id} revoked`));
      assert.equal((await get('/api/v1/projects/1/issues')).status, 401, 'refused at once');
      const again = await runCli(['token', 'revoke', id, '--data', data], '');
      assert.equal(again.code, 1);
      assert.match(again.stderr, new RegExp(`no token ${id}`));
      const noProject = await runCli(
        ['token', 'create', '--name', 'x', '--scopes', 'project:read', '--project', '9', '--data', data],
        '',
      );
      assert.equal(noProject.code, 1);
      assert.match(noProject.stderr, /no project 9/);
      const usage = await runCli(['token', 'create', '--name', 'x', '--scopes', 'root', '--data', data], '');
      assert.equal(usage.code, 2);
      assert.match(usage.stderr, /unknown scope "root"/);
    } finally {
      await collector.close();
    }
  });
});
