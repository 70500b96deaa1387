/**
 * Library build (`npm run build:lib`): Spanmap for other pages, into dist-lib/.
 *
 * - dist-lib/index.js + dist-lib/style.css: the <SpanmapViewer> React component (ES module);
 *   react, react-dom and the other dependencies stay imports (peer / regular dependencies).
 * - dist-lib/element.js: the <spanmap-viewer> custom element with React and everything else
 *   bundled in, for pages without a bundler or React. Built by a second, nested build (a library
 *   build has one set of externals), started when the first one finishes.
 * - dist-lib/assets/engine.worker-*.js: the engine worker, started with
 *   new Worker(new URL(..., import.meta.url), { type: 'module' }) relative to the module.
 * Type declarations: `tsc -p tsconfig.lib.json` (dist-lib/types).
 */
import { build, defineConfig } from 'vite';
import type { InlineConfig, Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.dirname(fileURLToPath(import.meta.url));
const OUT = process.env.SPANMAP_LIB_OUT ? path.resolve(process.env.SPANMAP_LIB_OUT) : path.join(ROOT, 'dist-lib');

/** Shared by both builds. */
function common(): InlineConfig {
  return {
    configFile: false,
    root: ROOT,
    base: './',
    publicDir: false,
    logLevel: 'warn',
    plugins: [react()],
    worker: { format: 'es' },
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  };
}

/** The custom element bundle: everything bundled, no CSS file (its styles are inlined into the shadow root). */
function elementBuild(): InlineConfig {
  return {
    ...common(),
    build: {
      outDir: OUT,
      emptyOutDir: false,
      target: 'es2022',
      sourcemap: true,
      copyPublicDir: false,
      cssCodeSplit: false,
      lib: { entry: { element: path.join(ROOT, 'web/embed/element.ts') }, formats: ['es'], cssFileName: 'element-unused' },
    },
  };
}

/** Runs the element build after the component build. */
function thenElement(): Plugin {
  let done = false;
  return {
    name: 'spanmap-element-build',
    apply: 'build',
    async closeBundle() {
      if (done) return;
      done = true;
      await build(elementBuild());
      // The element's CSS is inlined into its shadow root; the extracted copy is not needed.
      rmSync(path.join(OUT, 'element-unused.css'), { force: true });
    },
  };
}

const external = (id: string) => /^(react|react-dom|zustand|@tanstack\/|d3|d3-[a-z-]+|elkjs)(\/|$)/.test(id);

export default defineConfig({
  ...common(),
  configFile: undefined,
  plugins: [react(), thenElement()],
  build: {
    outDir: OUT,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    copyPublicDir: false,
    cssCodeSplit: false,
    lib: { entry: { index: path.join(ROOT, 'web/embed/index.ts') }, formats: ['es'], cssFileName: 'style' },
    rolldownOptions: { external },
  },
});
