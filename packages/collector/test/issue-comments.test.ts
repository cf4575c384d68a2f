/**
 * Comments on an issue (issue 19 §4), over HTTP on both engines: added by the caller (a password
 * user's email, `token:<name>`), listed newest first, stored and answered as the exact text sent
 * however hostile (10 KB of control characters, markup: JSON text, never HTML; NUL as U+FFFD),
 * bounded by MAX_COMMENT_BYTES; deleted by their author or an admin only; bad bodies are precise
 * 400s.
 */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { forEachEngine, type TestCollector } from '@faultline/test-support';
import { MAX_COMMENT_BYTES } from '../src/limits.js';
import { bugEvent } from './digest-fixtures.js';
import { ADA, loginAs, sendEvent, startTeamCollector, tokenCalls } from './team-fixture.js';

/** Every C0 control character but NUL, DEL and the C1 block, cycled to 10,000 characters. */
const CONTROLS = Array.from({ length: 10_000 }, (_, i) => {
  const all = [
    ...Array.from({ length: 31 }, (_, k) => k + 1),
    0x7f,
    ...Array.from({ length: 32 }, (_, k) => 0x80 + k),
  ];
  return String.fromCharCode(all[i % all.length] as number);
}).join('');

forEachEngine((engine) =>
  describe(`issue comments (${engine.name})`, () => {
    let c: TestCollector;
    let issue: number;
    before(async () => {
      c = await startTeamCollector(engine);
      await sendEvent(c.dsn, bugEvent({ fn: 'commented', value: 'commented broke' }));
      issue = (await c.api('/api/v1/projects/1/issues')).items[0].id;
    });
    after(async () => c?.close());
    const path = () => `/api/v1/issues/${issue}/comments`;

    test('hostile text is stored and answered exactly as sent, as JSON text', async () => {
      const ada = await loginAs(c, ADA);
      const texts = [
        CONTROLS,
        '<script>alert(1)</script><img src=x onerror=alert(2)>',
        '**not bold** [link](javascript:alert(3)) \u202Eevil\u200B',
      ];
      for (const text of texts) {
        const made = await ada('POST', path(), { text });
        assert.equal(made.status, 201, JSON.stringify(made.body)?.slice(0, 200));
        assert.equal(made.body.text, text);
        assert.equal(made.body.author, ADA);
      }
      const withNul = await ada('POST', path(), { text: 'a\u0000b' });
      assert.equal(withNul.body.text, 'a\uFFFDb', 'NUL is stored as U+FFFD on both engines');
      const res = await fetch(`${c.url}${path()}`, { headers: { authorization: `Bearer ${c.adminToken}` } });
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
      const listed = ((await res.json()) as any).items;
      assert.deepEqual(
        listed.map((x: any) => x.text),
        ['a\uFFFDb', ...texts.reverse()],
        'newest first, each exactly as sent',
      );
      const kinds = (await c.api(`/api/v1/issues/${issue}/activity`)).items.map((a: any) => a.kind);
      assert.deepEqual(kinds.slice(0, 4), ['comment', 'comment', 'comment', 'comment']);
    });

    test('bad bodies are precise 400s and store nothing', async () => {
      const before = (await c.api(path())).items.length;
      const cases: [unknown, RegExp][] = [
        [{}, /text must be a non-empty string/],
        [{ text: 5 }, /text must be a non-empty string/],
        [{ text: ' \n ' }, /text must be a non-empty string/],
        [
          { text: 'é'.repeat(MAX_COMMENT_BYTES / 2 + 1) },
          new RegExp(`at most ${MAX_COMMENT_BYTES} bytes.*got ${MAX_COMMENT_BYTES + 2}`),
        ],
        [['x'], /body must be a JSON object/],
        ['{"text":', /JSON/i],
      ];
      for (const [body, detail] of cases) {
        const res = await c.call('POST', path(), body);
        assert.equal(res.status, 400, JSON.stringify(body).slice(0, 80));
        assert.match(res.body.detail, detail);
      }
      assert.equal((await c.api(path())).items.length, before);
      assert.equal((await c.call('POST', '/api/v1/issues/99999/comments', { text: 'x' })).status, 404);
      assert.equal((await c.call('GET', '/api/v1/issues/99999/comments')).status, 404);
    });

    test('a comment is deleted by its author or an admin, no one else; the history records it', async () => {
      const ada = await loginAs(c, ADA);
      const writer = await tokenCalls(c, 'writer', ['project:write']);
      const other = await tokenCalls(c, 'other', ['project:write']);
      const adas = (await ada('POST', path(), { text: 'ada says' })).body;
      const writers = (await writer('POST', path(), { text: 'writer says' })).body;
      assert.equal(writers.author, 'token:writer');

      const refused = await writer('DELETE', `${path()}/${adas.id}`);
      assert.equal(refused.status, 403);
      assert.match(refused.body.detail, /only the comment's author or an admin may delete it/);
      assert.equal((await other('DELETE', `${path()}/${writers.id}`)).status, 403);
      assert.equal((await writer('DELETE', `${path()}/${writers.id}`)).status, 204, 'its author');
      assert.equal((await ada('DELETE', `${path()}/${adas.id}`)).status, 204, 'its author, an admin too');
      assert.equal((await ada('DELETE', `${path()}/${adas.id}`)).status, 404, 'gone');
      assert.equal((await ada('DELETE', `${path()}/abc`)).status, 400);
      const texts = (await c.api(path())).items.map((x: any) => x.text);
      assert.ok(!texts.includes('ada says') && !texts.includes('writer says'));
      const [last, first] = (await c.api(`/api/v1/issues/${issue}/activity`)).items;
      assert.deepEqual(
        [last.kind, last.actor, last.data],
        ['comment_deleted', ADA, { commentId: adas.id, author: ADA }],
      );
      assert.deepEqual(
        [first.kind, first.actor, first.data],
        ['comment_deleted', 'token:writer', { commentId: writers.id, author: 'token:writer' }],
      );
    });
  }),
);
