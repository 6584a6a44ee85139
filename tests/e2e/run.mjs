// Runs every e2e file with node's test runner, one file at a time (one Chromium at a time on 2 cores).
// A file that fails is run once more and the retry is reported loudly (`[e2e] RETRY`, and in the summary), so a
// flaky test shows up in CI output instead of being hidden or blocking everything; there is no known flaky case now.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const only = process.argv.slice(2);
const files = readdirSync('tests/e2e')
  .filter((f) => f.endsWith('.test.mjs'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort()
  .map((f) => `tests/e2e/${f}`);
const run = (file) => spawnSync(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', file], { stdio: 'inherit' }).status;

let passed = 0;
let failed = 0;
const retried = [];
for (const file of files) {
  let status = run(file);
  if (status !== 0) {
    console.log(`\n[e2e] RETRY: ${file} failed; running it once more (reported in the summary below)\n`);
    retried.push(file);
    status = run(file);
  }
  if (status === 0) passed++;
  else failed++;
}
if (retried.length) console.log(`[e2e] files that needed a retry: ${retried.join(', ')}`);
console.log(`files: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
