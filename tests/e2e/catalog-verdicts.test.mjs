// Verdicts by what each permission grants (issue 10), in real Chromium on the fixture tenants:
//  - a fresh Read Only clone reaches Save only after its write-capable boxes are off, and the tenant saved them off;
//  - a permission page in another language fails closed: no verdict on what Keyhole cannot read, Save never the
//    target, the overlay says how to switch the personal language, the checklist says "not verified";
//  - a HiBob row whose second verb writes is forbidden;
//  - the exported checklist groups review items by effect, with counts and the page's own casing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSalesforceTenant } from '../fixtures/salesforce/tenant.mjs';
import { createHibobTenant } from '../fixtures/hibob/tenant.mjs';
import { launch, newPage, openPopup, verdicts, waitForTarget, untilInAnyFrame, waitFor, sleep, overlayText, freshRun as freshRunOf, allTargets, targetLeft, clickTarget, untilOverlaySays } from './harness.mjs';
import { act, clickLabel, clickUntil, createServiceUserGroup, expandSection, expectVerdict, isApplyButton, waitPath } from './hibob-helpers.mjs';

const SF = 'drivetrain-salesforce-support';
const HB = 'drivetrain-hibob-support';
const PROFILE = 'Drivetrain Integration';

let ctx;
before(async () => {
  ctx = await launch();
});
after(async () => {
  await ctx?.close();
});

const freshRun = (id) => freshRunOf(ctx, id);


/** Download the checklist from the popup; returns { md, json }. */
async function exportChecklist(playbookId) {
  const dir = mkdtempSync(join(tmpdir(), 'keyhole-cat-'));
  const cdp = await ctx.browser.target().createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: dir, eventsEnabled: true });
  const popup = await openPopup(ctx);
  try {
    await popup.waitForSelector(`[data-active="${playbookId}"]`);
    await popup.click('[data-keyhole-export="markdown"]');
    await popup.click('[data-keyhole-export="json"]');
    const files = await waitFor(() => {
      const f = readdirSync(dir).filter((n) => !n.endsWith('.crdownload'));
      return f.length === 2 ? f.sort() : null;
    }, 'two downloads');
    return { json: JSON.parse(readFileSync(join(dir, files[0]), 'utf8')), md: readFileSync(join(dir, files[1]), 'utf8') };
  } finally {
    await cdp.detach();
    await popup.close();
  }
}

const byTitle = (list, t) => list.find((x) => x.title === t);

/** Follow the guide from the Profiles list: clone Read Only as PROFILE, save it, and open its edit page. */
async function cloneReadOnlyAndEdit(page, sf) {
  await page.goto(sf.urls.profilesList());
  await clickTarget(page, 'new-profile');
  let t = await waitForTarget(page, 'clone-base');
  await t.handle.select(await t.handle.evaluate((el) => [...el.options].find((o) => o.textContent.trim() === 'Read Only').value));
  t = await waitForTarget(page, 'profile-name');
  await t.handle.type(PROFILE);
  await clickTarget(page, 'save-profile');
  await clickTarget(page, 'edit-profile');
}

/** A Read Only clone's edit page, followed to Save: its frame and the Save target. */
async function cloneReadOnlyToSave(page, sf) {
  await cloneReadOnlyAndEdit(page, sf);
  const { frame } = await waitForTarget(page, 'profile-permissions');
  const { save } = await followToSave(page);
  return { frame, save };
}

/** Untick every problem box the guide targets, until the target is Save; returns the titles clicked. */
async function followToSave(page) {
  const clicked = [];
  for (let i = 0; i < 80; i++) {
    const next = await waitForTarget(page, 'profile-permissions');
    if ((await next.handle.evaluate((el) => el.type)) !== 'checkbox') {
      assert.equal(await next.handle.evaluate((el) => el.value.trim()), 'Save');
      return { clicked, save: next };
    }
    const verdict = await next.handle.evaluate((el) => el.getAttribute('data-keyhole-verdict'));
    assert.ok(verdict === 'missing' || verdict === 'forbidden', `the target is a problem (${verdict})`);
    clicked.push(await next.handle.evaluate((el) => el.title));
    await next.handle.click();
    await targetLeft(next.handle);
  }
  throw new Error(`Save never became the target (${clicked.join(', ')})`);
}

test('a fresh Read Only clone reaches Save only after its write-capable boxes are off', { timeout: 120000 }, async () => {
  await freshRun(SF);
  const sf = createSalesforceTenant({ layout: 'setup-domain' });
  const page = await newPage(ctx, [sf]);
  try {
    await cloneReadOnlyAndEdit(page, sf);

    const first = await waitForTarget(page, 'profile-permissions');
    const frame = first.frame;
    const initial = await verdicts(frame);
    const WRITE = ['Apex REST Services', 'Edit Opportunity Product Sales Price', 'Send Outbound Messages', "Manage Macros Users Can't Undo", 'Send Stay-in-Touch Requests'];
    for (const name of WRITE) assert.equal(byTitle(initial, name)?.verdict, 'forbidden', `${name} is forbidden on a fresh Read Only clone`);
    assert.equal(byTitle(initial, 'Run Reports')?.verdict, 'review', 'Run Reports: extra read');
    assert.equal(byTitle(initial, 'Chatter Internal User')?.verdict, 'review', 'Chatter: self-service, review');
    assert.equal(byTitle(initial, 'Read Contacts')?.verdict, 'review', 'Read on an object not asked for: review');
    assert.notEqual(await first.handle.evaluate((el) => el.value?.trim()), 'Save', 'Save is not the target while write boxes are on');

    // Follow the guide: every target is a problem box until Save.
    const { clicked, save } = await followToSave(page);
    for (const name of WRITE) assert.ok(clicked.includes(name), `the guide had ${name} unticked (${clicked.join(', ')})`);
    const after = await verdicts(frame);
    assert.equal(after.filter((x) => x.verdict === 'missing' || x.verdict === 'forbidden').length, 0);
    await save.handle.click();
    await targetLeft(save.handle);
    await untilInAnyFrame(page, (n) => document.querySelector('.pageDescription')?.textContent.trim() === n && !location.pathname.endsWith('/e'), PROFILE);

    const p = sf.profileByName(PROFILE);
    for (const k of ['ApexRestServices', 'EditOppLineItemUnitPrice', 'EnableNotifications', 'SubmitMacrosAllowed', 'SendSitRequests']) assert.equal(p.userPerms[k], false, `${k} saved off`);
    assert.equal(p.userPerms.ApiUserOnly, true);

    // The checklist: review grouped by effect, with counts, in the page's own casing.
    await sleep(600);
    const { md, json } = await exportChecklist(SF);
    const check = json.permissions.find((c) => c.stepId === 'profile-permissions');
    assert.ok(check, 'the profile check is in the checklist');
    assert.equal(check.verified, true);
    const read = check.reviewGroups.find((g) => g.key === 'read');
    assert.ok(read && read.count > 10, 'an extra-read group with its count');
    assert.match(read.line, /^\d+ extra read permissions from Read Only: fine for reading; untick to narrow\.$/);
    assert.ok(read.items.some((i) => i.name === 'Read Contacts'), 'names as the page shows them');
    assert.match(md, /- \*\*\d+ extra read permissions from Read Only: fine for reading; untick to narrow\.\*\*/);
    assert.match(md, /\n {2}- Read Contacts: on\./);
    assert.match(md, /self-service permissions from Read Only: change no business data; recommended off/);
    assert.deepEqual(page.__errors ?? [], []);
  } finally {
    await page.close().catch(() => {});
  }
});

test('a ticked permission Keyhole does not know, on a page it can read, is forbidden: Save is not offered until it is off', { timeout: 120000 }, async () => {
  await freshRun(SF);
  const sf = createSalesforceTenant({ layout: 'lightning' });
  const page = await newPage(ctx, [sf]);
  try {
    const { frame, save } = await cloneReadOnlyToSave(page, sf);
    // The org has permissions Keyhole's catalog has never seen (a new release, a managed package): two appear,
    // ticked, in the page's own markup. One sounds like writing, one like reading; neither is guessed fine.
    const UNKNOWN = ['Manage Quantum Widgets', 'Quantum Widget Insights'];
    await frame.evaluate((names) => {
      const box = document.querySelector('input[type=checkbox][title="Run Reports"]');
      const row = box.closest('tr');
      const clone = row.cloneNode(true);
      let i = 0;
      for (const input of clone.querySelectorAll('input[type=checkbox]')) {
        const label = clone.querySelector(`label[for="${CSS.escape(input.id)}"]`);
        const name = names[i] ?? `Quantum Widget ${i}`;
        const id = `qw_${i++}`;
        input.id = id;
        input.name = id;
        input.title = name;
        input.checked = true;
        if (label) {
          label.htmlFor = id;
          label.textContent = name;
        }
      }
      row.after(clone);
    }, UNKNOWN);
    await targetLeft(save.handle);
    const seen = await waitFor(async () => {
      const v = await verdicts(frame);
      const mine = UNKNOWN.map((n) => byTitle(v, n)?.verdict);
      return mine.every((x) => x === 'forbidden') ? mine : null;
    }, 'both unknown permissions forbidden');
    assert.deepEqual(seen, ['forbidden', 'forbidden']);
    const target = await waitForTarget(page, 'profile-permissions');
    assert.equal(await target.handle.evaluate((el) => el.type), 'checkbox', 'Save is no longer the target');
    assert.ok(UNKNOWN.includes(await target.handle.evaluate((el) => el.title)), 'the target is an unknown box');
    await untilOverlaySays(page, /Untick (Manage Quantum Widgets|Quantum Widget Insights): show the box/);
    const { clicked } = await followToSave(page);
    assert.deepEqual([...clicked].sort(), [...UNKNOWN].sort(), 'the guide had exactly the unknown boxes unticked');
    const after = await verdicts(frame);
    for (const n of UNKNOWN) assert.equal(byTitle(after, n)?.verdict, 'ok', `${n} off: ok`);
    assert.deepEqual(page.__errors ?? [], []);
  } finally {
    await page.close().catch(() => {});
  }
});

test('a box relabelled in place (same element, new words) is judged by its new words: Save is withdrawn, then back', { timeout: 120000 }, async () => {
  await freshRun(SF);
  const sf = createSalesforceTenant({ layout: 'lightning' });
  const page = await newPage(ctx, [sf]);
  try {
    const { frame, save } = await cloneReadOnlyToSave(page, sf);
    const runReports = 'input[type=checkbox][title="Run Reports"]';
    assert.equal(await frame.$eval(runReports, (el) => el.checked && el.getAttribute('data-keyhole-verdict')), 'review');
    // The page rewrites the row's words in place (as a recycled virtual-list row or a re-rendered cell does): the
    // label's text node and the box's title change; the <input> stays the same element, ticked.
    const relabel = (name) =>
      frame.evaluate(
        (sel, to) => {
          const box = document.querySelector(sel) ?? document.querySelector('input[data-relabelled]');
          box.setAttribute('data-relabelled', '');
          const label = document.querySelector(`label[for="${CSS.escape(box.id)}"]`);
          const text = [...label.childNodes].find((n) => n.nodeType === 3 && n.data.trim());
          text.data = to;
          box.title = to;
        },
        runReports,
        name,
      );
    await relabel('View and Edit Quantum Records');
    await targetLeft(save.handle);
    const box = await frame.$('input[data-relabelled]');
    await waitFor(async () => (await box.evaluate((el) => el.getAttribute('data-keyhole-verdict'))) === 'forbidden', 'the relabelled box is forbidden');
    const target = await waitForTarget(page, 'profile-permissions');
    assert.equal(await target.handle.evaluate((el) => el.hasAttribute('data-relabelled')), true, 'the relabelled box is the target, not Save');
    await untilOverlaySays(page, /Untick “View and Edit Quantum Records”/);
    // Its words back as they were: a review item again, and Save is offered again.
    await relabel('Run Reports');
    await waitFor(async () => (await box.evaluate((el) => el.getAttribute('data-keyhole-verdict'))) === 'review', 'review again');
    const back = await waitForTarget(page, 'profile-permissions');
    assert.equal(await back.handle.evaluate((el) => el.value?.trim()), 'Save');
    assert.deepEqual(page.__errors ?? [], []);
  } finally {
    await page.close().catch(() => {});
  }
});

test('a required permission absent from the edit page: Save is never the target, the card says so; back and ticked: Save', { timeout: 120000 }, async () => {
  await freshRun(SF);
  const sf = createSalesforceTenant({ layout: 'lightning' });
  const page = await newPage(ctx, [sf]);
  try {
    await cloneReadOnlyAndEdit(page, sf);
    const first = await waitForTarget(page, 'profile-permissions');
    const frame = first.frame;
    // The card names the highlighted box and why (not only in a tooltip).
    const title = await first.handle.evaluate((el) => el.title);
    const verdict = await first.handle.evaluate((el) => el.getAttribute('data-keyhole-verdict'));
    const escaped = title.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&');
    await untilOverlaySays(page, new RegExp(`${verdict === 'forbidden' ? 'Untick' : 'Tick'} “${escaped}”: \\S`));
    // The org shows no "API Enabled" box (renamed, hidden, another layout): its label and box leave the page.
    await frame.evaluate(() => {
      const box = document.querySelector('input[type=checkbox][title="API Enabled"]');
      const data = box.closest('td');
      const label = data.previousElementSibling;
      window.__apiCells = { label, data, parent: data.parentNode, next: data.nextSibling };
      label.remove();
      data.remove();
    });
    // Untick every problem the guide points to: the target never becomes Save, and then there is none.
    const clicked = [];
    let quiet = 0;
    for (let i = 0; i < 120 && quiet < 8; i++) {
      const t = (await allTargets(page)).find((x) => x.step === 'profile-permissions');
      if (!t) {
        quiet++;
        await sleep(150);
        continue;
      }
      quiet = 0;
      assert.equal(t.type, 'checkbox', `Save is never the target while API Enabled is absent (${t.value})`);
      const h = await t.frame.$('[data-keyhole-target="profile-permissions"]');
      if (!h) continue;
      clicked.push(await h.evaluate((el) => el.title));
      await h.click();
      await targetLeft(h);
    }
    assert.ok(clicked.length > 0, 'the guide had problem boxes fixed first');
    assert.equal(await frame.$$eval('input[name=save]', (els) => els.some((el) => el.hasAttribute('data-keyhole-target'))), false, 'Save is not the target');
    assert.deepEqual((await allTargets(page)).filter((x) => x.step === 'profile-permissions'), [], 'no target at all');
    const said = await untilOverlaySays(page, /cannot find every required item on this page, so it will not point you to Save/);
    assert.match(said, /Not found on this page: API Enabled\. If the page uses other words, find them by meaning\./);
    // The box comes back, off: the guide has it ticked, then points to Save.
    await frame.evaluate(() => {
      const { label, data, parent, next } = window.__apiCells;
      data.querySelector('input').checked = false;
      parent.insertBefore(label, next);
      parent.insertBefore(data, next);
    });
    const { clicked: after, save } = await followToSave(page);
    assert.deepEqual(after, ['API Enabled'], 'only API Enabled was left to fix');
    assert.equal(await save.handle.evaluate((el) => el.value.trim()), 'Save');
    assert.deepEqual(page.__errors ?? [], []);
  } finally {
    await page.close().catch(() => {});
  }
});

test('a permission page in another language fails closed, with the language message', { timeout: 90000 }, async () => {
  await freshRun(SF);
  const sf = createSalesforceTenant({ layout: 'setup-domain', language: 'nl', existingIntegrationProfile: true });
  const page = await newPage(ctx, [sf]);
  try {
    const prof = sf.profileByName(PROFILE);
    await page.goto(sf.urls.profileEdit(prof.id));
    await untilOverlaySays(page, /Language & Time Zone/, 10000);
    const { frame } = await untilInAnyFrame(page, () => document.querySelectorAll('input[type=checkbox]').length > 50);
    await sleep(800);
    const v = await verdicts(frame);
    // Nothing Keyhole cannot read is judged: no "ok", no "review" on an unknown Dutch label.
    for (const x of v) assert.ok(x.verdict !== 'review' && x.verdict !== 'ok', `no ok/review on an unreadable page (${x.title}: ${x.verdict})`);
    assert.equal(v.filter((x) => /Lezen|Alle gegevens/.test(x.title ?? '')).length, 0, 'no verdict on Dutch labels');
    // Tick Modify All Data (Dutch): still no Save target, ever.
    await frame.click('input[title="Alle gegevens wijzigen"]');
    await sleep(900);
    const targets = await allTargets(page);
    assert.ok(!targets.some((x) => /^(Save|Opslaan)$/.test(x.value)), `Save is never the target (${JSON.stringify(targets)})`);
    await sleep(600);
    const { json, md } = await exportChecklist(SF);
    const check = json.permissions.find((c) => c.stepId === 'profile-permissions');
    assert.equal(check?.verified, false, 'the checklist records the permission check as not verified');
    assert.match(md, /not verified/i);
    assert.deepEqual(page.__errors ?? [], []);
  } finally {
    await page.close().catch(() => {});
  }
});

test('HiBob: a row whose second verb writes is forbidden', { timeout: 90000 }, async () => {
  await freshRun(HB);
  const tenant = createHibobTenant({});
  const page = await newPage(ctx, [tenant]);
  try {
    await page.goto(tenant.urls.serviceUsers());
    await act(page, 'create-service-user');
    await act(page, 'service-user-name', { type: 'Drivetrain Support' });
    await act(page, 'service-user-submit');
    await act(page, 'copy-credentials'); // "Go to permission groups"
    await waitPath(page, /permission-groups$/);
    await createServiceUserGroup(page, 'Drivetrain Support Access', { landing: /\/permission-groups\/\d+\/peoples-data$/ });
    // Access rights first (the guide's order): Lifecycle status equals Hired, Employed, Terminated.
    await act(page, 'edit-access');
    await act(page, 'access-edit-condition');
    await act(page, 'condition-values');
    await waitForTarget(page, 'condition-statuses');
    await clickUntil(page, 'condition-statuses', isApplyButton);
    await act(page, 'condition-statuses');
    await act(page, 'condition-apply');
    await page.waitForFunction(() => !document.querySelector('[role=dialog]'));
    await waitForTarget(page, 'peoples-data-permissions');
    await expandSection(page, 'Document requests');
    const row = 'View and manage employee document requests';
    await clickLabel(page, row);
    await expectVerdict(page, row, 'forbidden');
    await untilOverlaySays(page, /manage/i);
    await clickLabel(page, row);
    await expectVerdict(page, row, 'ok');
    await clickLabel(page, 'Request read approval');
    await expectVerdict(page, 'Request read approval', 'forbidden');
    await clickLabel(page, 'Request read approval');
    await expectVerdict(page, 'Request read approval', 'ok');
    assert.deepEqual(page.__errors ?? [], []);
  } finally {
    await page.close().catch(() => {});
  }
});
