import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { EventLoopSampler } from './node-load.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('@faultline/core/node-load', () => {
  test('EventLoopSampler reads a blocked loop as busy and late, then a quiet one as neither', async () => {
    const loop = new EventLoopSampler();
    try {
      await sleep(30);
      loop.read();
      const until = performance.now() + 150;
      while (performance.now() < until);
      assert.ok(loop.sinceRead().utilization > 0.9, 'the block is seen while it runs');
      await sleep(15); // the histogram records the stall once its timer fires
      const busy = loop.read();
      assert.ok(busy.utilization > 0.5, `utilization ${busy.utilization}`);
      assert.ok(busy.delayMs > 20, `delay ${busy.delayMs}`);
      await sleep(200);
      const calm = loop.read();
      assert.ok(calm.utilization < busy.utilization, `utilization ${calm.utilization}`);
      assert.ok(calm.delayMs < busy.delayMs, `delay ${calm.delayMs}`);
    } finally {
      loop.close();
    }
  });

  test("core's main entry imports no node: module (it runs in browsers and edge runtimes)", () => {
    const dir = dirname(fileURLToPath(import.meta.url));
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      for (const [, spec] of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*'([^']+)'/g)) {
        assert.ok(!spec?.startsWith('node:'), `${file} imports ${spec}`);
        if (spec?.startsWith('.')) visit(join(dirname(file), spec));
      }
    };
    visit(join(dir, 'index.js'));
    assert.ok(seen.size > 20, `walked ${seen.size} files`);
    assert.ok([...seen].some((f) => f.endsWith('graded-share.js')));
  });
});
