/**
 * No document in the repository links to a file that is not in it: every relative Markdown
 * link or image, in every tracked .md file, names a tracked file or folder (anchors aside).
 * A link to a file outside the repository, or to one only a local build creates, fails here.
 */

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { test } from 'node:test';

const root = realpathSync(new URL('../..', import.meta.url).pathname);
const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
  .split('\0')
  .filter(Boolean);
const trackedSet = new Set(tracked);
const folders = new Set(
  tracked.flatMap((f) =>
    f
      .split('/')
      .slice(0, -1)
      .map((_, i, parts) => parts.slice(0, i + 1).join('/')),
  ),
);

/** `[text](target)`, `![alt](target "title")` and `<img src="target">` outside code blocks. */
function links(markdown: string): string[] {
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
  const found: string[] = [];
  for (const m of prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) found.push(m[1] as string);
  for (const m of prose.matchAll(/\b(?:src|href)="([^"]+)"/g)) found.push(m[1] as string);
  return found;
}

test('every relative link in every document names a file in the repository', () => {
  const docs = tracked.filter((f) => f.endsWith('.md'));
  assert.ok(docs.length > 5, 'the documents were found');
  const broken: string[] = [];
  for (const doc of docs) {
    for (const target of links(readFileSync(join(root, doc), 'utf8'))) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) continue; // URLs, anchors
      const path = decodeURIComponent(target.replace(/[#?].*$/, ''));
      const resolved = relative(root, normalize(join(root, dirname(doc), path)));
      if (!trackedSet.has(resolved) && !folders.has(resolved.replace(/\/$/, '')))
        broken.push(`${doc}: ${target}`);
    }
  }
  assert.deepEqual(broken, []);
});
