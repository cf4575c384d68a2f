#!/usr/bin/env node
// The `faultline` command. Checked in (not built) so npm can link it at install time, before
// the first build; it runs the built entry point, or says how to build it.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/src/bin.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('faultline: the command line is not built yet. Run `npm run build` in the repository root.');
  process.exit(1);
}
await import(entry.href);
