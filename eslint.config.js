// ESLint flat config. Besides the usual TypeScript and React-hooks rules it enforces Spanmap's
// layering with a small local rule: imports may only point *down* the list in LAYERS.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import path from 'node:path';

const ROOT = path.dirname(new URL(import.meta.url).pathname);

// layer -> layers it may import. The pure core (web/core/**) sits at the bottom and never reaches
// React, the DOM, state or views; views never import each other sideways (waterfall <-/-> topology).
const LAYERS = {
  'core/lib': [],
  'core/model': ['core/lib'],
  'core/formats': ['core/model', 'core/lib'],
  'core/graph': ['core/model', 'core/lib'],
  'core/layout': ['core/graph', 'core/model', 'core/lib'],
  'core/search': ['core/model', 'core/lib'],
  'core/synth': ['core/model', 'core/lib'],
  'core/stream': ['core/formats', 'core/model', 'core/lib'],
  'core/load': ['core/stream', 'core/formats', 'core/graph', 'core/model', 'core/lib'],
  worker: ['core/*'],
  state: ['worker', 'core/*'],
  ui: ['core/lib'],
  'views/shared': ['state', 'ui', 'core/*'],
  'views/details': ['views/shared', 'state', 'ui', 'core/*'],
  'views/waterfall': ['views/details', 'views/shared', 'state', 'ui', 'core/*'],
  'views/topology': ['views/details', 'views/shared', 'state', 'ui', 'core/*'],
  embed: ['views/*', 'state', 'ui', 'worker', 'core/*'],
  app: ['embed', 'views/*', 'state', 'ui', 'worker', 'core/*'],
  cli: ['core/*'],
  test: ['core/*'],
};
const CORE_FORBIDDEN_PACKAGES = /^(react|react-dom|zustand|@tanstack\/|d3$|d3-(selection|zoom|drag|transition))/;

function layerOf(file) {
  const rel = path.relative(path.join(ROOT, 'web'), file).split(path.sep);
  if (rel[0] === '..' || rel.length < 2) return null;
  const two = `${rel[0]}/${rel[1]}`;
  if (rel[0] === 'core' || rel[0] === 'views') return LAYERS[two] ? two : two;
  return rel[0];
}
function allowed(from, to) {
  if (from === to) return true;
  const list = LAYERS[from];
  if (!list) return false;
  return list.some((l) => (l.endsWith('/*') ? to.startsWith(l.slice(0, -1)) : l === to));
}

const layersRule = {
  meta: { type: 'problem', schema: [], messages: { up: "layer '{{from}}' may not import from '{{to}}' (see LAYERS in eslint.config.js)", pkg: "the pure core may not import '{{pkg}}'" } },
  create(context) {
    const file = context.filename;
    const isTest = /\.test\.tsx?$/.test(file);
    const from = layerOf(file);
    if (!from) return {};
    function check(node, source) {
      if (typeof source !== 'string') return;
      if (!source.startsWith('.')) {
        if (from.startsWith('core/') && CORE_FORBIDDEN_PACKAGES.test(source)) context.report({ node, messageId: 'pkg', data: { pkg: source } });
        return;
      }
      const to = layerOf(path.resolve(path.dirname(file), source));
      if (!to || allowed(from, to)) return;
      if (isTest && to === 'test') return; // tests may use the shared test helpers
      context.report({ node, messageId: 'up', data: { from, to } });
    }
    return {
      ImportDeclaration: (n) => check(n, n.source.value),
      ExportNamedDeclaration: (n) => n.source && check(n, n.source.value),
      ExportAllDeclaration: (n) => check(n, n.source.value),
      ImportExpression: (n) => n.source.type === 'Literal' && check(n, n.source.value),
    };
  },
};

export default tseslint.config(
  { ignores: ['dist/**', 'dist-lib/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bench/out/**', 'public/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks, spanmap: { rules: { layers: layersRule } } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'spanmap/layers': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': ['error', { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Trace data is untrusted: never render it as HTML.' }],
    },
  },
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
);
