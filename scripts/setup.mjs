// Makes a fresh machine ready: dependencies from the lockfile, and Debian's Chromium and Firefox ESR for the e2e tests.
// Idempotent and quiet when everything is already there.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

const run = (cmd) => execSync(cmd, { stdio: 'inherit', env: { ...process.env, PUPPETEER_SKIP_DOWNLOAD: '1', DEBIAN_FRONTEND: 'noninteractive' } });

if (!existsSync('node_modules/.package-lock.json') || !existsSync('node_modules/vite')) {
  console.log('[setup] installing npm dependencies from package-lock.json');
  run('npm ci --no-audit --no-fund');
}

const chromium = process.env.CHROMIUM_PATH || ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!chromium) {
  if (process.getuid?.() !== 0) {
    console.error('[setup] Chromium is missing. Install it with: sudo apt-get install -y chromium (or set CHROMIUM_PATH).');
    process.exit(1);
  }
  console.log('[setup] installing Debian Chromium (apt-get)');
  run('apt-get update -qq && apt-get install -y -qq chromium');
}

// Firefox ESR (Debian 12 has no `firefox` package). KEYHOLE_BROWSER=chromium skips it.
const firefox = process.env.FIREFOX_PATH || ['/usr/bin/firefox-esr', '/usr/bin/firefox'].find((p) => existsSync(p));
if (!firefox && process.env.KEYHOLE_BROWSER !== 'chromium') {
  if (process.getuid?.() !== 0) {
    console.error('[setup] Firefox ESR is missing. Install it with: sudo apt-get install -y firefox-esr (or set FIREFOX_PATH, or KEYHOLE_BROWSER=chromium).');
    process.exit(1);
  }
  console.log('[setup] installing Debian Firefox ESR (apt-get)');
  run('apt-get update -qq && apt-get install -y -qq firefox-esr');
}
