// Vite builds index.html and src/ into dist/web, which the collector serves at `/`.
// tsc compiles src/ and test/ into dist/src and dist/test for the node:test runner; the two
// outputs share dist/ but never a folder.
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist/web',
    emptyOutDir: true,
    // No inline <script> or data: modules: the collector's CSP allows only 'self' scripts.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: true,
  },
});
