// A node:http app for the reporter tests: /boom throws (500), /missing is a 404, anything
// else answers 200. Real server on 127.0.0.1, port 0.
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpError } from '@faultline/core';
import { faultlineHandler } from '../src/adapters/node.js';
import { createFaultline, type Faultline, type FaultlineOptions } from '../src/index.js';
import { captureLogger } from './helpers.js';

export interface TestApp {
  url: string;
  faultline: Faultline;
  get(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

export function boomError(): Error {
  return new Error('boom: password=hunter2');
}

export async function startApp(options: FaultlineOptions): Promise<TestApp> {
  // Rates envelopes would share the queue and the sent counts these event tests assert on;
  // rates.test.ts covers them.
  const faultline = createFaultline({ logger: captureLogger(), service: 'orders', rates: false, ...options });
  const server = http.createServer(
    faultlineHandler(
      faultline,
      (req, res) => {
        if (req.url?.startsWith('/boom')) throw boomError();
        if (req.url?.startsWith('/missing')) throw new HttpError(404, 'no such order');
        res.end('ok');
      },
      { route: (req) => (req.url?.startsWith('/boom') ? '/boom' : undefined) },
    ),
  );
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    faultline,
    get: (path, init) => fetch(`${url}${path}`, init),
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await faultline.close(1000);
    },
  };
}

/** GETs `path` and reads the body, `n` times with `concurrency` in parallel. */
export async function hammer(app: TestApp, path: string, n: number, concurrency = 10): Promise<number[]> {
  const statuses: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        next++;
        const res = await app.get(path);
        await res.arrayBuffer();
        statuses.push(res.status);
      }
    }),
  );
  return statuses;
}
