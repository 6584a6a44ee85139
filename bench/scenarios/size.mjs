// contentScriptGzipBytes: every JavaScript file the content script loads on a vendor page, from the built
// manifest: the crxjs loader listed in content_scripts, the module it imports through chrome.runtime.getURL, and
// that module's static imports, transitively. Each file is gzipped on its own (level 9) and the sizes are summed.
import { readFileSync } from 'node:fs';
import { join, dirname, posix } from 'node:path';
import { gzipSync } from 'node:zlib';

export function contentScriptSize(dist) {
  const manifest = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8'));
  const queue = manifest.content_scripts.flatMap((c) => c.js ?? []);
  const seen = new Map();
  while (queue.length) {
    const rel = posix.normalize(queue.shift());
    if (seen.has(rel)) continue;
    const src = readFileSync(join(dist, rel), 'utf8');
    seen.set(rel, { raw: Buffer.byteLength(src), gzip: gzipSync(src, { level: 9 }).length });
    for (const m of src.matchAll(/getURL\(\s*["'`]([^"'`]+)["'`]\s*\)/g)) queue.push(m[1]);
    for (const m of src.matchAll(/(?:\bimport\s*(?:[\w$*{}\s,]+from\s*)?|\bexport\s*[\w$*{}\s,]+from\s*|\bimport\s*\(\s*)["']([^"']+\.js)["']/g)) {
      const spec = m[1];
      if (/^[a-z-]+:/.test(spec)) continue;
      queue.push(spec.startsWith('/') ? spec.slice(1) : posix.join(dirname(rel), spec));
    }
  }
  const files = Object.fromEntries(seen);
  const gzip = [...seen.values()].reduce((a, f) => a + f.gzip, 0);
  const raw = [...seen.values()].reduce((a, f) => a + f.raw, 0);
  const zod = [...seen.keys()].filter((f) => /ZodError|\$ZodType|_zod\b/.test(readFileSync(join(dist, f), 'utf8')));
  return { contentScriptGzipBytes: gzip, contentScriptRawBytes: raw, files, zodInContentScript: zod.length > 0 };
}
