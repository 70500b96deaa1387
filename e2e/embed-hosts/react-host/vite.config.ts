/** Builds the React host page of e2e/embed.spec.ts (out dir: SPANMAP_REACT_HOST_OUT). */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: HERE,
  base: '/react/',
  publicDir: false,
  logLevel: 'warn',
  plugins: [react()],
  worker: { format: 'es' },
  build: {
    outDir: process.env.SPANMAP_REACT_HOST_OUT ?? path.join(HERE, '../../../test-results/embed-react-host'),
    emptyOutDir: true,
    target: 'es2022',
  },
});
