// `npm run demo`: Chromium with Keyhole loaded on the bundled replica pages (Salesforce Setup in Lightning and
// HiBob), served at their real URLs by request interception; nothing goes to the network.
// With a display: a visible browser you can click through (Ctrl-C to quit).
// Without one (CI, SSH): a short scripted walk that writes screenshots to demo-output/.
import { mkdirSync } from 'node:fs';
import { createSalesforceTenant } from '../tests/fixtures/salesforce/tenant.mjs';
import { createHibobTenant } from '../tests/fixtures/hibob/tenant.mjs';
import { launch, newPage, startPlaybook, waitForTarget, sleep } from '../tests/e2e/harness.mjs';

const headless = !process.env.DISPLAY || process.argv.includes('--headless');
const out = 'demo-output';
const sf = createSalesforceTenant({ layout: 'lightning', existingIntegrationProfile: false });
const bob = createHibobTenant({});
const ctx = await launch({ headless });
const tenants = [sf, bob];

// Every tab the admin opens gets the replica pages.
const { serve } = await import('../tests/e2e/harness.mjs');
ctx.browser.on('targetcreated', async (t) => {
  if (t.type() !== 'page') return;
  const p = await t.page().catch(() => null);
  if (p && !p.url().startsWith('chrome-extension://')) await serve(ctx, p, tenants).catch(() => {});
});

if (!headless) {
  const page = await newPage(ctx, tenants);
  const popup = await ctx.browser.newPage();
  await popup.goto(`chrome-extension://${ctx.extensionId}/popup/index.html`);
  await page.bringToFront();
  await page.goto(sf.urls.profilesList());
  console.log(`Keyhole demo is running (extension ${ctx.extensionId}).
- The second tab is the Keyhole popup: start "Drivetrain: temporary Salesforce access" or a HiBob playbook.
- Replica pages: ${sf.urls.profilesList()}  ·  ${bob.urls.home()}
Close the browser or press Ctrl-C to quit.`);
  await new Promise((resolve) => ctx.browser.on('disconnected', resolve));
  process.exit(0);
}

mkdirSync(out, { recursive: true });
const shots = [];
const shot = async (page, name) => {
  const file = `${out}/${name}.png`;
  await page.screenshot({ path: file });
  shots.push(file);
};
try {
  await startPlaybook(ctx, 'drivetrain-salesforce-support');
  const page = await newPage(ctx, tenants);
  await page.goto(sf.urls.profilesList());
  await waitForTarget(page, 'new-profile');
  await sleep(300);
  await shot(page, '1-salesforce-profiles-new-profile');
  const { handle } = await waitForTarget(page, 'new-profile');
  await handle.click();
  await waitForTarget(page, 'clone-base');
  await sleep(300);
  await shot(page, '2-salesforce-clone-form');
  // Fill the form as an admin would, following the highlight, then open the new profile's edit page.
  let t = await waitForTarget(page, 'clone-base');
  await t.handle.select(await t.handle.evaluate((el) => [...el.options].find((o) => o.textContent.trim() === 'Read Only').value));
  t = await waitForTarget(page, 'profile-name');
  await t.handle.type('Drivetrain Integration');
  t = await waitForTarget(page, 'save-profile');
  await t.handle.click();
  t = await waitForTarget(page, 'edit-profile');
  await t.handle.click();
  await waitForTarget(page, 'profile-permissions');
  await sleep(500);
  await shot(page, '2b-salesforce-verdicts-on-profile-edit');
  const ro = sf.profileByName('Read Only');
  await page.goto(sf.urls.profileEdit(ro.id));
  await sleep(1500);
  await shot(page, '3-salesforce-lockout-guard-on-another-profile');

  await startPlaybook(ctx, 'drivetrain-hibob-support');
  const hb = await newPage(ctx, tenants);
  await hb.goto(bob.urls.integrations());
  await sleep(2500);
  await shot(hb, '4-hibob-integrations');

  const popup = await ctx.browser.newPage();
  await popup.setViewport({ width: 400, height: 720 });
  await popup.goto(`chrome-extension://${ctx.extensionId}/popup/index.html`);
  await sleep(500);
  await shot(popup, '5-popup');
  console.log(`Demo walked the replicas headless (no display found). Screenshots:\n${shots.map((s) => `  ${s}`).join('\n')}`);
} finally {
  await ctx.close();
}
