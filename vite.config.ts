import { defineConfig } from 'vitest/config';
import preact from '@preact/preset-vite';
import { crx } from '@crxjs/vite-plugin';
import manifest from './manifest.config.ts';
import { singleContentScript } from './scripts/vite-content-script.ts';

export default defineConfig({
  plugins: [preact(), crx({ manifest }), singleContentScript('content-scripts/main.ts', 'chrome120')],
  build: {
    outDir: process.env.KEYHOLE_OUT ?? 'dist',
    emptyOutDir: true,
    // No preload helper: the extension never fetches anything, not even its own chunks by script.
    modulePreload: { polyfill: false },
    sourcemap: false,
    minify: true,
    target: 'chrome120',
    rollupOptions: {
      input: { report: 'popup/report.html', options: 'popup/options.html' },
    },
  },
  server: { port: 5173, strictPort: true },
  test: {
    environment: 'happy-dom',
    include: ['tests/unit/**/*.test.ts'],
  },
});
