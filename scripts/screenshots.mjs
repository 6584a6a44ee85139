// Screenshots for the README: the popup with an active run that has findings (light and dark), the
// printable report and the options page, and the in-page guide on the bundled replica pages (light and dark),
// written to docs/screenshots/. Build first (`npx vite build`).
// The run is seeded into storage.local from an extension page (tests/e2e/popup-seed.mjs).
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DIST, launch, newPage, openPopup, sleep, startPlaybook, waitForTarget } from '../tests/e2e/harness.mjs';
import { SF, seed, seededState } from '../tests/e2e/popup-seed.mjs';
import { createSalesforceTenant } from '../tests/fixtures/salesforce/tenant.mjs';
import { createHibobTenant } from '../tests/fixtures/hibob/tenant.mjs';

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

  // The in-page guide on the replica pages (served at the real URLs by request interception; no network).
  await guideShots(ctx);
} finally {
  await ctx.close();
}

async function guideShots(ctx) {
  const sf = createSalesforceTenant({ layout: 'lightning', existingIntegrationProfile: false });
  const bob = createHibobTenant({});
  const write = async (page, name) => {
    const file = join(OUT, `${name}.png`);
    await page.screenshot({ path: file });
    console.log('wrote', file);
  };
  await startPlaybook(ctx, SF);
  const page = await newPage(ctx, [sf, bob]);
  await page.setViewport({ width: 1280, height: 800, deviceScaleFactor: 1 });
  await page.goto(sf.urls.profilesList());
  await waitForTarget(page, 'new-profile');
  await sleep(500);
  await write(page, 'guide-salesforce-new-profile');
  // Create the profile as an admin would, following the highlight, then its edit page: the verdicts and the card.
  let t = await waitForTarget(page, 'new-profile');
  await t.handle.click();
  t = await waitForTarget(page, 'clone-base');
  await t.handle.select(await t.handle.evaluate((el) => [...el.options].find((o) => o.textContent.trim() === 'Read Only').value));
  t = await waitForTarget(page, 'profile-name');
  await t.handle.type('Drivetrain Integration');
  t = await waitForTarget(page, 'save-profile');
  await t.handle.click();
  t = await waitForTarget(page, 'edit-profile');
  await t.handle.click();
  for (const scheme of ['light', 'dark']) {
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
    await waitForTarget(page, 'profile-permissions');
    await sleep(800);
    await write(page, scheme === 'light' ? 'guide-salesforce-profile-edit' : 'guide-salesforce-profile-edit-dark');
  }
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
  await page.goto(sf.urls.profileEdit(sf.profileByName('Read Only').id));
  await sleep(1500);
  await write(page, 'guide-salesforce-lockout-guard');
  await page.close();

  await startPlaybook(ctx, 'drivetrain-hibob-support');
  const hb = await newPage(ctx, [sf, bob]);
  await hb.setViewport({ width: 1280, height: 800, deviceScaleFactor: 1 });
  await hb.goto(bob.urls.integrations());
  await sleep(2500);
  await write(hb, 'guide-hibob-service-users-tile');
  await hb.close();
}
