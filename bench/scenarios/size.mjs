// contentScriptGzipBytes: every JavaScript file the content script loads on a vendor setup page, from the built
// manifest: the crxjs loader listed in content_scripts, the module it imports through chrome.runtime.getURL, and
// that module's static and dynamic imports (the guide is a dynamic import, loaded only on pages a playbook
// concerns), transitively. Each file is gzipped on its own (level 9) and the sizes are summed.
// contentScriptIdleGzipBytes: the same without dynamic imports: what a vendor page with no step loads.
import { readFileSync } from 'node:fs';
import { join, dirname, posix } from 'node:path';
import { gzipSync } from 'node:zlib';

export function contentScriptSize(dist) {
  const manifest = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8'));
  const walk = (dynamic) => {
    const queue = manifest.content_scripts.flatMap((c) => c.js ?? []);
    const seen = new Map();
    while (queue.length) {
      const rel = posix.normalize(queue.shift());
      if (seen.has(rel)) continue;
      const src = readFileSync(join(dist, rel), 'utf8');
      seen.set(rel, { raw: Buffer.byteLength(src), gzip: gzipSync(src, { level: 9 }).length });
      for (const m of src.matchAll(/getURL\(\s*["'`]([^"'`]+)["'`]\s*\)/g)) queue.push(m[1]);
      const specs = [...src.matchAll(/(?:\bimport\s*(?:[\w$*{}\s,]+from\s*)?|\bexport\s*[\w$*{}\s,]+from\s*)["'`]([^"'`]+\.js)["'`]/g)].map((m) => m[1]);
      if (dynamic) specs.push(...[...src.matchAll(/\bimport\s*\(\s*["'`]([^"'`]+\.js)["'`]\s*\)/g)].map((m) => m[1]));
      for (const spec of specs) {
        if (/^[a-z-]+:/.test(spec)) continue;
        queue.push(spec.startsWith('/') ? spec.slice(1) : posix.join(dirname(rel), spec));
      }
    }
    return seen;
  };
  const seen = walk(true);
  const idle = walk(false);
  const sum = (m, k) => [...m.values()].reduce((a, f) => a + f[k], 0);
  const files = Object.fromEntries(seen);
  const zod = [...seen.keys()].filter((f) => /ZodError|\$ZodType|_zod\b/.test(readFileSync(join(dist, f), 'utf8')));
  return {
    contentScriptGzipBytes: sum(seen, 'gzip'),
    contentScriptRawBytes: sum(seen, 'raw'),
    contentScriptIdleGzipBytes: sum(idle, 'gzip'),
    files,
    zodInContentScript: zod.length > 0,
  };
}
