// `npm run package`: store packages, reproducibly. Builds Chrome (dist) and Firefox (dist-firefox), then writes
//   dist-packages/keyhole-<version>-chrome.zip    (upload to the Chrome Web Store)
//   dist-packages/keyhole-<version>-firefox.zip   (upload to addons.mozilla.org)
//   dist-packages/keyhole-<version>-source.zip    (the source archive AMO asks for: every file git tracks)
//   dist-packages/SHA256SUMS
// with scripts/zip.mjs (sorted entries, fixed timestamps and permissions, no extra fields): the same input gives
// the same bytes. Each zip is made twice and compared before it is written, and `web-ext lint` must report no
// error on the Firefox package. Flags: --no-build (package the existing dist folders), --no-lint.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { zipDir } from './zip.mjs';

const args = new Set(process.argv.slice(2));
const root = resolve(import.meta.dirname, '..');
const out = join(root, 'dist-packages');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
const sha = (b) => createHash('sha256').update(b).digest('hex');

function build(browser, dir) {
  console.log(`[package] vite build (${browser}) → ${dir}`);
  execFileSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, KEYHOLE_BROWSER: browser, KEYHOLE_OUT: dir },
  });
}

/** Zip twice and compare, so a nondeterministic input (or writer) fails here rather than in a store review. */
function zipTwice(label, make) {
  const a = make();
  const b = make();
  if (!a.equals(b)) throw new Error(`[package] ${label}: two runs gave different bytes`);
  return a;
}

if (!args.has('--no-build')) {
  build('chrome', 'dist');
  build('firefox', 'dist-firefox');
}
for (const d of ['dist', 'dist-firefox']) if (!existsSync(join(root, d, 'manifest.json'))) throw new Error(`[package] ${d}/manifest.json missing: build first`);

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
// Unique paths (a file in a merge conflict is listed once per stage), present in the work tree.
const tracked = [...new Set(execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0'))].filter((f) => f && existsSync(join(root, f)));
const packages = {
  [`keyhole-${version}-chrome.zip`]: () => zipDir(join(root, 'dist')),
  [`keyhole-${version}-firefox.zip`]: () => zipDir(join(root, 'dist-firefox')),
  [`keyhole-${version}-source.zip`]: () => zipDir(root, tracked),
};
const sums = [];
for (const [name, make] of Object.entries(packages)) {
  const bytes = zipTwice(name, make);
  writeFileSync(join(out, name), bytes);
  sums.push(`${sha(bytes)}  ${name}`);
  console.log(`[package] ${name}  ${(bytes.length / 1024).toFixed(1)} kB  sha256 ${sha(bytes).slice(0, 16)}…`);
}
writeFileSync(join(out, 'SHA256SUMS'), `${sums.join('\n')}\n`);

if (!args.has('--no-lint')) {
  // web-ext lints a directory: lint the Firefox build the zip was made from (the same files, byte for byte).
  const webExt = join(root, 'node_modules', 'web-ext', 'bin', 'web-ext.js');
  let report;
  try {
    report = execFileSync(process.execPath, [webExt, 'lint', '--source-dir', join(root, 'dist-firefox'), '--output', 'json', '--no-input'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (e) {
    report = e.stdout; // web-ext exits non-zero when there are errors; the JSON is still on stdout
  }
  const r = JSON.parse(report);
  for (const m of [...r.errors, ...r.warnings, ...r.notices]) console.log(`[web-ext lint] ${m._type}: ${m.code} ${m.file ?? ''}: ${m.message}`);
  console.log(`[web-ext lint] ${r.summary.errors} errors, ${r.summary.warnings} warnings, ${r.summary.notices} notices (each warning is explained in README "Store packages")`);
  if (r.summary.errors > 0) process.exit(1);
}
