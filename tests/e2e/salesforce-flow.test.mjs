// The whole Salesforce flow in real Chromium and Firefox, on every Setup layout the fixture tenant offers: profile list →
// clone form → profile edit (original UI) or System Permissions + Object Settings (enhanced UI) with verdicts that
// change as the test clicks → New User → revoke (Freeze, Edit, Active off, Save). Each walk checks the automation
// contract and then the tenant's state, so the test's own clicks prove what the verdicts claimed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createSalesforceTenant } from '../fixtures/salesforce/tenant.mjs';
import { launch, newPage, startPlaybook, waitForTarget, verdicts, keyholeAttributeCount, untilInAnyFrame, sleep, overlayText, freshRun as freshRunOf, allTargets, targetLeft, clickTarget, untilOverlaySays, waitFor } from './harness.mjs';

const PB = 'drivetrain-salesforce-support';
const PROFILE = 'Drivetrain Integration';
const EMAIL = 'dp-acme@drivetrain.ai';
const FORBIDDEN_PERMS = ['ModifyAllData', 'ViewAllData', 'ManageUsers', 'CustomizeApplication', 'AuthorApex'];
const THREE = ['Account', 'Opportunity', 'Lead'];

let ctx;
before(async () => {
  ctx = await launch();
});
after(async () => {
  await ctx?.close();
});

// ------------------------------------------------------------------ helpers

/** The next target of any step; returns { step, handle, frame }. */
async function anyTarget(page, timeout = 10000) {
  const start = Date.now();
  for (;;) {
    for (const f of page.frames()) {
      if (f.detached) continue;
      try {
        const h = await f.$('[data-keyhole-target]');
        // The guide may move its target between the query and the read: then look again.
        const step = h ? await h.evaluate((el) => el.getAttribute('data-keyhole-target')) : null;
        if (step) return { step, handle: h, frame: f };
      } catch {}
    }
    if (Date.now() - start > timeout) throw new Error(`no target within ${timeout} ms; frames: ${page.frames().map((x) => x.url()).join(' | ')}`);
    await sleep(60);
  }
}

/** Click the target of `stepId`, first checking the contract's one target per frame. */
const clickOnlyTarget = (page, stepId) => clickTarget(page, stepId, { oneTargetPerFrame: true });

/** The verdict attribute once it differs from `before`, polled for up to a second. */
async function verdictSoon(handle, before) {
  const start = Date.now();
  for (;;) {
    const v = await handle.evaluate((el) => el.getAttribute('data-keyhole-verdict'));
    if (v !== before || Date.now() - start > 1000) return v;
    await sleep(25);
  }
}

/** The target is a highlighted, visible control. */
async function assertHighlighted(handle) {
  const box = await handle.boundingBox();
  assert.ok(box && box.width > 0 && box.height > 0, 'the target is visible');
}

/**
 * On a permissions page: follow the guide's target through every missing/forbidden box until it is Save; each click
 * must flip that box's verdict to ok within a second. Returns { frame, save, before } (verdicts before any click).
 */
async function fixPermissions(page, stepId) {
  const first = await waitForTarget(page, stepId);
  const frame = first.frame;
  // A large page is read in slices, each a task of its own: the first target is drawn from the first slice, before
  // every box has its verdict. The page as Keyhole first judged it is read once the card stops saying so.
  await waitFor(async () => !/still reading the permissions/.test(await overlayText(page)), 'the permissions read whole', 30_000);
  const initial = await verdicts(frame);
  for (let i = 0; i < 80; i++) {
    const next = await waitForTarget(page, stepId);
    const isCheckbox = await next.handle.evaluate((el) => el.type === 'checkbox');
    if (!isCheckbox) {
      const after = await verdicts(frame);
      assert.equal(after.filter((x) => x.verdict === 'missing' || x.verdict === 'forbidden').length, 0, 'nothing missing or forbidden once Save is the target');
      assert.equal(await next.handle.evaluate((el) => el.value.trim()), 'Save', 'Save is the target once nothing blocks');
      return { frame, save: next.handle, initial, after };
    }
    const before = await next.handle.evaluate((el) => el.getAttribute('data-keyhole-verdict'));
    assert.ok(before === 'missing' || before === 'forbidden', `the target box is a problem (${before})`);
    await next.handle.click();
    assert.equal(await verdictSoon(next.handle, before), 'ok', 'the verdict follows the click within a second');
    await targetLeft(next.handle);
  }
  throw new Error('the guide never reached Save');
}

const byName = (list, name) => list.find((x) => x.title === name || x.label === name);

/**
 * Each walk starts a fresh run: once a walk has revoked access, the background stops guiding grant steps (only the
 * revoke steps stay active), as it should for a real admin.
 */
async function freshRun() {
  await freshRunOf(ctx, PB);
}

// ------------------------------------------------------------------ the walk

async function walk(opts, { revoke = true, userToo = true } = {}) {
  await freshRun();
  const sf = createSalesforceTenant(opts);
  const page = await newPage(ctx, [sf]);
  try {
    await page.goto(sf.urls.profilesList());
    const framed = opts.layout !== 'classic';

    // Profiles list → New Profile (or the existing profile).
    if (opts.existingIntegrationProfile) {
      await clickOnlyTarget(page, 'open-profile');
    } else {
      const frame = await clickOnlyTarget(page, 'new-profile');
      const host = new URL(frame.url()).hostname;
      if (framed) assert.notEqual(frame, page.mainFrame(), 'guided inside the Setup frame, not the Lightning shell');
      assert.equal(host, sf.state.hosts.frame, 'the guide runs on the frame host');

      // Clone form: Existing Profile, Profile Name, Save — each highlighted in turn.
      const baseStep = opts.hasReadOnlyProfile === false ? 'clone-base-minimum' : 'clone-base';
      const base = opts.hasReadOnlyProfile === false ? 'Minimum Access - Salesforce' : 'Read Only';
      let t = await waitForTarget(page, baseStep);
      assert.equal(await t.handle.evaluate((el) => el.tagName), 'SELECT');
      await assertHighlighted(t.handle);
      if (opts.hasReadOnlyProfile === false) await untilOverlaySays(page, /no “Read Only” profile/);
      await t.handle.select(await t.handle.evaluate((el, b) => [...el.options].find((o) => o.textContent.trim() === b).value, base));
      t = await waitForTarget(page, 'profile-name');
      await t.handle.type(PROFILE);
      t = await waitForTarget(page, 'save-profile');
      assert.equal(await t.handle.evaluate((el) => el.value.trim()), 'Save');
      await t.handle.click();
      await targetLeft(t.handle);
    }
    const prof = () => sf.profileByName(PROFILE);
    await untilInAnyFrame(page, (name) => document.querySelector('.pageDescription')?.textContent.trim() === name, PROFILE);
    assert.ok(prof(), 'the profile exists in the tenant');
    if (!opts.existingIntegrationProfile) {
      const base = opts.hasReadOnlyProfile === false ? 'Minimum Access - Salesforce' : 'Read Only';
      assert.equal(sf.state.profiles[prof().clonedFrom].name, base, 'cloned from the guided base profile');
    }

    if (opts.profileUi === 'enhanced') await enhancedProfile(page, sf, opts);
    else await originalProfile(page, sf, opts);

    // What the test's clicks saved is what the verdicts claimed.
    const p = prof();
    assert.equal(p.userPerms.ApiEnabled, true, 'API Enabled saved');
    assert.equal(p.userPerms.ApiUserOnly, true, 'API Only User saved');
    for (const k of FORBIDDEN_PERMS) assert.equal(p.userPerms[k], false, `${k} off`);
    for (const api of THREE) assert.equal(p.objectPerms[api].read, true, `Read ${api} saved`);
    for (const [api, f] of Object.entries(p.objectPerms)) {
      const scope = opts.profileUi === 'enhanced' && !THREE.includes(api) ? null : api; // enhanced: only the three objects were edited
      if (!scope) continue;
      for (const op of ['create', 'edit', 'delete', 'viewAll', 'modifyAll']) assert.equal(f[op], false, `${op} ${api} off`);
    }

    // Users → New User, fields in order, Profile, Save.
    if (userToo) await createUser(page, sf, opts);
    if (userToo && revoke) await revokeUser(page, sf);
    assert.deepEqual(page.__errors ?? [], [], 'no exception reached the page');
    return { sf, page };
  } finally {
    await page.close().catch(() => {});
  }
}

async function originalProfile(page, sf, opts) {
  await clickOnlyTarget(page, 'edit-profile');
  const { frame, initial } = await fixPermissions(page, 'profile-permissions');
  const v = initial;
  if (opts.hasReadOnlyProfile !== false) {
    assert.equal(byName(v, 'Read Accounts')?.verdict, 'ok', 'a Read Only clone reads Accounts already');
    assert.equal(byName(v, 'Read Contacts')?.verdict, 'review', 'a Read Only clone brings Read Contacts: review');
    assert.equal(byName(v, 'Export Reports')?.verdict, 'review', 'Export Reports: review');
    assert.ok(v.some((x) => x.verdict === 'forbidden'), 'a Read Only clone has write access somewhere (ProfileSkillUser)');
  } else {
    assert.equal(byName(v, 'Read Accounts')?.verdict, 'missing', 'Minimum Access has no Read on Accounts');
  }
  assert.equal(byName(v, 'Api Only User')?.verdict ?? byName(v, 'API Only User')?.verdict, 'missing', 'API Only User starts missing');
  for (const name of ['Modify All Data', 'View All Data', 'Manage Users', 'Customize Application', 'Author Apex']) {
    assert.equal(byName(v, name)?.verdict, 'ok', `${name} is judged (off = ok)`);
  }
  for (const fake of ['Read Users', 'Read Opportunity History', 'Read Opportunity Field History']) assert.equal(byName(v, fake), undefined, `no fake row: ${fake}`);
  if (opts.objectCount === 400) assert.ok(v.length > 2000, `a 400-object page is judged whole (${v.length} verdicts)`);
  // A click the guide did not ask for: Edit Accounts on → forbidden at once, off → ok.
  const editAcc = await frame.$('input[title="Edit Accounts"]');
  await editAcc.click();
  assert.equal(await verdictSoon(editAcc, 'ok'), 'forbidden', 'ticking Edit Accounts is forbidden within a second');
  await untilInAnyFrame(page, () => document.querySelector('[data-keyhole-target]')?.title === 'Edit Accounts');
  await editAcc.click();
  assert.equal(await verdictSoon(editAcc, 'forbidden'), 'ok');
  const after = await verdicts(frame);
  assert.ok(after.some((x) => x.verdict === 'review'), 'review items remain and do not block');
  const t = await waitForTarget(page, 'profile-permissions');
  assert.equal(await t.handle.evaluate((el) => el.value.trim()), 'Save');
  await untilOverlaySays(page, /Review items \(\d+\)/);
  await t.handle.click();
  await targetLeft(t.handle);
  // Detail page again: Edit is done; the guide moves on to the profile's users.
  await clickOnlyTarget(page, 'profile-to-users');
}

/** Click a selector in whichever frame has it (frames are replaced after each load) until some frame's URL satisfies `done`. */
async function clickUntilPage(page, selector, done, arg) {
  const start = Date.now();
  for (;;) {
    await untilInAnyFrame(page, (sel) => {
      const el = document.querySelector(sel);
      if (!el) return false;
      el.click();
      return true;
    }, selector);
    const t0 = Date.now();
    while (Date.now() - t0 < 1500) {
      if (page.frames().some((f) => { try { return done(new URL(f.url()), arg); } catch { return false; } })) return;
      await sleep(50);
    }
    if (Date.now() - start > 10000) throw new Error(`clicking ${selector} never led to the expected page`);
  }
}

async function enhancedProfile(page, sf, opts) {
  await clickOnlyTarget(page, 'open-system-permissions');
  await clickOnlyTarget(page, 'edit-system-permissions');
  const sys = await fixPermissions(page, 'system-permissions');
  assert.equal(byName(sys.initial, 'API Only User')?.verdict, 'missing');
  assert.equal(byName(sys.initial, 'Modify All Data')?.verdict, 'ok');
  if (opts.hasReadOnlyProfile !== false) assert.equal(byName(sys.initial, 'Run Reports')?.verdict, 'review', 'a Read Only clone runs reports: review');
  await sys.save.click();
  await targetLeft(sys.save);
  const OBJ = [['Account', 'Acc', 'Accounts'], ['Opportunity', 'Opp', 'Opportunities'], ['Lead', 'Lea', 'Leads']];
  for (const [i, [api, prefix, plural]] of OBJ.entries()) {
    const id = api.toLowerCase();
    // Find Settings…: type, then the result link is the target.
    let t = await waitForTarget(page, `open-object-${id}`);
    if (await t.handle.evaluate((el) => el.tagName === 'INPUT')) {
      await t.handle.type(prefix);
      await targetLeft(t.handle);
      t = await waitForTarget(page, `open-object-${id}`);
    }
    assert.equal(await t.handle.evaluate((el) => el.textContent.trim()), plural, `the ${plural} result is the target`);
    await t.handle.click();
    await targetLeft(t.handle);
    const perms = sf.profileByName(PROFILE).objectPerms[api];
    const readOnly = perms.read && !perms.create && !perms.edit && !perms.delete && !perms.viewAll && !perms.modifyAll;
    if (!readOnly) {
      await clickOnlyTarget(page, `edit-object-${id}`);
    } else {
      // Already Read only: the guide does not ask for Edit (it points on to the next object); the test opens the
      // edit page itself to see the field-level review items.
      if (i < 2) await waitForTarget(page, `open-object-${OBJ[i + 1][0].toLowerCase()}`);
      assert.equal((await allTargets(page)).filter((x) => x.step === `edit-object-${id}`).length, 0, 'no Edit target on a read-only object');
      await clickUntilPage(page, 'input[name=edit]', (u, a) => u.pathname.endsWith('/e') && u.searchParams.get('o') === a, api);
    }
    const ob = await fixPermissions(page, `object-${id}`);
    assert.equal(ob.initial.find((x) => x.id.endsWith(':0:op_ck'))?.verdict, readOnly ? 'ok' : 'missing', `Read ${plural}: ${readOnly ? 'ok' : 'missing'}`);
    if (readOnly) {
      // Field Edit Access writes (catalog): a Read Only clone's edit-enabled fields start forbidden, and the guide has
      // them all unticked before Save.
      assert.ok(ob.initial.filter((x) => x.id.endsWith('fls_edit_ck')).some((x) => x.verdict === 'forbidden'), 'field Edit Access is forbidden');
      assert.ok(ob.after.filter((x) => x.id.endsWith('fls_edit_ck')).every((x) => x.verdict === 'ok'), 'every field Edit Access off before Save');
    }
    await ob.save.click();
    await targetLeft(ob.save);
    await untilInAnyFrame(page, (a) => new URLSearchParams(location.search).get('o') === a && !location.pathname.endsWith('/e'), api);
  }
}

async function createUser(page, sf, opts) {
  await page.goto(sf.urls.usersList());
  await clickOnlyTarget(page, 'new-user');
  const typed = { 'user-last-name': 'Drivetrain Support', 'user-email': EMAIL, 'user-username': `${EMAIL}.acme`, 'user-alias': 'dtsup' };
  const seen = [];
  for (let i = 0; i < 8; i++) {
    const { step, handle } = await anyTarget(page);
    if (seen.at(-1) === step) {
      await sleep(50);
      continue;
    }
    seen.push(step);
    if (!(step in typed)) break;
    // Replace what Salesforce pre-filled (Username and Alias follow the e-mail). A triple click does not always select
    // the whole value in Firefox (the Username then came out as two addresses run together), so select it explicitly.
    await handle.click();
    await handle.evaluate((el) => el.select());
    await handle.type(typed[step]);
    assert.equal(await handle.evaluate((el) => el.value), typed[step], `${step} holds what was typed`);
    await handle.evaluate((el) => el.blur());
    await targetLeft(handle);
  }
  assert.deepEqual(seen.slice(0, 2), ['user-last-name', 'user-email'], 'fields are highlighted in order');
  assert.equal(seen.at(-1), 'user-profile', 'then the Profile picklist');
  const t = await waitForTarget(page, 'user-profile');
  const profileValue = await t.handle.evaluate((el, n) => [...el.options].find((o) => o.textContent.trim() === n)?.value, PROFILE);
  assert.ok(profileValue, 'the new profile is offered');
  await t.handle.select(profileValue);
  // "Generate new password and notify user immediately" is ticked by default, as the seed wants: straight to Save
  // (the identity e2e unticks it and answers the choice).
  await clickOnlyTarget(page, 'save-user');
  await untilInAnyFrame(page, (n) => /^\/005[A-Za-z0-9]{12}/.test(location.pathname) && document.body.textContent.includes(n), PROFILE);
  const user = Object.values(sf.state.users).find((x) => x.email === EMAIL);
  assert.ok(user, 'the user was saved by the test click');
  assert.equal(sf.state.profiles[user.profileId].name, PROFILE);
  assert.equal(user.active, true);
  assert.equal(user.passwordEmailSent, true, 'the login e-mail was requested, as the seed asks');
  void opts;
}

async function revokeUser(page, sf) {
  await page.goto(sf.urls.usersList());
  const user = () => Object.values(sf.state.users).find((x) => x.email === EMAIL);
  await clickOnlyTarget(page, 'revoke-open-user');
  await clickOnlyTarget(page, 'revoke-freeze');
  await clickOnlyTarget(page, 'revoke-edit-user');
  assert.equal(user().frozen, true, 'frozen by the test click');
  const { handle } = await waitForTarget(page, 'revoke-deactivate');
  assert.equal(await handle.evaluate((el) => el.checked), true);
  await handle.click();
  await targetLeft(handle);
  await clickOnlyTarget(page, 'revoke-save');
  await untilInAnyFrame(page, () => /^\/005[A-Za-z0-9]{12}$/.test(location.pathname) && !!document.querySelector('input[name=unfreeze]'));
  assert.equal(user().frozen, true, 'the user is frozen');
  assert.equal(user().active, false, 'the user is inactive');
  // Nothing left to do on the page: no target anywhere.
  await sleep(400);
  assert.deepEqual((await allTargets(page)).map((x) => x.step), [], 'revoke done: nothing highlighted');
}

// ------------------------------------------------------------------ tests

test('no playbook active: no attribute, no overlay', { timeout: 60000 }, async () => {
  const sf = createSalesforceTenant({ layout: 'lightning' });
  const page = await newPage(ctx, [sf]);
  try {
    for (const url of [sf.urls.profilesList(), sf.urls.profileEdit(sf.profileByName('Read Only').id)]) {
      await page.goto(url);
      await untilInAnyFrame(page, () => document.body?.classList.contains('sfdcBody') && document.readyState === 'complete');
      await sleep(700);
      assert.equal(await keyholeAttributeCount(page), 0, `no data-keyhole-* attribute without an active playbook (${url})`);
      assert.doesNotMatch(await overlayText(page), /Keyhole guide/);
    }
  } finally {
    await page.close();
  }
  await startPlaybook(ctx, PB);
});

const LAYOUTS = [
  ['Lightning, cross-origin frame (original UI)', { layout: 'lightning' }],
  ['Setup domain, same-origin frame (original UI)', { layout: 'setup-domain' }],
  ['Classic Setup (original UI)', { layout: 'classic' }],
  ['sandbox, Lightning (enhanced UI)', { layout: 'lightning', partition: 'sandbox', profileUi: 'enhanced' }],
  ['sandbox, setup domain (existing integration profile)', { layout: 'setup-domain', partition: 'sandbox', existingIntegrationProfile: true }],
  ['Developer Edition (no Read Only profile: Minimum Access)', { partition: 'develop', hasReadOnlyProfile: false }],
  ['scratch org, setup domain (enhanced UI, Minimum Access base)', { partition: 'scratch', profileUi: 'enhanced', hasReadOnlyProfile: false }],
  ['Classic, enhanced UI', { layout: 'classic', profileUi: 'enhanced' }],
];

for (const [name, opts] of LAYOUTS) {
  test(`whole flow, revoke included: ${name}`, { timeout: 120000 }, async () => {
    await walk(opts);
  });
}

test('400 objects on the profile page: verdicts still right, Save reached, saved state right', { timeout: 120000 }, async () => {
  await walk({ layout: 'setup-domain', objectCount: 400 }, { userToo: false });
});

test('lockout guard: System Administrator edit page gets no “missing” verdict, Cancel is the target', { timeout: 60000 }, async () => {
  await freshRun();
  for (const opts of [{ layout: 'lightning' }, { layout: 'setup-domain', profileUi: 'enhanced' }]) {
    const sf = createSalesforceTenant(opts);
    const page = await newPage(ctx, [sf]);
    try {
      const admin = sf.profileByName('System Administrator');
      await page.goto(opts.profileUi === 'enhanced' ? sf.urls.profileSectionEdit(admin.id, 'SystemPermissions') : sf.urls.profileEdit(admin.id));
      const stepId = opts.profileUi === 'enhanced' ? 'system-permissions' : 'profile-permissions';
      const { frame, handle } = await waitForTarget(page, stepId);
      assert.equal(await handle.evaluate((el) => el.value.trim()), 'Cancel', 'the target is Cancel');
      const v = await verdicts(frame);
      assert.equal(v.length, 0, 'no verdicts on another profile (so API Only User is never "missing")');
      await untilOverlaySays(page, /not the “Drivetrain Integration” profile.*API Only User/s);
      // The admin's own profile detail: a warning, no Edit target.
      await page.goto(sf.urls.profile(admin.id));
      await untilOverlaySays(page, /Wrong profile/);
      assert.equal((await allTargets(page)).filter((x) => x.step === 'edit-profile' || x.step === 'open-system-permissions').length, 0);
      assert.equal(admin.userPerms.ApiUserOnly, false);
      assert.deepEqual(page.__errors ?? [], []);
    } finally {
      await page.close();
    }
  }
});

test('unrelated Salesforce pages carry no attribute and no overlay', { timeout: 60000 }, async () => {
  for (const layout of ['lightning', 'setup-domain', 'classic']) {
    const sf = createSalesforceTenant({ layout });
    const page = await newPage(ctx, [sf]);
    try {
      for (const url of [sf.urls.recordPage(), sf.urls.companyInfo(), sf.urls.permissionSets(), sf.urls.setupHome()]) {
        await page.goto(url);
        await sleep(900);
        assert.equal(await keyholeAttributeCount(page), 0, `no data-keyhole-* on ${url}`);
        assert.doesNotMatch(await overlayText(page), /Keyhole guide/, `no overlay on ${url}`);
      }
      assert.deepEqual(page.__errors ?? [], []);
    } finally {
      await page.close();
    }
  }
});

test('Dutch org: a control that cannot be found is described in words, no page errors', { timeout: 60000 }, async () => {
  await freshRun();
  const sf = createSalesforceTenant({ layout: 'setup-domain', language: 'nl' });
  const page = await newPage(ctx, [sf]);
  try {
    await page.goto(sf.urls.profilesList());
    // The button is " Nieuw profiel ": found by its stable name attribute.
    await clickOnlyTarget(page, 'new-profile');
    let t = await waitForTarget(page, 'clone-base');
    await t.handle.select(await t.handle.evaluate((el) => [...el.options].find((o) => o.textContent.trim() === 'Read Only').value));
    // "Profielnaam": not found → after a few seconds the overlay says what to look for.
    const text = await untilOverlaySays(page, /cannot find this control.*Profile Name/s, 10000);
    assert.match(text, /Look for/);
    assert.equal((await allTargets(page)).length, 0, 'no blank highlight');
    const { frame } = await untilInAnyFrame(page, () => !!document.querySelector('input[maxlength="255"]'));
    await frame.type('input[maxlength="255"]', PROFILE);
    // The admin follows the words and saves (" Opslaan ", name="save").
    await frame.click('input[name=save]');
    await untilInAnyFrame(page, (n) => document.querySelector('.pageDescription')?.textContent.trim() === n, PROFILE);
    assert.ok(sf.profileByName(PROFILE), 'the profile was created');
    // The guide picks up again on the next page: " Bewerken " is found by its name attribute.
    t = await waitForTarget(page, 'edit-profile');
    assert.equal(await t.handle.evaluate((el) => el.value.trim()), 'Bewerken');
    assert.deepEqual(page.__errors ?? [], [], 'no exception reached the page');
  } finally {
    await page.close();
  }
});
