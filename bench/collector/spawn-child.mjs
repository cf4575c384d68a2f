// Starts a bench child (a collector or the bare server) in its own process, pinned to CPU 0
// with `taskset` when it exists (the load stays on CPU 1) unless `pin: false`, with an IPC channel. The child
// prints one JSON line on stdout when it listens; `ask` sends it a message and awaits the
// reply of a given type.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';

export const hasTaskset = existsSync('/usr/bin/taskset');

/**
 * @example const c = await spawnChild('collector-process.mjs', { store: 'sqlite', dataDir });
 * const { rss } = await c.ask({ type: 'rss' }, 'rss'); await c.stop();
 */
export async function spawnChild(script, config, { nodeArgs = [], pin = true } = {}) {
  const path = new URL(script, import.meta.url).pathname;
  const node = [process.execPath, ...nodeArgs, path, JSON.stringify(config)];
  const pinned = pin && hasTaskset;
  const child = spawn(pinned ? 'taskset' : node[0], pinned ? ['-c', '0', ...node] : node.slice(1), {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  const info = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(JSON.parse(out.slice(0, nl)));
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before listening`)));
  });
  const ask = (message, replyType) => {
    const reply = new Promise((resolve) => {
      const on = (m) => {
        if (m.type !== replyType) return;
        child.off('message', on);
        resolve(m);
      };
      child.on('message', on);
    });
    child.send(message);
    return reply;
  };
  return {
    ...info,
    child,
    ask,
    /** Asks the child to close cleanly (a --cpu-prof profile is written then) and waits for it. */
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
