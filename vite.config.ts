/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  // Relative base: the built site works from any sub-path (GitHub Pages, a folder on a static host).
  base: './',
  plugins: [react()],
  server: { port: 5173, strictPort: false, host: '127.0.0.1' },
  preview: { port: 4173, host: '127.0.0.1' },
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
  test: {
    include: ['web/**/*.test.ts', 'web/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 60_000,
    pool: 'threads',
  },
});
