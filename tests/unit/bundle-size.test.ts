/**
 * The content script stays small (issue 13: ≤ 25 kB gzipped): every JavaScript file the built manifest lists as a
 * content script, walked exactly as the bench does (bench/scenarios/size.mjs), each gzipped at level 9. The
 * extension is built here with Vite's API into a temporary directory, so the test never depends on a stale or
 * missing dist/. Before the catalogs left the content script (issue 13) this failed: 50,705 bytes.
 *
 * The permission catalogs and the overlay's stylesheet are published by the background beside the active playbook
 * (background/publish-guide.ts): they must be in the worker's code and not in the content script.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
// @ts-expect-error: plain ESM helper shared with the bench
import { contentScriptSize } from '../../bench/scenarios/size.mjs';
import { CONTENT_SCRIPT_FILE } from '../../scripts/vite-content-script.ts';

const BUDGET = 25_000;
const ROOT = resolve(import.meta.dirname, '../..');
// A catalog entry's key and one sentence of what it grants; a rule of the overlay's stylesheet.
const CATALOG_SIGNS = ['ModifyAllData', 'CustomizeApplication'];
const CSS_SIGN = /box-sizing:\s*border-box/;

describe('content script size', () => {
  it(`the content script loads at most ${BUDGET} bytes gzipped, no zod, no catalog, no stylesheet`, async () => {
    const out = mkdtempSync(join(tmpdir(), 'keyhole-size-'));
    try {
      // What ships: a production build, not one in vitest's own mode ('test'). Vite derives `import.meta.env.DEV`
      // from NODE_ENV, which vitest sets to 'test': without this, the build keeps the debug branches (+20 bytes).
      const env = process.env.NODE_ENV;
      process.env.NODE_ENV = 'production';
      try {
        await build({ root: ROOT, configFile: join(ROOT, 'vite.config.ts'), mode: 'production', logLevel: 'error', build: { outDir: out, emptyOutDir: true } });
      } finally {
        process.env.NODE_ENV = env;
      }
      const size = contentScriptSize(out);
      // The walk found the one classic content script (a walk that found nothing would pass any budget).
      expect(Object.keys(size.files)).toEqual([CONTENT_SCRIPT_FILE]);
      expect(size.contentScriptGzipBytes).toBeGreaterThan(3_000);
      expect(size.zodInContentScript).toBe(false);
      const content = readFileSync(join(out, CONTENT_SCRIPT_FILE), 'utf8');
      for (const sign of CATALOG_SIGNS) expect(content, sign).not.toContain(sign);
      expect(content).not.toMatch(CSS_SIGN);
      // They are in the extension: in the worker's chunks, which publish them.
      const worker = readdirSync(join(out, 'assets'))
        .filter((f) => f.endsWith('.js') && f !== 'keyhole-content.js')
        .map((f) => readFileSync(join(out, 'assets', f), 'utf8'))
        .join('\n');
      for (const sign of CATALOG_SIGNS) expect(worker, sign).toContain(sign);
      expect(worker).toMatch(CSS_SIGN);
      expect(size.contentScriptGzipBytes).toBeLessThanOrEqual(BUDGET);
      // crxjs's loader for the content script and the chunks only it imported are not shipped.
      expect(readdirSync(join(out, 'assets')).filter((f) => /loader|^content-scripts-/.test(f))).toEqual([]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 300_000);
});
