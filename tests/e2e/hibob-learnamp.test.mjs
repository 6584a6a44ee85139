// Learn Amp on the fake HiBob tenant: every lifecycle status (custom ones too, in a virtual-scrolled list),
// Lifecycle sections, Refresh token, and deletion, by acting on what Keyhole highlights.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHibobTenant } from '../fixtures/hibob/tenant.mjs';
import { launch, newPage, sleep, startPlaybook, storageDump, waitForTarget } from './harness.mjs';
import { act, clickLabel, expandSection, expectVerdict, fixtureState, isSaveButton, clickUntil, verdictOf, waitPath, createServiceUserGroup } from './hibob-helpers.mjs';

const PB = 'learnamp-hibob-integration';
const SU = 'Learn Amp';
const GROUP = 'Learn Amp integration';
const CUSTOM = ['Sabbatical', 'Unpaid leave', 'Secondment', 'Career break'];

describe('Learn Amp: HiBob integration (sections layout, custom statuses)', () => {
  let ctx;
  let page;
  const tenant = createHibobTenant({ customStatuses: CUSTOM, existingServiceUsers: 5 });
  const tokens = [];

  before(async () => {
    ctx = await launch();
    page = await newPage(ctx, [tenant]);
  });
  after(async () => {
    await ctx?.close();
  });

  it('creates the service user and the group (description is mandatory for Learn Amp)', async () => {
    await page.goto(tenant.urls.integrations());
    await startPlaybook(ctx, PB);
    await page.bringToFront();
    await act(page, 'open-service-users');
    await act(page, 'create-service-user');
    await act(page, 'service-user-name', { type: SU });
    await act(page, 'service-user-submit');
    await waitForTarget(page, 'copy-credentials');
    tokens.push((await fixtureState(page)).lastToken);
    await act(page, 'copy-credentials');
    await createServiceUserGroup(page, GROUP, { description: 'Read-only access for Learn Amp' });
  });

  it('requires every status the list offers, scrolling the virtual list to its end before Apply', async () => {
    await act(page, 'edit-access');
    await act(page, 'access-edit-condition');
    await act(page, 'condition-values');
    await waitForTarget(page, 'condition-statuses');
    const inDom = await page.$$eval('[role=listbox][aria-multiselectable=true] [role=option]', (e) => e.length);
    assert.ok(inDom < 6 + CUSTOM.length, 'the list is virtual: not every option is in the DOM');
    await expectVerdict(page, 'Employed', 'ok');
    await expectVerdict(page, 'Garden leave', 'missing'); // not a Drivetrain status, but Learn Amp wants all
    const ticked = [];
    let scrolled = 0;
    for (let i = 0; i < 40; i++) {
      const { handle } = await waitForTarget(page, 'condition-statuses');
      const kind = await handle.evaluate((el) => (el.getAttribute('role') === 'option' ? 'option' : el.tagName === 'BUTTON' ? el.textContent.trim() : el.getAttribute('role')));
      if (kind === 'Apply') break;
      if (kind === 'option') {
        const label = await handle.evaluate((el) => el.textContent.trim());
        ticked.push(label);
        // A click that does not scroll the list by itself (the option may be rendered just below the list's viewport,
        // where no pointer reaches it). A script's click() is the page's change, not the admin's input: its verdict
        // comes with the next pass, within the back-off (content-scripts/page-visit.ts: at most 1 s), not at once.
        await handle.evaluate((el) => el.click());
        await expectVerdict(page, label, 'ok', 2500);
      } else {
        assert.equal(kind, 'listbox', 'with every visible option ticked, Keyhole points at the list to scroll');
        await handle.evaluate((el) => { el.scrollTop += 120; });
        scrolled++;
        await sleep(150);
      }
    }
    assert.ok(scrolled >= 1, 'Keyhole asked to scroll before Apply');
    for (const c of CUSTOM) assert.ok(ticked.includes(c), `custom status ${c} was required: ${ticked}`);
    await act(page, 'condition-statuses'); // Apply (list)
    await act(page, 'condition-apply');
    await page.waitForFunction(() => !document.querySelector('[role=dialog]'));
    const g = (await fixtureState(page)).groups.find((x) => x.name === GROUP);
    // not saved yet (draft); the summary shows all of them
    const summary = await page.$eval('.conditions-summary', (e) => e.textContent);
    for (const s of ['Hired', 'Employed', 'Terminated', 'Garden leave', 'Parental leave', ...CUSTOM]) assert.ok(summary.includes(s), s);
    assert.ok(g);
  });

  it("People's data: Lifecycle sections required; other View rows are review and do not block Save", async () => {
    const first = await waitForTarget(page, 'peoples-data-permissions');
    assert.equal(await first.handle.evaluate((e) => e.querySelector('h4')?.textContent), 'Lifecycle', 'opens the collapsed Lifecycle section');
    await expandSection(page, 'Basic info');
    await clickLabel(page, "View selected employees' Basic info sections");
    await expectVerdict(page, "View selected employees' Basic info sections", 'review');
    await clickLabel(page, "Edit selected employees' Basic info sections");
    await expectVerdict(page, "Edit selected employees' Basic info sections", 'forbidden');
    await clickLabel(page, "Edit selected employees' Basic info sections");
    await expectVerdict(page, "Edit selected employees' Basic info sections", 'ok');
    await clickUntil(page, 'peoples-data-permissions', isSaveButton);
    assert.equal(await verdictOf(page, "View selected employees' Lifecycle sections"), 'ok');
    assert.equal(await verdictOf(page, "View selected employees' Basic info sections"), 'review', 'review stays, Save is next');
    await act(page, 'peoples-data-permissions'); // Save
    await act(page, 'confirm-changes');
    const g = (await fixtureState(page)).groups.find((x) => x.name === GROUP);
    assert.equal(g.access.conditions[0].values.length, 6 + CUSTOM.length, 'every status saved');
    assert.ok(g.peoplesData['People/Lifecycle/0'] && g.peoplesData['People/Basic info/0']);
    assert.ok(!g.peoplesData['People/Basic info/1'], 'no edit saved');
  });

  it('Refresh token from the service user’s menu (the admin’s own choice: Delete stays the guided item); the new token is not stored either', async () => {
    await page.goto(tenant.urls.serviceUsers());
    const { handle } = await waitForTarget(page, 'revoke-open-menu');
    assert.ok((await handle.evaluate((el) => el.closest('[role=row]').textContent)).startsWith(SU));
    await handle.click();
    // The row menu offers the optional Refresh token and the required Delete: the optional one never shadows it.
    const del = await waitForTarget(page, 'revoke-delete');
    assert.equal(await del.handle.evaluate((el) => el.textContent.trim()), 'Delete');
    const refresh = await page.waitForFunction(() => [...document.querySelectorAll('[role=menuitem]')].find((m) => m.textContent.trim() === 'Refresh token'));
    await refresh.asElement().click();
    await waitForTarget(page, 'copy-credentials');
    const st = await fixtureState(page);
    tokens.push(st.lastToken);
    assert.notEqual(tokens[0], tokens[1]);
    await sleep(600);
    const storage = JSON.stringify(await storageDump(ctx));
    for (const t of tokens) assert.ok(!storage.includes(t), 'no token in extension storage');
    await act(page, 'copy-credentials'); // "Go to permission groups" (or Done)
  });

  it('revokes by deleting the service user (menu → Delete, highlighted → confirm)', async () => {
    await page.goto(tenant.urls.serviceUsers());
    await act(page, 'revoke-open-menu');
    // Revoking has started: Delete is the target, not Refresh token.
    const { handle } = await waitForTarget(page, 'revoke-delete');
    assert.equal(await handle.evaluate((el) => el.textContent.trim()), 'Delete');
    assert.equal(await page.evaluate(() => document.querySelectorAll('[data-keyhole-target]').length), 1);
    await act(page, 'revoke-delete');
    await act(page, 'revoke-confirm-delete');
    await page.waitForFunction((n) => !window.__hibobFixture.getState().serviceUsers.some((s) => s.displayName === n), { timeout: 5000 }, SU);
    const storage = JSON.stringify(await storageDump(ctx));
    for (const t of tokens) assert.ok(!storage.includes(t));
    assert.deepEqual(page.__errors ?? [], []);
  });
});
