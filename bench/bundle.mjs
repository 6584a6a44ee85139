// Builds bench/inpage-entry.ts into one IIFE (Vite library mode, no extension plugins) for injection into pages.
import { build } from 'vite';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './lib.mjs';

export async function buildInpageBundle() {
  const out = mkdtempSync(join(tmpdir(), 'keyhole-bench-inpage-'));
  try {
    await build({
      configFile: false,
      root: ROOT,
      logLevel: 'error',
      define: { 'import.meta.env.DEV': 'false', 'import.meta.env.MODE': '"production"' },
      build: {
        outDir: out,
        emptyOutDir: true,
        minify: true,
        target: 'chrome120',
        lib: { entry: join(ROOT, 'bench/inpage-entry.ts'), formats: ['iife'], name: '__khBenchLib', fileName: () => 'inpage.js' },
      },
    });
    return readFileSync(join(out, 'inpage.js'), 'utf8');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
