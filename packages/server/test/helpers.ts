// Test helpers: a logger that records what it is given, and paths to the example apps.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../src/options.js';

export interface LogRecord {
  level: 'error' | 'warn' | 'info' | 'fatal';
  obj: Record<string, any>;
  msg: string | undefined;
}

export function captureLogger(): Logger & { records: LogRecord[]; clear(): void } {
  const records: LogRecord[] = [];
  const at =
    (level: LogRecord['level']) =>
    (obj: object, msg?: string): void => {
      records.push({ level, obj: obj as Record<string, any>, msg });
    };
  return {
    records,
    clear: () => {
      records.length = 0;
    },
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    fatal: at('fatal'),
  };
}

/** The repository root (tests run from src and from dist). */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'examples'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('repository root not found');
    dir = up;
  }
  return dir;
}

export async function waitFor<T>(probe: () => T | undefined, ms = 2000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('waitFor: timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
