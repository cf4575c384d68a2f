/**
 * A CI pipeline written for Sentry, unchanged but for its URL and token: the real sentry-cli
 * 3.8 binary (npm @sentry/cli) runs `info`, `releases new | set-commits | finalize | list |
 * info | archive | delete` and `deploys new | list` against a collector (SQLite, and
 * PostgreSQL when FAULTLINE_TEST_PG_URL is set), and what it did is in the store and the read
 * API. Wrong input gets the `detail` sentry-cli prints.
 */

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { forEachEngine, useTestCollector } from '@faultline/test-support';
import { digestBatches } from '../src/digest/digest.js';
import { batch } from './digest-fixtures.js';
import { sentryCli } from './sentry-cli-run.js';

/** A git repository with `n` commits, for `set-commits --local`. */
function gitRepo(dir: string, n: number): Promise<void> {
  const git = (...args: string[]) =>
    new Promise<void>((resolve, reject) =>
      execFile('git', args, { cwd: dir }, (e) => (e ? reject(e) : resolve())),
    );
  return (async () => {
    await git('init', '-q');
    await git('config', 'user.email', 'dev@example.com');
    await git('config', 'user.name', 'Dev');
    for (let i = 1; i <= n; i++) {
      writeFileSync(join(dir, `f${i}.txt`), String(i));
      await git('add', '.');
      await git('commit', '-qm', `commit ${i}`);
    }
  })();
}

forEachEngine((engine) => {
  describe(`sentry-cli against the collector (${engine.name})`, () => {
    const c = useTestCollector({ engine });
    let dir: string;
    let env: Record<string, string>;
    const cli = (...args: string[]) => sentryCli(args, env, dir);

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'faultline-sentry-cli-'));
      mkdirSync(join(dir, 'repo'));
      // What a CI pipeline is given: a token that may do releases and nothing else.
      const ci = await c.store.createToken('ci', { scopes: ['project:releases'] });
      env = { SENTRY_URL: c.url, SENTRY_AUTH_TOKEN: ci.token, SENTRY_ORG: 'acme' };
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('info shows the token is accepted; a wrong token is refused with the reason', async () => {
      const ok = await cli('info');
      assert.equal(ok.code, 0, ok.out);
      assert.match(ok.out, /project:releases/);
      assert.doesNotMatch(ok.out, /project:read|project:write|org:read/, 'the scopes of this token only');
      const reader = await c.store.createToken('reader', { scopes: ['project:read'] });
      const refused = await sentryCli(
        ['releases', '-p', 'default', 'new', 'web@0.0.1'],
        { ...env, SENTRY_AUTH_TOKEN: reader.token },
        dir,
      );
      assert.equal(refused.code, 1);
      assert.match(refused.out, /do not include project:releases.*\(http status: 403\)/s);
      const wrong = await sentryCli(['info'], { ...env, SENTRY_AUTH_TOKEN: 'not-a-token' }, dir);
      assert.equal(wrong.code, 1);
      assert.match(wrong.out, /Bearer <token>.*\(http status: 401\)/s);
    });

    it('releases new, finalize and deploys new: stored, listed, and shown by the CLI', async () => {
      const made = await cli('releases', '-p', 'default', 'new', 'web@1.0.0+build.7');
      assert.equal(made.code, 0, made.out);
      const again = await cli('releases', '-p', '1', 'new', 'web@1.0.0+build.7');
      assert.equal(again.code, 0, again.out);
      assert.equal((await cli('releases', 'finalize', 'web@1.0.0+build.7')).code, 0);
      const deploy = await cli('deploys', '-r', 'web@1.0.0+build.7', 'new', '-e', 'production', '-n', 'blue');
      assert.equal(deploy.code, 0, deploy.out);
      assert.match(deploy.out, /Created new deploy blue for 'production'/);

      const [release] = await c.store.releaseMeta('web@1.0.0+build.7');
      assert.equal(release?.projectId, 1);
      assert.ok(
        release?.releasedAt !== null && release !== undefined && release.releasedAt > release.createdAt - 1,
      );
      const deploys = await c.store.listDeploys('web@1.0.0+build.7');
      assert.deepEqual(
        deploys.map((d) => [d.environment, d.name]),
        [['production', 'blue']],
      );
      const list = await cli('releases', '-p', 'default', 'list');
      assert.match(list.out, /web@1\.0\.0\+build\.7/);
      const deploysShown = await cli('deploys', '-r', 'web@1.0.0+build.7', 'list');
      assert.match(deploysShown.out, /production\s*\|\s*blue/);

      const body = (await c.api('/api/v1/projects/1/releases/web%401.0.0%2Bbuild.7')) as {
        version: string;
        dateReleased: string;
        deploys: unknown[];
      };
      assert.equal(body.version, 'web@1.0.0+build.7');
      assert.ok(body.dateReleased);
      assert.equal(body.deploys.length, 1);
    });

    it('set-commits --local sends the repository commits; the next release gets only the new ones', async () => {
      const repo = join(dir, 'repo');
      await gitRepo(repo, 3);
      const inRepo = (...args: string[]) => sentryCli(args, env, repo);
      assert.equal((await inRepo('releases', '-p', 'default', 'new', 'api@1')).code, 0);
      const first = await inRepo('releases', '-p', 'default', 'set-commits', 'api@1', '--local');
      assert.equal(first.code, 0, first.out);
      const [one] = await c.store.releaseMeta('api@1');
      assert.deepEqual(
        one?.commits.map((x) => x.message?.trim()),
        ['commit 3', 'commit 2', 'commit 1'],
      );
      await gitRepo(repo, 0);
      writeFileSync(join(repo, 'more.txt'), 'more');
      await new Promise<void>((resolve, reject) =>
        execFile('git', ['add', '.'], { cwd: repo }, (e) =>
          e
            ? reject(e)
            : execFile('git', ['commit', '-qm', 'commit 4'], { cwd: repo }, (e2) =>
                e2 ? reject(e2) : resolve(),
              ),
        ),
      );
      assert.equal((await inRepo('releases', '-p', 'default', 'new', 'api@2')).code, 0);
      const second = await inRepo('releases', '-p', 'default', 'set-commits', 'api@2', '--local');
      assert.equal(second.code, 0, second.out);
      const [two] = await c.store.releaseMeta('api@2');
      assert.deepEqual(
        two?.commits.map((x) => x.message?.trim()),
        ['commit 4'],
      );
    });

    it('a release events made can be finalized and deployed without `releases new`', async () => {
      await c.store.write((tx) =>
        digestBatches(tx, [
          batch(1, [{ event_id: 'a'.repeat(32), release: 'worker@7', message: 'boom', level: 'error' }]),
        ]),
      );
      const fin = await cli('releases', 'finalize', 'worker@7');
      assert.equal(fin.code, 0, fin.out);
      assert.equal((await cli('deploys', '-r', 'worker@7', 'new', '-e', 'staging')).code, 0);
      const [release] = await c.store.releaseMeta('worker@7');
      assert.ok(release?.releasedAt);
      assert.equal((await c.store.listDeploys('worker@7')).length, 1);
    });

    it('archive, restore and delete', async () => {
      assert.equal((await cli('releases', '-p', 'default', 'new', 'gone@1')).code, 0);
      assert.equal((await cli('releases', 'archive', 'gone@1')).code, 0);
      assert.equal((await c.store.releaseMeta('gone@1'))[0]?.status, 'archived');
      assert.equal((await cli('releases', 'restore', 'gone@1')).code, 0);
      assert.equal((await c.store.releaseMeta('gone@1'))[0]?.status, 'open');
      const deleted = await cli('releases', 'delete', 'gone@1');
      assert.equal(deleted.code, 0, deleted.out);
      assert.deepEqual(await c.store.releaseMeta('gone@1'), []);
    });

    it('wrong input: the CLI prints why, and nothing is stored', async () => {
      const unknown = await cli('releases', 'finalize', 'never@1');
      assert.equal(unknown.code, 1);
      assert.match(unknown.out, /Release not found/);
      const noProject = await cli('releases', '-p', 'nope', 'new', 'x@1');
      assert.equal(noProject.code, 1);
      assert.match(noProject.out, /project "nope" not found/);
      assert.deepEqual(await c.store.releaseMeta('x@1'), []);
      const noDeployTarget = await cli('deploys', '-r', 'never@1', 'new', '-e', 'production');
      assert.equal(noDeployTarget.code, 1);
      assert.match(noDeployTarget.out, /Release not found/);
    });

    it('hostile bodies get a 400 or 413 with a JSON detail', async () => {
      const post = (body: string) =>
        fetch(`${c.url}/api/0/organizations/acme/releases/`, {
          method: 'POST',
          headers: { authorization: `Bearer ${c.adminToken}`, 'content-type': 'application/json' },
          body,
        });
      const cases: [string, number, RegExp][] = [
        ['{', 400, /JSON/i],
        ['[]', 400, /JSON object/],
        [JSON.stringify({ version: 'a/b', projects: ['default'] }), 400, /not a valid release version/],
        [JSON.stringify({ version: 'v'.repeat(251), projects: ['default'] }), 400, /longer than 250/],
        [JSON.stringify({ version: 'ok@1' }), 400, /not found; name its projects/],
        [JSON.stringify({ version: 'ok@1', projects: ['default'], dateReleased: 'soon' }), 400, /RFC 3339/],
        [
          JSON.stringify({
            version: 'ok@1',
            projects: ['default'],
            commits: Array.from({ length: 1001 }, () => ({ id: 'x' })),
          }),
          400,
          /at most 1000 commits/,
        ],
        [
          JSON.stringify({ version: 'ok@1', projects: ['default'], pad: 'x'.repeat(1_100_000) }),
          413,
          /SENTRY_API_MAX_BODY_BYTES|request body/,
        ],
      ];
      for (const [body, status, detail] of cases) {
        const res = await post(body);
        assert.equal(res.status, status, body.slice(0, 80));
        assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
        const json = (await res.json()) as { detail: string };
        assert.match(json.detail, detail);
      }
      assert.deepEqual(await c.store.releaseMeta('ok@1'), []);
      // The collector keeps serving.
      assert.equal((await cli('info')).code, 0);
    });
  });
});
