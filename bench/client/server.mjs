// The struggling server of the retry-storm bench (anchors §4.3), run as a child process so
// its CPU is not the load generator's. A fixed capacity: a token bucket admits `capacity`
// req/s into a 5 ms service, a FIFO queue holds `queue` more, and overflow gets a fast 503.
// Like most real servers it does not notice that a queued request's client has gone.
//
// Faults (set over IPC): S1 50 % fast 503s; S2 the same with Retry-After: 2; S3 capacity
// halved; S4 connections refused (the port is closed); S5 50 % of bodies stall 3 s after
// the headers. POSTs carry `x-bench-id` (the logical request); with an Idempotency-Key the
// server replays the stored answer (409 while in flight, as the IETF draft says), without
// one it executes every delivery, and each execution beyond the first is a duplicate.
import { createServer } from 'node:http';

const SERVICE_MS = 5;
const BURST = 10;
let capacity = 375;
let queueMax = 150;
let fault = null;
let tokens = BURST;
let lastRefill = performance.now();
const queue = [];
let executions = new Map(); // x-bench-id -> executions
let keyed = new Map(); // idempotency-key -> 'in-flight' | 'done'
let arrivals = 0;
let shed = 0;
const sockets = new Set();

function refill() {
  const now = performance.now();
  const rate = fault === 'S3' ? capacity / 2 : capacity;
  tokens = Math.min(BURST, tokens + ((now - lastRefill) * rate) / 1000);
  lastRefill = now;
}

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body);
}

function serve(req, res) {
  let key;
  if (req.method === 'POST') {
    key = req.headers['idempotency-key'];
    const state = key === undefined ? undefined : keyed.get(key);
    if (state === 'done') return send(res, 200, '{"replayed":true}');
    if (state === 'in-flight') return send(res, 409, '{"title":"Conflict"}');
    if (key !== undefined) keyed.set(key, 'in-flight');
  }
  setTimeout(() => {
    if (req.method === 'POST') {
      if (key !== undefined) keyed.set(key, 'done');
      const id = req.headers['x-bench-id'];
      executions.set(id, (executions.get(id) ?? 0) + 1);
    }
    if (fault === 'S5' && Math.random() < 0.5) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"ok":');
      const t = setTimeout(() => res.end('true}'), 3000);
      res.on('close', () => clearTimeout(t));
      return;
    }
    send(res, 200, '{"ok":true}');
  }, SERVICE_MS);
}

function pump() {
  refill();
  while (queue.length > 0 && tokens >= 1) {
    tokens -= 1;
    const [req, res] = queue.shift();
    serve(req, res);
  }
}
setInterval(pump, 2).unref();

const server = createServer((req, res) => {
  arrivals++;
  req.resume();
  req.on('end', () => {
    if ((fault === 'S1' || fault === 'S2') && Math.random() < 0.5) {
      shed++;
      return send(res, 503, '{"title":"Service Unavailable"}', fault === 'S2' ? { 'retry-after': '2' } : {});
    }
    refill();
    if (queue.length === 0 && tokens >= 1) {
      tokens -= 1;
      return serve(req, res);
    }
    if (queue.length >= queueMax) {
      shed++;
      return send(res, 503, '{"title":"Service Unavailable"}');
    }
    queue.push([req, res]);
  });
});
server.keepAliveTimeout = 60_000;
server.on('connection', (s) => {
  sockets.add(s);
  s.on('close', () => sockets.delete(s));
});

let port = 0;
function listen() {
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server.address().port)));
}

process.on('message', async (msg) => {
  if (msg.type === 'config') {
    capacity = msg.capacity;
    queueMax = msg.queue;
    port = await listen();
    process.send({ type: 'ready', port });
  } else if (msg.type === 'reset') {
    executions = new Map();
    keyed = new Map();
    arrivals = 0;
    shed = 0;
    fault = null;
    queue.length = 0;
    for (const s of sockets) s.destroy();
    process.send({ type: 'reset-done' });
  } else if (msg.type === 'fault') {
    fault = msg.fault;
    if (fault === 'S4') {
      server.close();
      for (const s of sockets) s.destroy();
    }
  } else if (msg.type === 'heal') {
    if (fault === 'S4') await listen();
    fault = null;
  } else if (msg.type === 'stats') {
    let duplicates = 0;
    for (const n of executions.values()) if (n > 1) duplicates += n - 1;
    process.send({ type: 'stats', arrivals, shed, duplicates, postsExecuted: executions.size });
  } else if (msg.type === 'exit') {
    process.exit(0);
  }
});
