/**
 * An event's attachments through the read API (issue 19 §1): sent with the event over the real
 * ingest endpoint, listed without their bytes, and downloaded byte for byte, always as a download
 * and never in a type the sender chose (an attachment is anyone's upload; ingest keeps only a name's last path segment). An event id is unique
 * only within a project: `?project=` picks the event, and another project's copy of the id never
 * lends its attachments. On SQLite and (with FAULTLINE_TEST_PG_URL) PostgreSQL.
 */

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { type EngineHandle, forEachEngine } from '@faultline/test-support';
import { type RunningCollector, startCollector } from '../src/index.js';
import { authQuery, envelope, request } from './ingest-helpers.js';

const ADMIN = 'event-attachments-admin-token';
const hex32 = () => randomBytes(16).toString('hex');

interface Listed {
  id: number;
  eventId: string;
  projectId: number;
  filename: string;
  contentType: string;
  attachmentType: string;
  size: number;
  receivedAt: string;
}

forEachEngine((engine) => {
  describe(`event attachments API (${engine.name})`, () => {
    let db: EngineHandle;
    let collector: RunningCollector;
    let main: { projectId: number; key: string };
    let other: { projectId: number; key: string };

    before(async () => {
      db = await engine.open();
      const { project, key } = await db.store.ensureDefaultProject();
      main = { projectId: project.id, key: key.publicKey };
      const second = await db.store.createProject('attachments-other');
      other = { projectId: second.id, key: (await db.store.createKey(second.id)).publicKey };
      collector = await startCollector({ store: db.store, adminToken: ADMIN, dashboardDir: '/nonexistent' });
    });
    after(async () => {
      await collector?.close();
      await db?.dispose();
    });

    async function send(
      who: { projectId: number; key: string },
      id: string,
      attachments: { filename: string; content_type?: string; payload: Uint8Array | string }[],
    ) {
      const body = envelope({ event_id: id }, [
        {
          header: { type: 'event' },
          payload: JSON.stringify({ message: 'with attachments', level: 'error' }),
        },
        ...attachments.map(({ payload, ...header }) => ({
          header: { type: 'attachment', ...header },
          payload,
        })),
      ]);
      const reply = await request(`${collector.url}/api/${who.projectId}/envelope/${authQuery(who.key)}`, {
        body,
      });
      assert.equal(reply.status, 200, reply.text);
    }

    const get = (path: string) =>
      fetch(`${collector.url}${path}`, { headers: { authorization: `Bearer ${ADMIN}` } });
    async function listed(path: string): Promise<Listed[]> {
      const res = await get(path);
      assert.equal(res.status, 200, await res.clone().text());
      return ((await res.json()) as { items: Listed[] }).items;
    }

    it('lists an event’s attachments without bytes and downloads each exactly', async () => {
      const id = hex32();
      const binary = randomBytes(3000);
      binary[0] = 0; // not text by any guess
      await send(main, id, [
        { filename: 'state.bin', content_type: 'application/x-dump', payload: binary },
        { filename: 'log.txt', content_type: 'text/plain; charset=utf-8', payload: 'line 1\nligne 2 é\n' },
      ]);
      const items = await listed(`/api/v1/events/${id}/attachments`);
      assert.deepEqual(
        items.map((a) => [a.filename, a.contentType, a.size, a.eventId, a.projectId, a.attachmentType]),
        [
          ['state.bin', 'application/x-dump', 3000, id, main.projectId, 'event.attachment'],
          [
            'log.txt',
            'text/plain; charset=utf-8',
            Buffer.byteLength('line 1\nligne 2 é\n'),
            id,
            main.projectId,
            'event.attachment',
          ],
        ],
      );
      assert.ok(items.every((a) => !('data' in a) && !('bytes' in a)));
      assert.ok(!Number.isNaN(Date.parse(items[0]?.receivedAt ?? '')));

      const bin = await get(`/api/v1/events/${id}/attachments/${items[0]?.id}`);
      assert.equal(bin.status, 200);
      assert.equal(bin.headers.get('content-type'), 'application/octet-stream');
      assert.equal(bin.headers.get('x-content-type-options'), 'nosniff');
      assert.match(bin.headers.get('content-disposition') ?? '', /^attachment; filename="state\.bin"/);
      assert.deepEqual(Buffer.from(await bin.arrayBuffer()), binary);

      const text = await get(`/api/v1/events/${id}/attachments/${items[1]?.id}?project=${main.projectId}`);
      assert.equal(text.status, 200);
      assert.equal(text.headers.get('content-type'), 'text/plain; charset=utf-8');
      assert.match(text.headers.get('content-disposition') ?? '', /^attachment;/);
      assert.equal(await text.text(), 'line 1\nligne 2 é\n');
    });

    it('serves a declared HTML or SVG attachment as bytes to download, with a safe name', async () => {
      const id = hex32();
      const page = '<script>alert(document.cookie)</script>';
      await send(main, id, [
        { filename: 'x".html', content_type: 'text/html', payload: page },
        { filename: '../../évil\r\n.svg', content_type: 'image/svg+xml', payload: `<svg>${page}</svg>` },
      ]);
      const [html, svg] = await listed(`/api/v1/events/${id}/attachments`);
      for (const [a, body] of [
        [html, page],
        [svg, `<svg>${page}</svg>`],
      ] as const) {
        const res = await get(`/api/v1/events/${id}/attachments/${a?.id}`);
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('content-type'), 'application/octet-stream');
        assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
        const disposition = res.headers.get('content-disposition') ?? '';
        assert.match(
          disposition,
          /^attachment; filename="[\x20-\x7e]*"; filename\*=UTF-8''[A-Za-z0-9%._~!-]*$/,
        );
        const plainName = a?.filename === 'x".html' ? 'x_.html' : '_vil__.svg';
        assert.ok(disposition.startsWith(`attachment; filename="${plainName}";`), disposition);
        assert.equal(await res.text(), body);
      }
      const svgName = (await get(`/api/v1/events/${id}/attachments/${svg?.id}`)).headers.get(
        'content-disposition',
      );
      assert.ok(svgName?.includes(`filename*=UTF-8''${encodeURIComponent('évil\r\n.svg')}`), svgName ?? '');
    });

    it('keeps each project’s copy of an event id to its own attachments', async () => {
      const id = hex32();
      await send(main, id, [{ filename: 'mine.txt', content_type: 'text/plain', payload: 'mine' }]);
      await send(other, id, [{ filename: 'theirs.txt', content_type: 'text/plain', payload: 'theirs' }]);
      const mine = await listed(`/api/v1/events/${id}/attachments?project=${main.projectId}`);
      const theirs = await listed(`/api/v1/events/${id}/attachments?project=${other.projectId}`);
      assert.deepEqual(
        mine.map((a) => a.filename),
        ['mine.txt'],
      );
      assert.deepEqual(
        theirs.map((a) => a.filename),
        ['theirs.txt'],
      );
      // Without ?project= the newest event with the id is meant, as GET /api/v1/events/{id}.
      assert.deepEqual(
        (await listed(`/api/v1/events/${id}/attachments`)).map((a) => a.filename),
        ['theirs.txt'],
      );
      const crossed = await get(
        `/api/v1/events/${id}/attachments/${theirs[0]?.id}?project=${main.projectId}`,
      );
      assert.equal(crossed.status, 404);
      assert.match(
        ((await crossed.json()) as { detail?: string; title?: string }).detail ?? '',
        /attachment not found/,
      );
    });

    it('answers an unknown event 404, a malformed attachment id 400, an event without attachments an empty list', async () => {
      const id = hex32();
      assert.equal((await get(`/api/v1/events/${hex32()}/attachments`)).status, 404);
      assert.equal((await get(`/api/v1/events/${hex32()}/attachments/1`)).status, 404);
      await send(main, id, []);
      assert.deepEqual(await listed(`/api/v1/events/${id}/attachments`), []);
      assert.equal((await get(`/api/v1/events/${id}/attachments/abc`)).status, 400);
      assert.equal((await get(`/api/v1/events/${id}/attachments/0`)).status, 400);
      assert.equal((await get(`/api/v1/events/${id}/attachments/999999999`)).status, 404);
    });

    it('is described in the OpenAPI document with scope project:read', async () => {
      const doc = (await (await get('/api/v1/openapi.json')).json()) as {
        paths: Record<string, { get?: Record<string, unknown> }>;
      };
      for (const path of [
        '/api/v1/events/{eventId}/attachments',
        '/api/v1/events/{eventId}/attachments/{attachmentId}',
      ])
        assert.equal(doc.paths[path]?.get?.['x-faultline-scope'], 'project:read', path);
    });
  });
});
