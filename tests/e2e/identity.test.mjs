// Identity by evidence and guidance that never stalls, on the decorated fixture variants of both consoles:
// names with badges, counters, pencils, tooltips and "(Custom)"; admin-chosen names; similar-named other objects
// (the guards still fire); the ask-and-remember path; Learn Amp's revoke highlights Delete; a non-vendor e-mail and
// an unticked notify box continue with a warning / a choice.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHibobTenant } from '../fixtures/hibob/tenant.mjs';
import { createSalesforceTenant } from '../fixtures/salesforce/tenant.mjs';
import { launch, newPage, sleep, storageDump, untilInAnyFrame, waitFor, waitForTarget, verdicts, overlayText, freshRun as freshRunOf, untilOverlaySays } from './harness.mjs';
import { act, clickUntil, fixtureState, isSaveButton, waitPath } from './hibob-helpers.mjs';
import { oneTenant } from './tenant-helpers.mjs';

const DT_HIBOB = 'drivetrain-hibob-support';
const LEARNAMP = 'learnamp-hibob-integration';
const DT_SF = 'drivetrain-salesforce-support';

let ctx;
before(async () => {
  ctx = await launch();
});
after(async () => {
  await ctx?.close();
});

// ------------------------------------------------------------------ helpers

const freshRun = (id) => freshRunOf(ctx, id);

async function run(id) {
  return oneTenant((await storageDump(ctx))['keyhole.state']).runs[id];
}


/** Click a button of the Keyhole card by its accessible name (ARIA queries reach the closed shadow root). */
async function clickCard(page, name) {
  const h = await waitFor(async () => {
    for (const f of page.frames()) {
      if (f.detached) continue;
      const el = await f.$(`::-p-aria([name="${name}"][role="button"])`).catch(() => null);
      if (el) return el;
    }
    return null;
  }, `the card button “${name}”`);
  await h.click();
}

/** Every target step id on the page, over all frames. */
async function targets(page) {
  const out = [];
  for (const f of page.frames()) {
    if (f.detached) continue;
    try {
      out.push(...(await f.$$eval('[data-keyhole-target]', (els) => els.map((e) => e.getAttribute('data-keyhole-target')))));
    } catch {}
  }
  return out;
}

async function verdictCount(page) {
  let n = 0;
  for (const f of page.frames()) {
    try {
      n += await f.evaluate(() => document.querySelectorAll('[data-keyhole-verdict]').length);
    } catch {}
  }
  return n;
}

// ------------------------------------------------------------------ HiBob

describe('HiBob, decorated markup: admin-chosen names, then the whole group set-up with verdicts', () => {
  const tenant = createHibobTenant({
    decorated: true,
    customStatuses: [],
    extraServiceUsers: ['Drivetrain Support (old)'],
    extraGroups: [{ name: 'Drivetrain Support Access 2', members: ['Drivetrain Support (old)'] }],
  });
  let page;
  const SU = 'DT Support Bot';
  const GROUP = 'DT read-only access';
  before(async () => {
    await freshRun(DT_HIBOB);
    page = await newPage(ctx, [tenant]);
  });
  after(async () => page?.close());

  it('follows the service user and group names the admin types instead of the suggestions', async () => {
    await page.goto(tenant.urls.serviceUsers());
    await act(page, 'create-service-user');
    await act(page, 'service-user-name', { type: SU });
    await page.keyboard.press('Tab'); // the admin leaves the field: a name of their own is accepted, not a block
    await act(page, 'service-user-submit');
    await act(page, 'copy-credentials');
    await waitPath(page, /permission-groups$/);
    await act(page, 'create-group');
    await act(page, 'choose-service-user-group');
    await act(page, 'group-name', { type: GROUP });
    await page.keyboard.press('Tab');
    await act(page, 'group-members');
    const pick = await act(page, 'pick-service-user');
    assert.match(await pick.evaluate((el) => el.textContent), /DT Support Bot/, 'the admin’s service user is the one to pick');
    await act(page, 'apply-members');
    await act(page, 'create-group-submit');
    await act(page, 'confirm-group');
    await waitPath(page, /\/permission-groups\/\d+\/peoples-data$/);
    const r = await run(DT_HIBOB);
    assert.equal(r.params.serviceUserName, SU);
    assert.equal(r.params.groupName, GROUP);
    assert.equal(r.identities.serviceUser.how, 'created');
    assert.match(r.steps['group-name'].note, /Accepted with a warning/);
  });

  it('recognises the group under a decorated heading (badge, pencil, “(Custom)”), records its id, and gives verdicts', async () => {
    // The group page renders late (an SPA after the previous step's navigation): wait for its heading.
    await page.waitForSelector('h1', { timeout: 15000 });
    const heading = await page.$eval('h1', (h) => h.textContent);
    assert.notEqual(heading.trim(), GROUP, `the heading is decorated: ${heading}`);
    await act(page, 'edit-access');
    assert.ok(!(await targets(page)).includes('wrong-group'));
    await act(page, 'access-edit-condition');
    await act(page, 'condition-values');
    await clickUntil(page, 'condition-statuses', (el) => el.tagName === 'BUTTON' && el.textContent.trim() === 'Apply');
    assert.ok((await verdictCount(page)) >= 3, 'verdicts on the lifecycle statuses');
    await act(page, 'condition-statuses');
    await act(page, 'condition-apply');
    await clickUntil(page, 'peoples-data-permissions', isSaveButton, 80);
    assert.ok((await verdictCount(page)) >= 5, 'verdicts on People’s data');
    await act(page, 'peoples-data-permissions');
    await act(page, 'confirm-changes');
    const g = (await fixtureState(page)).groups.find((x) => x.name === GROUP);
    assert.deepEqual(g.access.conditions[0].values.sort(), ['Employed', 'Hired', 'Terminated']);
    assert.ok(g.peoplesData['People/Lifecycle/0'] && g.peoplesData['People/Work/0'], 'required rows saved');
    const r = await run(DT_HIBOB);
    assert.equal(r.identities.group.id, g.id, 'the group id came from the URL');
    assert.equal(r.identities.group.name, GROUP);
    assert.equal(r.identities.group.how, 'created');
  });

  it('the similar-named “Drivetrain Support Access 2” is another group: Wrong group, no verdicts', async () => {
    const other = (await fixtureState(page)).groups.find((x) => x.name === 'Drivetrain Support Access 2');
    await page.goto(tenant.urls.group(other.id, 'peoples-data'));
    await waitForTarget(page, 'wrong-group');
    await sleep(400);
    assert.equal(await verdictCount(page), 0);
    await untilOverlaySays(page, /Wrong group/);
  });
});

describe('HiBob: ask and remember, the guard on similar names, and revoking the right service user', () => {
  const tenant = createHibobTenant({
    decorated: true,
    existingServiceUsers: 0,
    extraServiceUsers: ['Drivetrain Support', 'Drivetrain Support (old)'],
    extraGroups: [
      { name: 'DT read-only', members: ['Drivetrain Support'] },
      { name: 'Drivetrain Support Access 2', members: ['Drivetrain Support (old)'] },
    ],
  });
  let page;
  let groups;
  before(async () => {
    await freshRun(DT_HIBOB);
    page = await newPage(ctx, [tenant]);
    await page.goto(tenant.urls.permissionGroups());
    await page.waitForFunction(() => !!window.__hibobFixture);
    groups = (await fixtureState(page)).groups;
  });
  after(async () => page?.close());
  const idOf = (name) => groups.find((g) => g.name === name).id;

  it('a similar name is positive evidence of another group, even before Keyhole knows ours', async () => {
    await page.goto(tenant.urls.group(idOf('Drivetrain Support Access 2'), 'peoples-data'));
    await waitForTarget(page, 'wrong-group');
    assert.equal(await verdictCount(page), 0);
  });

  it('a clearly different name is asked about; “No” is remembered', async () => {
    await page.goto(tenant.urls.group(idOf('HR team'), 'peoples-data'));
    await untilOverlaySays(page, /Is “HR team” the permission group you made for Drivetrain\?/);
    assert.deepEqual(await targets(page), [], 'nothing highlighted while asking');
    assert.equal(await verdictCount(page), 0, 'nothing judged while asking');
    await clickCard(page, 'No');
    await waitForTarget(page, 'wrong-group');
    await page.reload();
    await waitForTarget(page, 'wrong-group');
    assert.doesNotMatch(await overlayText(page), /Is “HR team”/, 'not asked again');
    assert.deepEqual((await run(DT_HIBOB)).others.group.ids, [idOf('HR team')]);
  });

  it('the admin’s own group is asked about once; “Yes” is remembered and the guide continues', async () => {
    await page.goto(tenant.urls.group(idOf('DT read-only'), 'peoples-data'));
    await untilOverlaySays(page, /Is “DT read-only” the permission group you made for Drivetrain\?/);
    await clickCard(page, 'Yes, it is');
    await waitForTarget(page, 'edit-access');
    await page.reload();
    await waitForTarget(page, 'edit-access');
    assert.doesNotMatch(await overlayText(page), /Is “DT read-only”/, 'not asked again');
    const r = await run(DT_HIBOB);
    assert.deepEqual({ ...r.identities.group, at: 0 }, { kind: 'group', id: idOf('DT read-only'), name: 'DT read-only', how: 'asked', at: 0 });
    assert.equal(r.params.groupName, 'DT read-only', 'the confirmed name replaces the suggestion');
  });

  it('revoke: another service user’s menu gets a warning; ours gets Delete (behind a ligature icon) and the right confirmation', async () => {
    await page.goto(tenant.urls.serviceUsers());
    await waitForTarget(page, 'revoke-open-menu');
    const oldMenu = await page.waitForFunction(() => [...document.querySelectorAll('[role=row]')].find((r) => r.querySelector('.su-name')?.firstChild?.nodeValue === 'Drivetrain Support (old)')?.querySelector('button[aria-haspopup=menu]'));
    await oldMenu.asElement().click();
    await untilOverlaySays(page, /Not this service user/);
    assert.ok(!(await targets(page)).includes('revoke-delete'), 'Delete is not offered in another service user’s menu');
    await page.keyboard.press('Escape');
    await act(page, 'revoke-open-menu');
    const del = await waitForTarget(page, 'revoke-delete');
    assert.match(await del.handle.evaluate((el) => el.textContent), /Delete/);
    assert.doesNotMatch(await del.handle.evaluate((el) => el.textContent), /Refresh/);
    await act(page, 'revoke-delete');
    await act(page, 'revoke-confirm-delete');
    await page.waitForFunction(() => !window.__hibobFixture.getState().serviceUsers.some((s) => s.displayName === 'Drivetrain Support'));
    assert.ok((await fixtureState(page)).serviceUsers.some((s) => s.displayName === 'Drivetrain Support (old)'), 'the similar-named one is untouched');
    assert.deepEqual(page.__errors ?? [], []);
  });
});

describe('Learn Amp, decorated row menu (Refresh token + Delete with icons): revoke highlights Delete', () => {
  const tenant = createHibobTenant({ decorated: true, existingServiceUsers: 2, extraServiceUsers: ['Learn Amp'], extraGroups: [{ name: 'Learn Amp integration', members: ['Learn Amp'] }] });
  let page;
  before(async () => {
    await freshRun(LEARNAMP);
    page = await newPage(ctx, [tenant]);
  });
  after(async () => page?.close());

  it('opens the menu, Delete is the target (not the optional Refresh token), and the deletion is confirmed', async () => {
    await page.goto(tenant.urls.serviceUsers());
    await act(page, 'revoke-open-menu');
    const { handle } = await waitForTarget(page, 'revoke-delete');
    assert.equal(await handle.evaluate((el) => el.getAttribute('role')), 'menuitem');
    assert.match(await handle.evaluate((el) => el.textContent), /Delete/);
    assert.ok(!(await targets(page)).includes('refresh-token'));
    await act(page, 'revoke-delete');
    await act(page, 'revoke-confirm-delete');
    await page.waitForFunction(() => !window.__hibobFixture.getState().serviceUsers.some((s) => s.displayName === 'Learn Amp'));
  });
});

// ------------------------------------------------------------------ Salesforce

describe('Salesforce, decorated markup: an admin-chosen profile name, the lockout guard on similar names, New User without stalls', () => {
  const sf = createSalesforceTenant({ layout: 'lightning', decorated: true, extraProfiles: ['Drivetrain Integration (old)'] });
  let page;
  const PROFILE = 'DT Readonly';
  before(async () => {
    await freshRun(DT_SF);
    page = await newPage(ctx, [sf]);
  });
  after(async () => page?.close());

  it('clones Read Only under a name of the admin’s own and recognises it under “(Custom)” and a pencil', async () => {
    await page.goto(sf.urls.profilesList());
    let t = await waitForTarget(page, 'new-profile');
    await t.handle.click();
    t = await waitForTarget(page, 'clone-base');
    await t.handle.select(await t.handle.evaluate((el) => [...el.options].find((o) => o.textContent.trim() === 'Read Only').value));
    t = await waitForTarget(page, 'profile-name');
    await t.handle.type(PROFILE);
    await t.frame.evaluate(() => document.activeElement?.blur());
    t = await waitForTarget(page, 'save-profile');
    await t.handle.click();
    await untilInAnyFrame(page, (n) => document.querySelector('.pageDescription')?.textContent.includes(n), PROFILE);
    t = await waitForTarget(page, 'edit-profile');
    assert.match(await t.frame.$eval('.pageDescription', (e) => e.textContent), /DT Readonly \(Custom\)/);
    const r = await run(DT_SF);
    assert.equal(r.params.profileName, PROFILE);
    assert.equal(r.identities.profile.how, 'created');
    assert.equal(r.identities.profile.id, sf.profileByName(PROFILE).id.slice(0, 15), 'the profile id came from the URL');
    await t.handle.click();
    const p = await waitForTarget(page, 'profile-permissions');
    assert.equal(await p.handle.evaluate((el) => el.type), 'checkbox', 'the first problem box is the target, not Cancel');
    const v = await verdicts(p.frame);
    assert.equal(v.find((x) => x.title === 'Api Only User')?.verdict, 'missing');
  });

  it('the similar-named “Drivetrain Integration (old)” is another profile: no verdicts, Cancel is the target', async () => {
    await page.goto(sf.urls.profileEdit(sf.profileByName('Drivetrain Integration (old)').id));
    const { frame, handle } = await waitForTarget(page, 'profile-permissions');
    assert.equal(await handle.evaluate((el) => el.value.trim()), 'Cancel');
    assert.equal((await verdicts(frame)).length, 0);
    await untilOverlaySays(page, /not the “DT Readonly” profile/);
    await page.goto(sf.urls.profile(sf.profileByName('System Administrator').id));
    await untilOverlaySays(page, /Wrong profile/);
  });

  it('deleted and cloned again under the same name (a new id): Keyhole asks instead of refusing; “Yes” records the new id', async () => {
    // The org now holds "DT Readonly" under another id (the old one is gone), as after a delete and a new clone.
    const old = sf.profileByName(PROFILE);
    const newId = `${old.id.slice(0, 9)}QwErTy${old.id.slice(15)}`;
    sf.state.profiles[newId] = { ...old, id: newId };
    delete sf.state.profiles[old.id];
    assert.equal((await run(DT_SF)).identities.profile.id, old.id.slice(0, 15), 'the old id is the recorded one');
    await page.goto(sf.urls.profileEdit(newId));
    await untilOverlaySays(page, /Is “DT Readonly” the profile you made for Drivetrain\?/);
    const guarded = await waitForTarget(page, 'profile-permissions');
    assert.equal(await guarded.handle.evaluate((el) => el.value.trim()), 'Cancel', 'Cancel stays the target while Keyhole asks');
    assert.equal(await verdictCount(page), 0, 'nothing is checked before the answer');
    await clickCard(page, 'Yes, it is');
    const p = await waitFor(async () => {
      const t = await waitForTarget(page, 'profile-permissions');
      return (await t.handle.evaluate((el) => el.type)) === 'checkbox' ? t : null;
    }, 'a box as the target after “Yes”');
    assert.equal((await verdicts(p.frame)).find((x) => x.title === 'Api Only User')?.verdict, 'missing');
    const r = await waitFor(async () => {
      const x = await run(DT_SF);
      return x.identities.profile.id === newId.slice(0, 15) ? x : null;
    }, 'the new id recorded');
    assert.equal(r.identities.profile.how, 'asked');
  });

  it('New User: a non-vendor e-mail continues with a warning; an unticked notify box is a choice, not a block', async () => {
    await page.goto(sf.urls.newUser());
    let t = await waitForTarget(page, 'user-last-name');
    await t.handle.type('Drivetrain Support');
    t = await waitForTarget(page, 'user-email');
    await t.handle.click();
    await t.handle.type('it-ops@acme.example');
    await t.frame.evaluate(() => document.activeElement?.blur());
    // The guide moves on (Salesforce fills Username and Alias from the e-mail and the name) and keeps the warning.
    t = await waitForTarget(page, 'user-profile');
    await untilOverlaySays(page, /not at @drivetrain\.ai/);
    await t.handle.select(await t.handle.evaluate((el, n) => [...el.options].find((o) => o.textContent.trim() === n).value, PROFILE));
    // Salesforce ticks the notify box by default; the admin unticks it: Keyhole asks instead of insisting.
    const box = await t.frame.$('input[name=EmailInfoEmail]');
    await box.click();
    const n = await waitForTarget(page, 'user-notify');
    assert.equal(await n.handle.evaluate((el) => el.name), 'EmailInfoEmail');
    await untilOverlaySays(page, /Should Salesforce e-mail the login link now\?/);
    await clickCard(page, 'No, later');
    t = await waitForTarget(page, 'save-user');
    await t.handle.click();
    await untilInAnyFrame(page, () => /^\/005[A-Za-z0-9]{12}/.test(location.pathname));
    const user = Object.values(sf.state.users).find((u) => u.email === 'it-ops@acme.example');
    assert.ok(user, 'the user was saved');
    assert.equal(sf.state.profiles[user.profileId].name, PROFILE);
    assert.equal(user.passwordEmailSent, false);
    // The content script's outbox delivers the answer asynchronously: wait for the choice to be stored.
    const r = await waitFor(async () => {
      const x = await run(DT_SF);
      return x?.steps['user-notify']?.status === 'attention' ? x : null;
    }, 'the notify choice stored', 10_000).catch(() => run(DT_SF));
    assert.match(r.steps['user-email'].note, /Accepted with a warning: The Email is not at @drivetrain\.ai/);
    assert.match(r.steps['user-notify'].note, /chose not to send the login e-mail/);
    assert.equal(r.steps['user-notify'].status, 'attention', 'a declined suggestion is kept for the reviewer');
    assert.deepEqual(page.__errors ?? [], []);
  });
});
