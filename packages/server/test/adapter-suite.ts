/**
 * One suite, run against every adapter through its example app (examples/<framework>):
 * real servers on 127.0.0.1, real HTTP requests, the log lines as the logger got them.
 */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { createFaultline } from '../src/index.js';
import { captureLogger, type LogRecord, repoRoot, waitFor } from './helpers.js';

export interface ExampleApp {
  url: string;
  close(): Promise<unknown>;
}
export type Starter = (faultline: ReturnType<typeof createFaultline>) => Promise<ExampleApp>;

export async function exampleStarter(
  framework: string,
  extra: Record<string, unknown> = {},
): Promise<Starter> {
  const mod = await import(pathToFileURL(`${repoRoot()}/examples/${framework}/app.mjs`).href);
  return (faultline) => mod.start(faultline, extra);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** What must never reach a caller: the planted secret, the SQL, the path, stack fragments. */
const LEAKS = [
  'hunter2',
  'SELECT',
  'password',
  '/srv/app',
  'ECONNREFUSED',
  '127.0.0.1:5432',
  'node_modules',
  '    at ',
  'secret',
];
const HOSTILE = [
  'string',
  'null',
  'undefined',
  'number',
  'symbol',
  'object',
  'proxy',
  'getters',
  'to-string',
  'cycle',
];

function assertNoLeak(text: string, where: string): void {
  for (const leak of LEAKS)
    assert.ok(!text.includes(leak), `${where} leaks ${JSON.stringify(leak)}: ${text}`);
}

async function json(res: Response): Promise<any> {
  return res.json();
}

function headerText(res: Response): string {
  return [...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n');
}

export function adapterSuite(framework: string, starter: () => Promise<Starter>): void {
  describe(`adapter: ${framework}`, () => {
    const logger = captureLogger();
    // Every error in full: these tests read each one's line (the storm's compact lines are below).
    const faultline = createFaultline({ service: 'suite', release: '1.0.0', logger, logRepeats: 'full' });
    let app: ExampleApp;

    before(async () => {
      app = await (await starter())(faultline);
    });
    after(async () => {
      await app.close();
    });

    const get = (path: string, headers: Record<string, string> = {}) =>
      fetch(`${app.url}${path}`, { headers });
    const errorLogs = () => logger.records.filter((r) => r.level === 'error');
    const lastLog = (): LogRecord => {
      const r = logger.records.at(-1);
      assert.ok(r, 'a log line was written');
      return r;
    };

    test('a healthy request passes untouched and carries a request id', async () => {
      logger.clear();
      const res = await get('/ok');
      assert.equal(res.status, 200);
      assert.deepEqual(await json(res), { ok: true });
      assert.match(res.headers.get('x-request-id') ?? '', UUID);
      assert.equal(logger.records.length, 0);
    });

    test('an unexpected error becomes a safe 500 problem, and the log has the detail', async () => {
      logger.clear();
      const res = await get('/boom');
      assert.equal(res.status, 500);
      assert.equal(res.headers.get('content-type'), 'application/problem+json');
      assert.equal(res.headers.get('cache-control'), 'no-store');
      const text = await res.text();
      assertNoLeak(text, 'body');
      assertNoLeak(headerText(res), 'headers');
      // Framed, so a keep-alive connection can carry the next request.
      assert.equal(Number(res.headers.get('content-length')), Buffer.byteLength(text));
      const body = JSON.parse(text);
      assert.equal(body.status, 500);
      assert.equal(body.title, 'Internal Server Error');
      assert.equal(body.type, 'about:blank');
      const id = res.headers.get('x-request-id');
      assert.match(id ?? '', UUID);
      assert.equal(body.instance, id);
      assert.equal(body.requestId, id);
      assert.match(body.traceId, /^[0-9a-f]{32}$/);

      const [log] = errorLogs();
      assert.ok(log, 'one error line');
      assert.equal(errorLogs().length, 1);
      assert.equal(log.obj.requestId, id);
      assert.equal(log.obj.traceId, body.traceId);
      assert.equal(log.obj.status, 500);
      assert.equal(log.obj.method, 'GET');
      assert.equal(log.obj.service, 'suite');
      assert.match(log.obj.error.message, /SELECT \* FROM users/);
      assert.ok(!JSON.stringify(log.obj).includes('hunter2'), 'the password is scrubbed from the log');
      assert.match(log.obj.error.stack, /failures\.mjs/);
      assert.equal(typeof log.obj.durationMs, 'number');
    });

    test('the log names the route template, not the raw URL', async () => {
      logger.clear();
      const res = await get('/items/7/fail?token=abc');
      assert.equal(res.status, 500);
      const log = lastLog();
      assert.equal(log.obj.route, '/items/:id/fail');
      assert.ok(!JSON.stringify(log).includes('token=abc'), 'query secrets are scrubbed');
    });

    test('a safe incoming X-Request-Id is echoed in header, body and log', async () => {
      logger.clear();
      const res = await get('/boom', { 'x-request-id': 'req-42.abc_DEF' });
      assert.equal(res.headers.get('x-request-id'), 'req-42.abc_DEF');
      const body = await json(res);
      assert.equal(body.instance, 'req-42.abc_DEF');
      assert.equal(lastLog().obj.requestId, 'req-42.abc_DEF');
    });

    test('a hostile X-Request-Id (10 KB, or unsafe characters) is not echoed', async () => {
      for (const hostile of ['x'.repeat(10 * 1024), 'a b"<script>', 'abc,def']) {
        const res = await get('/boom', { 'x-request-id': hostile });
        const id = res.headers.get('x-request-id') ?? '';
        assert.match(id, UUID);
        const text = await res.text();
        assert.ok(!text.includes(hostile.slice(0, 20)) || hostile.startsWith('x'), 'not echoed in body');
        assert.equal(JSON.parse(text).instance, id);
      }
    });

    test('a valid traceparent gives the request id and trace id; a malformed one is ignored', async () => {
      const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
      const ok = await get('/boom', { traceparent: `00-${traceId}-00f067aa0ba902b7-01` });
      assert.equal(ok.headers.get('x-request-id'), traceId);
      assert.equal((await json(ok)).traceId, traceId);

      const malformed = `00-${traceId.toUpperCase()}-00f067aa0ba902b7-01`;
      const bad = await get('/boom', { traceparent: malformed });
      const id = bad.headers.get('x-request-id') ?? '';
      assert.match(id, UUID);
      const body = await json(bad);
      assert.notEqual(body.traceId.toLowerCase(), traceId);
      assert.ok(!JSON.stringify(body).includes(traceId.toUpperCase()));
    });

    const clientErrors: [string, number, string][] = [
      ['http-error', 404, 'No order with id 42'],
      ['http-errors', 409, 'Order already exists'],
      ['boom4xx', 400, 'Quantity must be positive'],
    ];
    for (const [kind, status, detail] of clientErrors) {
      test(`a ${status} from ${kind} keeps its status and exposed message, logged without stack`, async () => {
        logger.clear();
        const res = await get(`/fail/${kind}`);
        assert.equal(res.status, status);
        assert.equal(res.headers.get('content-type'), 'application/problem+json');
        const body = await json(res);
        assert.equal(body.status, status);
        assert.equal(body.detail, detail);
        const log = lastLog();
        assert.equal(log.level, 'info');
        assert.equal(log.obj.category, 'client');
        assert.equal(log.obj.error.stack, undefined);
      });
    }

    for (const kind of ['http-errors-500', 'boom5xx']) {
      test(`a 5xx from ${kind} keeps its status but not its message`, async () => {
        const res = await get(`/fail/${kind}`);
        assert.equal(res.status, 500);
        assertNoLeak(await res.text(), 'body');
      });
    }

    test('an HttpError 503 that opts in exposes its detail and Retry-After', async () => {
      const res = await get('/fail/http-error-503');
      assert.equal(res.status, 503);
      assert.equal(res.headers.get('retry-after'), '120');
      const body = await json(res);
      assert.equal(body.detail, 'Down for maintenance');
      assert.equal(body.retryAfter, 120);
    });

    test('a wrapped ECONNREFUSED answers 503 dependency with Retry-After', async () => {
      logger.clear();
      const res = await get('/fail/dependency');
      assert.equal(res.status, 503);
      assert.ok(Number(res.headers.get('retry-after')) > 0);
      const text = await res.text();
      assertNoLeak(text, 'body');
      assert.ok(!text.includes('dependency'), 'the category stays in the log');
      const log = lastLog();
      assert.equal(log.obj.category, 'dependency');
      assert.equal(log.obj.error.causes[0].code, 'ECONNREFUSED');
    });

    test('a timeout answers 504', async () => {
      logger.clear();
      const res = await get('/fail/timeout');
      assert.equal(res.status, 504);
      assert.equal(lastLog().obj.category, 'timeout');
    });

    for (const kind of HOSTILE) {
      test(`a thrown ${kind} is handled safely and the server keeps serving`, async () => {
        logger.clear();
        const res = await get(`/fail/${kind}`);
        assert.equal(res.status, 500);
        const text = await res.text();
        assertNoLeak(text, 'body');
        assert.equal(JSON.parse(text).status, 500);
        assert.equal(errorLogs().length, 1);
        assert.ok(!JSON.stringify(errorLogs()[0]?.obj ?? {}).includes('hunter2'));
        assert.equal((await get('/ok')).status, 200);
      });
    }

    test('a cause cycle is logged once per error, bounded', async () => {
      logger.clear();
      await get('/fail/cycle');
      const log = lastLog();
      assert.equal(log.obj.error.message, 'outer');
      assert.equal(log.obj.error.causes.length, 1);
      assert.equal(log.obj.error.causes[0].message, 'inner');
    });

    for (const path of ['/late', '/stream-fail']) {
      test(`an error after headers were sent (${path}) cuts the response and is logged`, async () => {
        logger.clear();
        const res = await get(path);
        assert.equal(res.status, 200);
        await assert.rejects(res.text(), 'the caller sees a failed body, not a complete one');
        const log = await waitFor(() => logger.records.find((r) => r.obj.afterHeadersSent));
        assert.equal(log.level, 'error');
        assert.ok(log.obj.error.stack);
        assert.equal((await get('/ok')).status, 200);
      });
    }

    test('an unmatched route answers a problem 404', async () => {
      const res = await get('/no/such/route');
      assert.equal(res.status, 404);
      assert.equal(res.headers.get('content-type'), 'application/problem+json');
      assert.equal((await json(res)).status, 404);
    });
  });

  describe(`adapter: ${framework}: a storm of one error`, () => {
    const logger = captureLogger();
    const faultline = createFaultline({ service: 'suite', logger });
    let app: ExampleApp;

    before(async () => {
      app = await (await starter())(faultline);
    });
    after(async () => {
      await app.close();
      await faultline.close();
    });

    test('its first occurrence is logged in full, the others compactly naming it, then one count line', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 20; i++) {
        const res = await fetch(`${app.url}/boom`, { headers: { 'x-request-id': `storm-${i}` } });
        assert.equal(res.status, 500);
        ids.push(res.headers.get('x-request-id') ?? '');
      }
      const errors = logger.records.filter((r) => r.level === 'error');
      assert.equal(errors.length, 20);
      const [full, ...compact] = errors;
      assert.equal(full?.obj.requestId, 'storm-0');
      assert.ok(full?.obj.error.stack, 'the first one carries the stack');
      for (const [i, line] of compact.entries()) {
        assert.equal(line.obj.repeatOf, 'storm-0');
        assert.equal(line.obj.occurrence, i + 2);
        assert.equal(line.obj.error, undefined, 'no stack, no message: the full line has them');
        assert.equal(line.obj.status, 500);
        assert.match(line.msg ?? '', /-> 500 unknown \(again, as request storm-0\)$/);
      }
      assert.deepEqual(
        errors.map((r) => r.obj.requestId),
        ids,
        'every request id is in the logs',
      );
      await faultline.close();
      const count = logger.records.at(-1);
      assert.equal(count?.obj.count, 19);
      assert.equal(count?.obj.repeatOf, 'storm-0');
      assert.match(count?.msg ?? '', /19 more like request storm-0 in \d+ s$/);
    });
  });

  // A heap threshold of 1 byte is past its full point (2 bytes) from the first sample: every
  // request is refused, deterministically, through the adapter's real first middleware / hook.
  describe(`adapter: ${framework}: load shedding`, () => {
    const logger = captureLogger();
    const faultline = createFaultline({
      service: 'suite',
      logger,
      shed: { maxHeapUsedBytes: 1, exemptPaths: ['/ok'], retryAfterMinSeconds: 3, retryAfterMaxSeconds: 9 },
    });
    let app: ExampleApp;

    before(async () => {
      app = await (await starter())(faultline);
    });
    after(async () => {
      await app.close();
      await faultline.close();
    });

    test('an overloaded server answers 503 overload with a jittered Retry-After, before the route runs', async () => {
      const retryAfters = new Set<string>();
      for (let i = 0; i < 30; i++) {
        const res = await fetch(`${app.url}/boom`, { headers: { 'x-request-id': `shed-${i}` } });
        assert.equal(res.status, 503);
        assert.equal(res.headers.get('content-type'), 'application/problem+json');
        assert.equal(res.headers.get('x-request-id'), `shed-${i}`);
        const retryAfter = res.headers.get('retry-after') ?? '';
        assert.match(retryAfter, /^[3-9]$/);
        retryAfters.add(retryAfter);
        const text = await res.text();
        assert.equal(Number(res.headers.get('content-length')), Buffer.byteLength(text));
        const body = JSON.parse(text);
        assert.equal(body.type, 'about:blank');
        assert.equal(body.title, 'Service Unavailable');
        assert.equal(body.status, 503);
        assert.equal(body.instance, `shed-${i}`);
        assert.equal(body.retryAfter, Number(retryAfter));
        assert.equal(body.detail, undefined);
        assert.ok(!text.includes('overload'), 'the category stays out of the body');
      }
      assert.ok(retryAfters.size > 1, `Retry-After varies: ${[...retryAfters]}`);
      // /boom throws and logs an error line when it runs: it never ran, and a refusal logs nothing.
      assert.equal(logger.records.length, 0);
      assert.equal(faultline.shedder?.stats().shed, 30);
    });

    test('an exempt path is served while everything else is refused', async () => {
      const res = await fetch(`${app.url}/ok`);
      assert.equal(res.status, 200);
      assert.deepEqual(await json(res), { ok: true });
      assert.ok((faultline.shedder?.stats().exempted ?? 0) >= 1);
      assert.equal((await fetch(`${app.url}/no/such/route`)).status, 503);
    });
  });
}
