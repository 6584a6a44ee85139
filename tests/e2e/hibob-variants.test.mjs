// Drivetrain on an older-wording HiBob tenant with field-level permissions (People's fields grid).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHibobTenant } from '../fixtures/hibob/tenant.mjs';
import { launch, newPage, startPlaybook, waitForTarget } from './harness.mjs';
import { act, clickUntil, expectVerdict, fixtureState, isSaveButton, waitPath, createServiceUserGroup } from './hibob-helpers.mjs';

const SU = 'Drivetrain Support';
const GROUP = 'Drivetrain Support Access';

describe('Drivetrain: older wording, People’s fields grid, late rendering, no existing service users', () => {
  let ctx;
  let page;
  const tenant = createHibobTenant({ layout: 'fields', wording: 'older', existingServiceUsers: 0, lateRenderMs: 700, labelsUntied: true });

  before(async () => {
    ctx = await launch();
    page = await newPage(ctx, [tenant]);
  });
  after(async () => {
    await ctx?.close();
  });

  it('creates the service user with the older form (Name, Display Name, Save)', async () => {
    await page.goto(tenant.urls.serviceUsers());
    await startPlaybook(ctx, 'drivetrain-hibob-support');
    await page.bringToFront();
    const { handle } = await waitForTarget(page, 'create-service-user');
    assert.equal(await handle.evaluate((e) => e.textContent.trim()), 'New Service User');
    await handle.click();
    await act(page, 'service-user-unique-name', { type: 'drivetrain-support' });
    await act(page, 'service-user-name', { type: SU });
    await act(page, 'service-user-submit');
    await act(page, 'copy-credentials');
    await waitPath(page, /permission-groups$/);
    await createServiceUserGroup(page, GROUP);
  });

  it('checks the People’s fields grid: View required per field, Edit forbidden', async () => {
    await act(page, 'edit-access');
    await act(page, 'access-edit-condition');
    await act(page, 'condition-values');
    await clickUntil(page, 'condition-statuses', (el) => el.tagName === 'BUTTON' && el.textContent.trim() === 'Apply');
    await act(page, 'condition-statuses');
    await act(page, 'condition-apply');
    // first target: open the collapsed Basic info fields
    const first = await waitForTarget(page, 'peoples-data-permissions');
    assert.equal(await first.handle.evaluate((e) => e.querySelector('h4')?.textContent), 'Basic info');
    await first.handle.click();
    // an Edit box in the grid is forbidden (named from the ARIA grid's column header and row)
    const editBox = await page.waitForFunction(() => {
      const row = [...document.querySelectorAll('[role=row]')].find((r) => r.querySelector('[col-id=field]')?.textContent.trim() === 'Email');
      return row?.querySelector('[col-id=edit] label') ?? null;
    });
    await editBox.asElement().click();
    const verdictOfCell = (col) => page.evaluate((col) => {
      const row = [...document.querySelectorAll('[role=row]')].find((r) => r.querySelector('[col-id=field]')?.textContent.trim() === 'Email');
      return row.querySelector(`[col-id=${col}] input`).getAttribute('data-keyhole-verdict');
    }, col);
    const start = Date.now();
    while ((await verdictOfCell('edit')) !== 'forbidden' && Date.now() - start < 1000) await new Promise((r) => setTimeout(r, 40));
    assert.equal(await verdictOfCell('edit'), 'forbidden');
    // The page ticks View itself when Edit is ticked (no click on View): its verdict follows on the next pass (≤ 1 s).
    const startView = Date.now();
    while ((await verdictOfCell('view')) !== 'ok' && Date.now() - startView < 1000) await new Promise((r) => setTimeout(r, 40));
    assert.equal(await verdictOfCell('view'), 'ok', 'edit implied view, which Drivetrain needs');
    await editBox.asElement().click();
    const start2 = Date.now();
    while ((await verdictOfCell('edit')) !== 'ok' && Date.now() - start2 < 1000) await new Promise((r) => setTimeout(r, 40));
    assert.equal(await verdictOfCell('edit'), 'ok');
    const clicked = await clickUntil(page, 'peoples-data-permissions', isSaveButton, 80);
    for (const s of ['Employment', 'Lifecycle', 'Work', 'History']) assert.ok(clicked.some((c) => c.startsWith(s)), `opened ${s}`);
    await expectVerdict(page, "View selected employees' profile changes history", 'ok');
    await act(page, 'peoples-data-permissions'); // Save
    await act(page, 'confirm-changes');
    const g = (await fixtureState(page)).groups.find((x) => x.name === GROUP);
    const views = Object.entries(g.fields).filter(([, v]) => v.view).map(([k]) => k.split('/')[0]);
    assert.deepEqual([...new Set(views)].sort(), ['Basic info', 'Employment', 'Lifecycle', 'Work']);
    assert.ok(!Object.values(g.fields).some((v) => v.edit), 'no Edit saved');
    assert.deepEqual(page.__errors ?? [], []);
  });
});
