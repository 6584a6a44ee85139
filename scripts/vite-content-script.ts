/**
 * Vite plugin (after crxjs): the content script becomes ONE classic script, built from content-scripts/main.ts
 * with the guide inlined, and the manifest lists no web-accessible resource at all.
 *
 * Why: crxjs loads a content script through a loader that `import()`s its chunks from
 * `chrome-extension://<id>/assets/…`, which therefore must be web-accessible on the console hosts, at URLs fixed
 * per install: any console page could fetch them and learn that Keyhole is installed. `use_dynamic_url: true`
 * would hide them, but Chrome (130 and later, still in 156) refuses a content script's dynamic import of a
 * dynamic-URL resource (https://issues.chromium.org/issues/363027634), so the guide would never load. Bundled, the
 * content script needs nothing web-accessible. Cost: the guide's code (≈ 20 kB gzipped, under the 25 kB budget) is
 * parsed on every console page; it still does no DOM work until the URL is one of the playbook's pages.
 */
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, type Plugin } from 'vite';

export const CONTENT_SCRIPT_FILE = 'assets/keyhole-content.js';

export function singleContentScript(entry: string, target: string): Plugin {
  let outDir = 'dist';
  let mode = 'production';
  let nested = false;
  return {
    name: 'keyhole:single-content-script',
    apply: 'build',
    enforce: 'post',
    configResolved(c) {
      outDir = c.build.outDir;
      mode = c.mode;
      nested = c.build.lib !== false || !!process.env.KEYHOLE_NESTED_BUILD;
    },
    async closeBundle() {
      if (nested) return;
      process.env.KEYHOLE_NESTED_BUILD = '1';
      try {
        await build({
          // The outer build's mode: `import.meta.env.MODE` must not follow NODE_ENV (vitest sets it to 'test', and a
          // build run from a test would otherwise keep the unit tests' branches: not what ships).
          mode,
          configFile: false,
          logLevel: 'warn',
          publicDir: false,
          build: {
            outDir,
            emptyOutDir: false,
            // KEYHOLE_NO_MINIFY=1: readable function names in CPU profiles (never for a release).
            minify: !process.env.KEYHOLE_NO_MINIFY,
            // KEYHOLE_SOURCEMAP=1: a map to attribute the script's bytes to its sources (never for a release).
            sourcemap: !!process.env.KEYHOLE_SOURCEMAP,
            target,
            modulePreload: false,
            copyPublicDir: false,
            rollupOptions: {
              input: entry,
              output: { format: 'iife', entryFileNames: CONTENT_SCRIPT_FILE, inlineDynamicImports: true },
            },
          },
        });
      } finally {
        delete process.env.KEYHOLE_NESTED_BUILD;
      }
      if (!process.env.KEYHOLE_NO_MINIFY && !process.env.KEYHOLE_SOURCEMAP) await squeeze(join(outDir, CONTENT_SCRIPT_FILE));
      const file = join(outDir, 'manifest.json');
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> & { content_scripts?: Array<{ js: string[] }> };
      const replaced = new Set((manifest.content_scripts ?? []).flatMap((cs) => cs.js).filter((f) => f !== CONTENT_SCRIPT_FILE));
      for (const cs of manifest.content_scripts ?? []) cs.js = [CONTENT_SCRIPT_FILE];
      delete manifest.web_accessible_resources;
      writeFileSync(file, JSON.stringify(manifest, null, 2));
      removeUnreferenced(outDir, replaced);
    },
  };
}

/**
 * A second minifier over the first's output: terser's compressor (safe options only: no `unsafe*`, no
 * `pure_getters`, which would drop reads such as `offsetWidth` done for their layout) finds what Vite's minifier
 * leaves, about 470 bytes gzipped on this script (issue 13: the 25 kB budget). Not with a source map (it would no
 * longer match) nor for an unminified build.
 */
async function squeeze(path: string): Promise<void> {
  const { minify } = await import('terser');
  const out = await minify(readFileSync(path, 'utf8'), { ecma: 2020, toplevel: true, compress: { passes: 2, ecma: 2020 }, mangle: true });
  if (!out.code) throw new Error(`[keyhole] terser produced nothing for ${path}`);
  writeFileSync(path, out.code);
}

/**
 * crxjs's loader (the file the manifest listed before) and the chunks only it imported are dead weight in the
 * package once the single script replaces them: remove the loader, then every JavaScript asset no other built file
 * names, until none is left (the worker's, the popup's and the content script's files all stay referenced).
 */
function removeUnreferenced(outDir: string, loaders: Set<string>): void {
  for (const f of loaders) if (existsSync(join(outDir, f))) rmSync(join(outDir, f));
  const assets = join(outDir, 'assets');
  if (!existsSync(assets)) return;
  const texts = (): Map<string, string> => {
    const all = new Map<string, string>();
    const walk = (dir: string, rel: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, e.name);
        if (e.isDirectory()) walk(path, `${rel}${e.name}/`);
        else if (/\.(js|html|json|css)$/.test(e.name)) all.set(`${rel}${e.name}`, readFileSync(path, 'utf8'));
      }
    };
    walk(outDir, '');
    return all;
  };
  for (let removed = true; removed; ) {
    removed = false;
    const all = texts();
    for (const name of readdirSync(assets)) {
      const rel = `assets/${name}`;
      if (!name.endsWith('.js') || rel === CONTENT_SCRIPT_FILE || !loaders.size) continue;
      const used = [...all].some(([other, text]) => other !== rel && text.includes(name));
      if (!used) {
        rmSync(join(assets, name));
        removed = true;
      }
    }
  }
}
