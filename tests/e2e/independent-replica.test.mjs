// Keyhole on Salesforce Classic pages written by someone who never saw Keyhole's code or fixtures
// (tests/fixtures/independent/README.md): the contract's outcomes, not the markup's details. Chromium only (plain
// Classic HTML; the console flows run in Firefox too).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as P from '../fixtures/independent/salesforce-classic.mjs';
import { freshRun, keyholeAttributeCount, launch, newPage, sleep, untilOverlaySays, waitFor, waitForTarget } from './harness.mjs';

const PB = 'drivetrain-salesforce-support';
const DT = 'Drivetrain Integration';
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** Profile edit pages by id, served at their real Classic URLs (/<00e id>/e). */
const pages = new Map();
const editUrl = (id) => `${P.HOST}/${id}/e?retURL=%2F${id}`;
function edit(id, o) {
  pages.set(id, P.profileEditPage({ id, ...o }));
  return editUrl(id);
}
const tenant = {
  handle({ url }) {
    const u = new URL(url);
    if (u.hostname !== `${P.ORG}.my.salesforce.com`) return null;
    if (/\.(gif|png|jpg|svg|ico)$/.test(u.pathname)) return { contentType: 'image/gif', body: GIF };
    const m = /^\/(00e[A-Za-z0-9]{12})\/e$/.exec(u.pathname);
    if (m && pages.has(m[1])) return { body: pages.get(m[1]) };
    return { status: 404, body: '<html><body class="sfdcBody"><h1>URL No Longer Exists</h1></body></html>' };
  },
};

/** Every box on the page with its verdict and a readable label (title, label, row). */
async function boxes(page) {
  return page.$$eval('input[type=checkbox]', (els) =>
    els.map((el) => ({
      id: el.id,
      label: (el.title || el.labels?.[0]?.textContent || el.closest('td, th')?.previousElementSibling?.textContent || el.id).replace(/\s+/g, ' ').trim(),
      checked: el.checked,
      verdict: el.getAttribute('data-keyhole-verdict'),
    })),
  );
}
const target = (page) => page.$eval('[data-keyhole-target]', (el) => ({ tag: el.tagName, type: el.type, name: el.name, id: el.id })).catch(() => null);

let ctx;
let page;
before(async () => {
  ctx = await launch();
  page = await newPage(ctx, [tenant]);
});
after(async () => {
  await page?.close();
  await ctx?.close();
});

/** A new run of the playbook, with no page of the last test open (its agent would teach the new run its profile's id). */
async function startFresh() {
  await page.goto('about:blank');
  await freshRun(ctx, PB);
}

describe('an independent replica of the Classic profile edit page', () => {
  it('badge in the heading, help links in labels: guides box by box until Save, then lists the reviews; a ticked connected app is reviewed', async () => {
    await startFresh();
    const perms = P.readOnlyCloneEN();
    await page.goto(edit(P.IDS.drivetrain, { heading: ` ${DT}&nbsp;<span class="badge">Custom</span>`, nameValue: DT, perms }));
    await waitForTarget(page, 'profile-permissions');
    const first = await waitFor(async () => {
      const b = await boxes(page);
      return b.some((x) => x.verdict === 'missing') ? b : null;
    }, 'verdicts');
    const by = (label) => first.find((x) => x.label === label);
    assert.equal(by('Api Only User')?.verdict, 'missing');
    assert.equal(by('Apex REST Services')?.verdict, 'forbidden');
    assert.equal(by('API Enabled')?.verdict, 'ok');
    assert.equal(by('Salesforce for Outlook')?.verdict, 'review', 'a ticked connected app is reviewed');
    assert.equal((await target(page))?.type, 'checkbox', 'a box, not Save, while boxes are wrong');
    // Fix what Keyhole asks for, one box at a time, as the admin would (the page's script may cascade).
    for (let i = 0; i < 60; i++) {
      const t = await target(page);
      if (t?.name === 'save') break;
      assert.equal(t?.type, 'checkbox', `step ${i}: the target is a box until nothing blocks (${JSON.stringify(t)})`);
      await page.click('[data-keyhole-target]');
      await sleep(150);
      await waitFor(async () => JSON.stringify(await target(page)) !== JSON.stringify(t), 'the target to move on', 3000).catch(() => {});
    }
    const done = await boxes(page);
    assert.deepEqual(done.filter((x) => x.verdict === 'missing' || x.verdict === 'forbidden'), []);
    assert.equal((await target(page))?.name, 'save');
    await untilOverlaySays(page, /Review the \d+ extra item/);
  });

  it('Delete/View All/Modify All without titles (research: inferred): a ticked untitled View All is forbidden, Save withheld', async () => {
    await startFresh();
    const perms = P.readOnlyCloneEN();
    perms.objects.find((o) => o.plural === 'Cases').flags = 'RV';
    await page.goto(edit('00e5g000001XyZh', { heading: ` ${DT}`, nameValue: DT, perms, noTitles: [3, 4, 5] }));
    await waitForTarget(page, 'profile-permissions');
    const b = await waitFor(async () => {
      const x = await boxes(page);
      return x.some((y) => y.verdict === 'forbidden') ? x : null;
    }, 'verdicts');
    const viewAllCases = b.find((x) => x.id === 'crud_v_004');
    assert.ok(viewAllCases?.checked, 'the replica ticks View All Cases');
    assert.equal(viewAllCases.verdict, 'forbidden');
    assert.notEqual((await target(page))?.name, 'save');
  });

  it('the same page in German: no verdict on what Keyhole cannot read, and Save is never the target', async () => {
    await startFresh();
    await page.goto(edit(P.IDS.german, { heading: ` ${DT}`, nameValue: DT, perms: P.german(P.readOnlyCloneEN()), lang: 'de' }));
    await untilOverlaySays(page, /cannot read the permission names/);
    // The admin ticks "Nur-API-Benutzer" (API Only User): still nothing is judged, Save is still not offered.
    const apiOnly = await page.evaluateHandle(() => [...document.querySelectorAll('label')].find((l) => l.textContent.trim() === 'Nur-API-Benutzer')?.control);
    assert.ok(apiOnly.asElement(), 'the German page has its API Only User box');
    await apiOnly.asElement().click();
    await sleep(1200);
    assert.equal((await boxes(page)).filter((x) => x.verdict).length, 0);
    assert.notEqual((await target(page))?.name, 'save');
  });

  it('System Administrator’s edit page: no verdicts, Cancel is the target', async () => {
    await startFresh();
    await page.goto(edit(P.IDS.sysadmin, { heading: ' System Administrator', nameValue: 'System Administrator', perms: P.sysAdminEN(), custom: false }));
    await untilOverlaySays(page, /not the “Drivetrain Integration” profile/);
    assert.equal((await target(page))?.name, 'cancel');
    assert.equal((await boxes(page)).filter((x) => x.verdict).length, 0);
  });

  it('no playbook active: not one Keyhole attribute', async () => {
    await page.goto('about:blank');
    const ext = await ctx.browser.newPage();
    await ext.goto(`${ctx.extBase}/popup/options.html`);
    await ext.evaluate(() => chrome.runtime.sendMessage({ kind: 'keyhole/reset', playbookId: 'drivetrain-salesforce-support' }));
    await ext.close();
    await page.goto(edit(P.IDS.drivetrain, { heading: ` ${DT}`, nameValue: DT, perms: P.readOnlyCloneEN() }));
    await sleep(1500);
    assert.equal(await keyholeAttributeCount(page), 0);
  });
});
