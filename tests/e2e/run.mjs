// Runs the e2e files with node's test runner, one file at a time (one browser at a time on 2 cores), in Chromium
// and then in Firefox ESR (KEYHOLE_BROWSER=chromium|firefox picks one; `node tests/e2e/run.mjs <name-part>...`
// picks files). A file that fails is run once more and the retry is reported loudly (`[e2e] RETRY`, and in the
// summary), so a flaky test shows up in CI output instead of being hidden or blocking everything.
//
// Firefox runs take about 1.8× the Chromium time, so Firefox runs the files listed in FIREFOX_FILES (the vendor
// flows, the popup, security); the rest are Chromium-only here (README "Browser support" says which and why).
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

export const FIREFOX_FILES = ['hibob-drivetrain', 'hibob-learnamp', 'salesforce-flow', 'popup', 'security'];

const only = process.argv.slice(2);
const browsers = process.env.KEYHOLE_BROWSER ? [process.env.KEYHOLE_BROWSER === 'firefox' ? 'firefox' : 'chromium'] : ['chromium', 'firefox'];
const all = readdirSync('tests/e2e')
  .filter((f) => f.endsWith('.test.mjs'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
const run = (browser, file) =>
  spawnSync(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', file], {
    stdio: 'inherit',
    env: { ...process.env, KEYHOLE_BROWSER: browser },
  }).status;

let passed = 0;
let failed = 0;
const retried = [];
const failedFiles = [];
const times = [];
for (const browser of browsers) {
  const files = all.filter((f) => browser === 'chromium' || FIREFOX_FILES.some((n) => f === `${n}.test.mjs`)).map((f) => `tests/e2e/${f}`);
  for (const file of files) {
    console.log(`\n[e2e] ${browser}: ${file}`);
    const t0 = Date.now();
    let status = run(browser, file);
    if (status !== 0) {
      console.log(`\n[e2e] RETRY: ${browser} ${file} failed; running it once more (reported in the summary below)\n`);
      retried.push(`${browser} ${file}`);
      status = run(browser, file);
    }
    times.push(`${browser} ${file} ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    if (status === 0) passed++;
    else {
      failed++;
      failedFiles.push(`${browser} ${file}`);
    }
  }
}
console.log(`\n[e2e] times: ${times.join(', ')}`);
if (retried.length) console.log(`[e2e] files that needed a retry: ${retried.join(', ')}`);
if (failedFiles.length) console.log(`[e2e] failed: ${failedFiles.join(', ')}`);
console.log(`files: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
