// Screenshots for the README: the popup with an active run that has findings (light and dark), the
// printable report and the options page, written to docs/screenshots/. Build first (`npx vite build`).
// The run is seeded into storage.local from an extension page (tests/e2e/popup-seed.mjs).
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DIST, launch, openPopup } from '../tests/e2e/harness.mjs';
import { SF, seed, seededState } from '../tests/e2e/popup-seed.mjs';

const OUT = resolve('docs/screenshots');
if (!existsSync(join(DIST, 'manifest.json'))) {
  console.error('dist/ is missing: run `npx vite build` first.');
  process.exit(1);
}
mkdirSync(OUT, { recursive: true });

const ctx = await launch();
try {
  await seed(ctx, seededState());
  for (const scheme of ['light', 'dark']) {
    const popup = await openPopup(ctx);
    await popup.setViewport({ width: 380, height: 600, deviceScaleFactor: 2 });
    await popup.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
    await popup.waitForSelector(`[data-active="${SF}"]`);
    await popup.click('.findings summary');
    const file = join(OUT, scheme === 'light' ? 'popup.png' : 'popup-dark.png');
    await popup.screenshot({ path: file, fullPage: true });
    console.log('wrote', file);
    await popup.close();
  }
  const report = await ctx.browser.newPage();
  await report.setViewport({ width: 960, height: 900, deviceScaleFactor: 1 });
  await report.goto(`chrome-extension://${ctx.extensionId}/popup/report.html?playbook=${SF}`);
  await report.waitForSelector('[data-report-check]');
  await report.screenshot({ path: join(OUT, 'report.png'), fullPage: true });
  console.log('wrote', join(OUT, 'report.png'));
  await report.close();

  const options = await ctx.browser.newPage();
  await options.setViewport({ width: 960, height: 700, deviceScaleFactor: 1 });
  await options.goto(`chrome-extension://${ctx.extensionId}/popup/options.html`);
  await options.waitForSelector('[data-keyhole-import]');
  await options.screenshot({ path: join(OUT, 'options.png'), fullPage: true });
  console.log('wrote', join(OUT, 'options.png'));
  await options.close();
} finally {
  await ctx.close();
}
