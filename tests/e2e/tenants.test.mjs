// Two tenants at once (issue 14, point 6): a production org (Classic, acme.my.salesforce.com) and its sandbox
// (Lightning, acme--uat.sandbox.lightning.force.com with Setup framed from acme--uat.sandbox.my.salesforce.com), open
// in two windows with the same playbook. What the admin does in one org is that org's progress and evidence only;
// the popup shows one tenant at a time and every exported checklist names the tenant it is for.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSalesforceTenant } from '../fixtures/salesforce/tenant.mjs';
import {
  launch, serve, startPlaybook, waitForTarget, untilInAnyFrame, storageDump, openPopup, downloadsTo, downloadsDone, finishedDownloads,
  openExtPage, waitFor, sleep, verdicts,
} from './harness.mjs';

const PB = 'drivetrain-salesforce-support';
const PROFILE = 'Drivetrain Integration';
const prod = createSalesforceTenant({ layout: 'classic', org: 'acme', objectCount: 12 });
const uat = createSalesforceTenant({ layout: 'lightning', org: 'acme', partition: 'sandbox', sandboxName: 'uat', objectCount: 12 });
const PROD = { key: 'acme', host: 'acme.my.salesforce.com' };
const UAT = { key: 'acme--uat.sandbox', host: 'acme--uat.sandbox.my.salesforce.com' };
const PROD_HOSTS = new Set(Object.values(prod.state.hosts));
const UAT_HOSTS = new Set(Object.values(uat.state.hosts));

let ctx;
let a; // production
let b; // sandbox
before(async () => {
  ctx = await launch();
});
after(async () => {
  await a?.close().catch(() => {});
  await b?.close().catch(() => {});
  await ctx?.close();
});

/** A console tab in its own window (both visible: an agent works on animation frames), serving both orgs. */
async function consoleWindow() {
  const page = await ctx.browser.newPage({ type: 'window' });
  page.on('pageerror', (err) => (page.__errors ??= []).push(String(err?.message ?? err)));
  await serve(ctx, page, [prod, uat]);
  return page;
}

const run = async () => (await storageDump(ctx))['keyhole.state'].runs[PB];

async function clickTarget(page, stepId) {
  const { frame, handle } = await waitForTarget(page, stepId);
  await handle.click();
  // The guide moves its target on the next frame after a click (or the frame is replaced).
  for (let i = 0; i < 80; i++) {
    if (!(await handle.evaluate((el) => el.isConnected && el.hasAttribute('data-keyhole-target')).catch(() => false))) break;
    await sleep(25);
  }
  return frame;
}

/** Profiles list → New Profile → clone form (Read Only, the name) → Save, as the guide asks. */
async function createProfile(page, tenant) {
  await page.goto(tenant.urls.profilesList());
  const frame = await clickTarget(page, 'new-profile');
  assert.ok(UAT_HOSTS.has(new URL(frame.url()).hostname) === (tenant === uat), 'guided in the tab’s own org');
  const base = await waitForTarget(page, 'clone-base');
  await base.handle.select(await base.handle.evaluate((el) => [...el.options].find((o) => o.textContent.trim() === 'Read Only').value));
  const name = await waitForTarget(page, 'profile-name');
  await name.handle.type(PROFILE);
  await clickTarget(page, 'save-profile');
  await untilInAnyFrame(page, (n) => document.querySelector('.pageDescription')?.textContent.trim() === n, PROFILE);
  assert.ok(tenant.profileByName(PROFILE), 'the profile exists in that org');
}

test('two orgs in two windows with the same playbook: each keeps its own progress and evidence', async () => {
  await startPlaybook(ctx, PB);
  a = await consoleWindow();
  b = await consoleWindow();

  // Production: the profile is created (new-profile … save-profile observed there).
  await createProfile(a, prod);
  const afterProd = await waitFor(async () => {
    const r = await run();
    return r?.tenants?.[PROD.key]?.steps['save-profile']?.status === 'done' ? r : null;
  }, 'production’s save-profile recorded');
  assert.equal(afterProd.tenants[UAT.key]?.steps['save-profile'], undefined, 'nothing of production’s progress is the sandbox’s');

  // The sandbox, in the other window: its own start (its list has no such profile), its own clone form.
  await b.goto(uat.urls.profilesList());
  await waitForTarget(b, 'new-profile');
  await clickTarget(b, 'new-profile');
  await waitForTarget(b, 'clone-base');
  const withUat = await waitFor(async () => {
    const r = await run();
    return r.tenants[UAT.key]?.current?.stepId === 'clone-base' ? r : null;
  }, 'the sandbox’s current step recorded');
  assert.equal(withUat.tenants[UAT.key].steps['save-profile'], undefined, 'the sandbox has not saved a profile');
  assert.equal(withUat.tenants[PROD.key].steps['save-profile']?.status, 'done', 'production keeps its saved profile');
  assert.notEqual(withUat.tenants[PROD.key].current?.stepId, 'clone-base', 'the sandbox’s current step is not production’s');

  // Back in production while the sandbox was the latest tenant worked on: the profile's permissions (evidence).
  await clickTarget(a, 'edit-profile');
  const { frame } = await waitForTarget(a, 'profile-permissions');
  const box = await frame.$('input[title="Api Only User"], input[title="API Only User"]');
  assert.ok(box, 'the API Only User box');
  assert.equal(await box.evaluate((el) => el.getAttribute('data-keyhole-verdict')), 'missing');
  await box.click();
  await waitFor(() => box.evaluate((el) => el.getAttribute('data-keyhole-verdict') === 'ok'), 'API Only User ok', 1000 + 2000);
  const apiOnly = (f) => Object.values(f ?? {}).flatMap((s) => s.items).find((i) => /^api only user$/i.test(i.label || i.name || ''));
  const final = await waitFor(async () => {
    const r = await run();
    return apiOnly(r.tenants[PROD.key]?.findings)?.verdict === 'ok' ? r : null;
  }, 'production’s findings recorded with the click');
  assert.ok((await verdicts(frame)).length > 5, 'the profile page is judged');

  // Exactly two tenants, each on its own org's hosts only.
  assert.deepEqual(Object.keys(final.tenants).sort(), [PROD.key, UAT.key].sort(), 'one tenant per org');
  assert.equal(final.tenants[PROD.key].host, PROD.host);
  assert.equal(final.tenants[UAT.key].host, UAT.host);
  for (const [key, hosts] of [[PROD.key, PROD_HOSTS], [UAT.key, UAT_HOSTS]]) {
    const t = final.tenants[key];
    for (const [id, rec] of Object.entries(t.steps)) assert.ok(hosts.has(rec.tenant), `${key}: step ${id} observed on its own org (${rec.tenant})`);
    for (const [id, f] of Object.entries(t.findings)) assert.ok(hosts.has(f.tenant), `${key}: findings ${id} from its own org (${f.tenant})`);
    if (t.current) assert.ok(hosts.has(t.current.tenant), `${key}: current step on its own org (${t.current.tenant})`);
  }
  assert.ok(Object.keys(final.tenants[PROD.key].findings).length >= 1, 'production has the permission evidence');
  assert.deepEqual(final.tenants[UAT.key].findings, {}, 'the sandbox has none: its profile was never opened');
  assert.equal(final.tenants[UAT.key].current.stepId, 'clone-base', 'the sandbox is still where its admin left it');
  assert.equal(final.tenants[PROD.key].current.stepId, 'profile-permissions', 'production is on its permissions');
  // The orgs' pages were left as the test's clicks made them: the sandbox has no Drivetrain profile.
  assert.ok(!uat.profileByName(PROFILE), 'nothing was saved in the sandbox');
  assert.deepEqual([...(a.__errors ?? []), ...(b.__errors ?? [])], [], 'no exception reached either page');
});

test('the popup shows one tenant at a time, and each exported checklist names its tenant', async () => {
  const dir = await downloadsTo(ctx);
  const popup = await openPopup(ctx);
  await popup.waitForSelector('[data-keyhole-tenant-picker]');
  const options = await popup.$$eval('[data-keyhole-tenant-picker] option', (els) => els.map((e) => e.getAttribute('data-tenant')));
  assert.deepEqual(options, [PROD.key, UAT.key], 'both tenants offered, the one worked on last first');
  const exported = {};
  for (const t of [PROD, UAT]) {
    await popup.select('[data-keyhole-tenant-picker]', t.key);
    await waitFor(() => popup.$eval('[data-keyhole-tenant]', (e) => e.textContent).then((x) => x === t.host).catch(() => false), `the popup shows ${t.key}`);
    const saved = await popup.$eval('[data-step="save-profile"]', (e) => e.getAttribute('data-status'));
    if (t === PROD) assert.equal(saved, 'done', 'production: profile saved');
    else assert.notEqual(saved, 'done', 'the sandbox: profile not saved');
    const before = new Set(finishedDownloads(dir));
    await popup.click('[data-keyhole-export="markdown"]');
    await popup.click('[data-keyhole-export="json"]');
    const files = await waitFor(() => {
      const f = finishedDownloads(dir).filter((x) => !before.has(x));
      return f.length === 2 ? f.sort() : null;
    }, `the ${t.key} downloads`);
    const date = new Date().toISOString().slice(0, 10);
    assert.deepEqual(files, [`keyhole-${PB}-${t.host}-${date}.json`, `keyhole-${PB}-${t.host}-${date}.md`], 'the file names name the tenant');
    exported[t.key] = { json: JSON.parse(readFileSync(join(dir, files[0]), 'utf8')), md: readFileSync(join(dir, files[1]), 'utf8') };
  }
  await downloadsDone(ctx);
  await popup.close();

  const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  for (const [t, other] of [[PROD, UAT], [UAT, PROD]]) {
    const { json, md } = exported[t.key];
    assert.equal(json.tenantKey, t.key);
    assert.equal(json.tenant, t.host);
    assert.match(md, new RegExp(`^- Tenant: ${esc(t.host)} \\(tenant ${esc(t.key)}\\)$`, 'm'), `the Markdown names ${t.key}`);
    for (const s of json.steps) if (s.tenant) assert.ok((t === PROD ? PROD_HOSTS : UAT_HOSTS).has(s.tenant), `${t.key} checklist: ${s.id} evidence from its own org (${s.tenant})`);
    assert.ok(!md.includes(other.host), `the ${t.key} checklist never names the other org`);
  }
  const step = (key, id) => exported[key].json.steps.find((s) => s.id === id);
  assert.equal(step(PROD.key, 'save-profile').status, 'done');
  assert.equal(step(PROD.key, 'save-profile').tenant, PROD.host);
  assert.notEqual(step(UAT.key, 'save-profile').status, 'done', 'the sandbox checklist does not claim production’s save');
  // The sandbox got as far as its clone form: no step of it is done (its profile is not listed), production's are.
  assert.deepEqual(exported[UAT.key].json.steps.filter((s) => s.status === 'done').map((s) => s.id), [], 'no step done in the sandbox');
  assert.ok(exported[PROD.key].json.steps.filter((s) => s.status === 'done' && s.tenant === PROD.host).length >= 2, 'production’s steps done, observed there');
  assert.match(exported[PROD.key].md, /\| Save the new profile \| Done \| .+ \| Observed \| acme\.my\.salesforce\.com \|/);
  assert.match(exported[UAT.key].md, /\| Save the new profile \| Open \|/);
  const prodCheck = exported[PROD.key].json.permissions.find((p) => p.stepId === 'profile-permissions');
  assert.ok(prodCheck?.required.some((i) => /^api only user$/i.test(i.name) && i.ok), 'production’s checklist has its API Only User evidence');
  assert.equal(prodCheck.tenant, PROD.host, 'observed on production');
  assert.deepEqual(exported[UAT.key].json.permissions, [], 'the sandbox’s checklist has no permission evidence: none was seen there');

  // The printable report: one checklist per tenant, each naming it.
  const report = await openExtPage(ctx, `popup/report.html?playbook=${PB}`);
  await report.waitForSelector('[data-report-tenant]');
  const named = await waitFor(async () => {
    const n = await report.$$eval('[data-report-tenant]', (els) => els.map((e) => e.textContent));
    return n.length === 2 ? n : null;
  }, 'two checklists in the report');
  assert.deepEqual(named.sort(), [PROD.host, UAT.host].sort());
  await report.close();
});
