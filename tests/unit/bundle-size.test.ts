/**
 * The content script stays small (issue 13: ≤ 25 kB gzipped): every JavaScript file it loads on a setup page,
 * walked from the built manifest exactly as the bench does (bench/scenarios/size.mjs), each gzipped at level 9.
 * The extension is built here with Vite's API into a temporary directory, so the test never depends on a stale or
 * missing dist/.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
// @ts-expect-error: plain ESM helper shared with the bench
import { contentScriptSize } from '../../bench/scenarios/size.mjs';

const BUDGET = 25_000;
const ROOT = resolve(import.meta.dirname, '../..');

describe('content script size', () => {
  it(`the content script loads at most ${BUDGET} bytes gzipped, and no zod`, async () => {
    const out = mkdtempSync(join(tmpdir(), 'keyhole-size-'));
    try {
      await build({ root: ROOT, configFile: join(ROOT, 'vite.config.ts'), logLevel: 'error', build: { outDir: out, emptyOutDir: true } });
      const size = contentScriptSize(out);
      // The walk found the loader, the entry and the guide (a walk that found nothing would pass any budget).
      expect(Object.keys(size.files).length).toBeGreaterThanOrEqual(3);
      expect(size.contentScriptGzipBytes).toBeGreaterThan(3_000);
      expect(size.contentScriptIdleGzipBytes).toBeLessThan(size.contentScriptGzipBytes);
      expect(size.zodInContentScript).toBe(false);
      expect(size.contentScriptGzipBytes).toBeLessThanOrEqual(BUDGET);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 300_000);
});
