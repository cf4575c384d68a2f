/**
 * Inventory's stock database: a real TCP server on 127.0.0.1 answering one line per
 * connection (`<sku>\n` → `<count>\n`), so that when it is down inventory's queries fail the
 * way a database driver's do, with a real socket error (ECONNRESET) in the cause chain, which
 * Faultline classifies as a dependency failure. Down, it accepts and resets every connection
 * instead of closing its port: a closed port could be taken by another process meanwhile.
 */

import { once } from 'node:events';
import net from 'node:net';
import { DEMO_DB_QUERY_TIMEOUT_MS } from '../limits.js';

/** The running database, as inventory and the timeline use it. */
export interface StockDatabase {
  readonly port: number;
  /** While true, every connection is reset as soon as it is accepted. */
  down: boolean;
  close(): Promise<void>;
}

/**
 * @example const db = await startStockDatabase(); db.down = true; await db.close();
 */
export async function startStockDatabase(): Promise<StockDatabase> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    if (db.down) {
      socket.resetAndDestroy();
      return;
    }
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => {}); // a client that went away; nothing to answer
    socket.setEncoding('utf8');
    let line = '';
    socket.on('data', (chunk: string) => {
      line += chunk;
      if (!line.includes('\n')) return;
      const sku = line.slice(0, line.indexOf('\n'));
      socket.end(`${sku.length * 7}\n`);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const db: StockDatabase = {
    port: (server.address() as net.AddressInfo).port,
    down: false,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  return db;
}

/**
 * Reads one item's stock, as a driver would: a refused, reset or silent connection rejects
 * with an Error whose `cause` is the socket's error.
 * @example await queryStock(db.port, 'sku-42') // 42
 */
export function queryStock(port: number, sku: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    const fail = (cause: Error) => {
      socket.destroy();
      reject(new Error(`could not read the stock of ${sku}`, { cause }));
    };
    socket.setEncoding('utf8');
    socket.setTimeout(DEMO_DB_QUERY_TIMEOUT_MS, () =>
      fail(Object.assign(new Error('stock database query timed out'), { code: 'ETIMEDOUT' })),
    );
    socket.on('error', fail);
    socket.on('data', (chunk: string) => {
      answer += chunk;
    });
    socket.once('end', () => {
      const count = Number.parseInt(answer, 10);
      if (Number.isInteger(count)) resolve(count);
      else fail(Object.assign(new Error('stock database closed the connection'), { code: 'ECONNRESET' }));
    });
    socket.write(`${sku}\n`);
  });
}
