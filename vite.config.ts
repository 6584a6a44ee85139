import { defineConfig, type Plugin } from 'vitest/config';
import preact from '@preact/preset-vite';
import { crx } from '@crxjs/vite-plugin';
import manifest from './manifest.config.ts';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `KEYHOLE_BROWSER=firefox vite build` builds for Firefox into dist-firefox (crxjs's Firefox mode: no
 * `use_dynamic_url`, which Firefox does not know); the default builds for Chrome into dist. Both manifests carry
 * both background keys (see bothBackgroundKeys), so either build installs in either browser.
 */
const BROWSER = process.env.KEYHOLE_BROWSER === 'firefox' ? 'firefox' : 'chrome';

/**
 * crxjs writes only one background key (service_worker for Chrome, scripts for Firefox). Firefox refuses a manifest
 * with only `service_worker`; Chrome 121+ uses `service_worker` and ignores `scripts`. Write both, same loader file.
 */
function bothBackgroundKeys(): Plugin {
  return {
    name: 'keyhole:both-background-keys',
    enforce: 'post',
    // crxjs emits manifest.json late in its own hooks: edit the written file.
    writeBundle(opts) {
      const file = join(opts.dir ?? 'dist', 'manifest.json');
      const m = JSON.parse(readFileSync(file, 'utf8'));
      const loader: string | undefined = m.background?.service_worker ?? m.background?.scripts?.[0];
      if (!loader) throw new Error('keyhole: the manifest has no background entry');
      m.background = { service_worker: loader, scripts: [loader], type: 'module' };
      if (BROWSER === 'firefox') delete m.minimum_chrome_version;
      writeFileSync(file, `${JSON.stringify(m, null, 2)}\n`);
    },
  };
}
import { singleContentScript } from './scripts/vite-content-script.ts';

export default defineConfig({
  plugins: [
    preact(),
    crx({ manifest, browser: BROWSER }),
    bothBackgroundKeys(),
    singleContentScript('content-scripts/main.ts', BROWSER === 'firefox' ? 'firefox140' : 'chrome120'),
  ],
  build: {
    outDir: process.env.KEYHOLE_OUT ?? (BROWSER === 'firefox' ? 'dist-firefox' : 'dist'),
    emptyOutDir: true,
    // No preload helper: the extension never fetches anything, not even its own chunks by script.
    modulePreload: { polyfill: false },
    sourcemap: false,
    minify: true,
    target: ['chrome121', 'firefox140'],
    rollupOptions: {
      input: { report: 'popup/report.html', options: 'popup/options.html' },
    },
  },
  server: { port: 5173, strictPort: true },
  test: {
    environment: 'happy-dom',
    include: ['tests/unit/**/*.test.ts'],
    // Keyhole's texts come from the extension's message catalog (src/core/texts.ts): the tests read the same file.
    setupFiles: ['tests/unit/setup-texts.ts'],
  },
});
