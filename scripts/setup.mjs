// Makes a fresh machine ready: dependencies from the lockfile and Debian's Chromium for the e2e tests.
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
