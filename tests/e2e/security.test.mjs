// Reliability and security in Chromium and Firefox with the built extension (npm run build first). Firefox differs
// where only CDP can look (README "Browser support"): the hostile-page overlay checks read the closed shadow root's
// layout through CDP and run in Chromium only; the worker-stop half of the MV3 test needs the service-worker target
// (Firefox runs the background as an event page), so Firefox runs the restart half; messages are spied on from an
// extension page instead of the worker; requests the background could make are caught by a recording proxy.
// - never harms the vendor page: walking every page of both flows submits nothing and changes no box except
//   the test's own click;
// - hostile pages: page HTML in a label is shown as text; the overlay survives removal, restyling of `*`, a
//   max-z-index cover, a modal <dialog> and a popover; forged page events and messages are ignored; odd
//   pages (missing, duplicated, renamed controls) raise no exception;
// - secrets (Salesforce sid and confirmation token, HiBob token) never reach storage, exports, messages or logs;
// - MV3 lifetime: the service worker stopped mid-flow, and the browser restarted on the same profile, resume
//   on the same step with the same findings; two tabs and the popup write at once without loss;
// - least privilege: the built manifest and bundle; no request at all that Keyhole started.
import { oneTenant } from './tenant-helpers.mjs';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSalesforceTenant } from '../fixtures/salesforce/tenant.mjs';
import { createHibobTenant } from '../fixtures/hibob/tenant.mjs';
import { DIST, FIREFOX, chromiumOnly, downloadsTo, downloadsDone, gotoExt, isExtensionUrl, finishedDownloads, launch, networkRecorder, newPage, openExtPage, openPopup, serve, sleep, startPlaybook, storageDump, waitForTarget, waitFor } from './harness.mjs';
import { act, fixtureState, waitPath } from './hibob-helpers.mjs';

const SF = 'drivetrain-salesforce-support';
const HB = 'drivetrain-hibob-support';
const PROFILE = 'Drivetrain Integration';

const sf = createSalesforceTenant({ layout: 'classic', existingIntegrationProfile: true, objectCount: 12 });
const hb = createHibobTenant({ lateRenderMs: 50 });
const profileId = () => sf.profileByName(PROFILE).id;

let ctx;
const userDataDir = mkdtempSync(join(tmpdir(), 'keyhole-sec-'));
/** Everything any Keyhole context logged, and every request its service worker made, across both browser runs. */
const logs = [];
const swRequests = [];
const extPageResources = [];
const vendorPages = [];
const priorRequests = [];


/** Watch the extension's service worker (including each restart): its network requests and its console. */
async function watchWorker(c) {
  if (FIREFOX) return; // no worker target over BiDi: the recording proxy (`recorder`) stands in for its network log
  const attach = async (t) => {
    if (t.type() !== 'service_worker' || !t.url().startsWith(`chrome-extension://${c.extensionId}/`)) return;
    try {
      const s = await t.createCDPSession();
      s.on('Network.requestWillBeSent', (e) => swRequests.push(e.request.url));
      s.on('Runtime.consoleAPICalled', (e) => logs.push(`sw ${e.type}: ${e.args.map((a) => a.value ?? a.description ?? '').join(' ')}`));
      s.on('Runtime.exceptionThrown', (e) => logs.push(`sw exception: ${e.exceptionDetails.exception?.description ?? e.exceptionDetails.text}`));
      await s.send('Network.enable');
      await s.send('Runtime.enable');
    } catch {
      /* the worker stopped while we attached */
    }
  };
  c.browser.on('targetcreated', attach);
  for (const t of c.browser.targets()) await attach(t);
}

/**
 * Firefox: an extension page that records every runtime message (content scripts' and the popup's messages reach
 * every extension page, as they reach the background), kept open for the whole run.
 */
let spyPage = null;
async function firefoxSpy(c) {
  if (spyPage && !spyPage.isClosed()) return spyPage;
  spyPage = await openExtPage(c, 'popup/options.html');
  await spyPage.evaluate(() => {
    window.__keyholeSpy = [];
    chrome.runtime.onMessage.addListener((m, sender) => void window.__keyholeSpy.push(JSON.stringify({ m, url: sender.url })));
  });
  return spyPage;
}

/** The worker, and a log of every message it receives (for the "no secret in a message" check). Talks to the worker
 * through a fresh CDP session each time: puppeteer keeps one WebWorker per target, which goes stale when the
 * worker stops and a new one starts under the same target. */
async function worker(c) {
  const find = () => c.browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${c.extensionId}/`));
  const w = {
    async evaluate(fn, arg) {
      for (let attempt = 0; ; attempt++) {
        const s = await (await find()).createCDPSession();
        try {
          const r = await s.send('Runtime.evaluate', { expression: `(${fn})(${JSON.stringify(arg)})`, awaitPromise: true, returnByValue: true });
          if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text);
          return r.result.value;
        } catch (e) {
          if (attempt >= 20 || !/context|detached|closed|Target/i.test(String(e))) throw e;
          await sleep(150);
        } finally {
          await s.detach().catch(() => {});
        }
      }
    },
    async close() {
      const t = await find();
      await (await t.worker()).close().catch(async () => {
        const s = await c.browser.target().createCDPSession();
        await s.send('Target.closeTarget', { targetId: t._targetId }).catch(() => {});
        await s.detach().catch(() => {});
      });
    },
  };
  await w.evaluate(() => {
    if (self.__keyholeSpy) return;
    self.__keyholeSpy = [];
    chrome.runtime.onMessage.addListener((m, sender) => void self.__keyholeSpy.push(JSON.stringify({ m, url: sender.url })));
  });
  return w;
}
const spiedMessages = async (c) => (FIREFOX ? (await firefoxSpy(c)).evaluate(() => window.__keyholeSpy.slice()) : (await worker(c)).evaluate(() => self.__keyholeSpy.slice()));

/** A vendor page, with a main-world recorder installed before any page script: the boxes and fields as served
 * (before Keyhole's document_idle content script), and every untrusted event dispatched on a form control. */
async function vendorPage(c, tenants, opts) {
  const page = opts ? await c.browser.newPage(opts) : await newPage(c, tenants);
  if (opts) {
    page.on('pageerror', (err) => (page.__errors ??= []).push(String(err?.message ?? err)));
    await serve(c, page, tenants);
  }
  vendorPages.push(page);
  page.on('console', (m) => logs.push(`page ${m.type()}: ${m.text()}`));
  await page.evaluateOnNewDocument(() => {
    const snap = () =>
      [...document.querySelectorAll('input, select, textarea, [role=checkbox], [aria-checked]')].map((el) => [
        el.id || el.getAttribute('name') || el.getAttribute('title') || el.getAttribute('aria-label') || '',
        el.type === 'checkbox' || el.type === 'radio' ? el.checked : el.getAttribute('aria-checked') ?? ('value' in el ? el.value : ''),
      ]);
    window.__snap = snap;
    window.__synthetic = [];
    window.__submits = [];
    document.addEventListener('DOMContentLoaded', () => (window.__before = snap()), { once: true });
    for (const type of ['click', 'change', 'input', 'submit', 'keydown', 'mousedown', 'pointerdown', 'focus']) {
      window.addEventListener(type, (e) => { if (!e.isTrusted) window.__synthetic.push(`${type} on ${e.target?.tagName}`); }, true);
    }
    window.addEventListener('submit', (e) => window.__submits.push(e.target?.getAttribute('action') ?? ''), true);
  });
  return page;
}

/** True once Keyhole has done something on the page (a target, a verdict or its overlay), or after 1.5 s on a page it ignores. */
async function settle(page) {
  await waitFor(
    () => page.evaluate(() => !!document.querySelector('[data-keyhole-target], [data-keyhole-verdict]') || [...document.documentElement.children].some((e) => e.tagName.startsWith('KEYHOLE-'))),
    'keyhole',
    1500,
  ).catch(() => {});
  await sleep(500);
}

/** The overlay's closed shadow root, through CDP (pierce reaches closed roots): text, elements, and node ids. */
async function overlayTree(page) {
  const cdp = await page.createCDPSession();
  try {
    const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    // Under <html>, or inside the page's open modal dialog while there is one.
    const find = (n) => (n.localName?.startsWith('keyhole-') && n.shadowRoots?.length ? n : (n.children ?? []).map(find).find(Boolean) ?? null);
    const host = find(root);
    if (!host?.shadowRoots?.length) return null;
    const texts = [];
    const tags = [];
    const byClass = {};
    const expanded = {};
    const walk = (n) => {
      if (n.nodeType === 3) texts.push(n.nodeValue);
      if (n.nodeType === 1) {
        tags.push(n.localName);
        const cls = n.attributes?.[n.attributes.indexOf('class') + 1];
        if (n.attributes?.includes('class')) byClass[cls.split(' ')[0]] ??= n.backendNodeId;
        if (n.attributes?.includes('aria-expanded')) expanded[cls] = n.attributes[n.attributes.indexOf('aria-expanded') + 1];
      }
      for (const ch of n.children ?? []) walk(ch);
    };
    walk(host.shadowRoots[0]);
    return { host: host.localName, text: texts.join('\n'), tags, byClass, expanded, shadowIds: collectIds(host) };
  } finally {
    await cdp.detach();
  }
}
function collectIds(n, out = new Set()) {
  out.add(n.backendNodeId);
  for (const ch of [...(n.children ?? []), ...(n.shadowRoots ?? [])]) collectIds(ch, out);
  return out;
}

/** Is the topmost thing at the centre of Keyhole's card Keyhole's own (top layer, above everything the page did)? */
async function cardOnTop(page) {
  const tree = await overlayTree(page);
  if (!tree?.byClass.card) return false;
  const cdp = await page.createCDPSession();
  try {
    await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    const { model } = await cdp.send('DOM.getBoxModel', { backendNodeId: tree.byClass.card });
    const [x1, y1, x2, , , y3] = model.border;
    // getBoxModel answers in viewport coordinates, getNodeForLocation takes document ones: add the scroll offset.
    const [sx, sy] = await page.evaluate(() => [scrollX, scrollY]);
    const hit = await cdp.send('DOM.getNodeForLocation', { x: Math.round((x1 + x2) / 2 + sx), y: Math.round((y1 + y3) / 2 + sy), ignorePointerEventsNone: true, includeUserAgentShadowDOM: true });
    return tree.shadowIds.has(hit.backendNodeId);
  } catch {
    return false;
  } finally {
    await cdp.detach();
  }
}

/**
 * Click the card's Hide/Show toggle with the real mouse (the browser hit-tests it, inertness included: a modal
 * dialog makes everything outside it inert, which DOM.getNodeForLocation does not tell) and see it flip.
 */
async function toggleByMouse(page) {
  const tree = await overlayTree(page);
  const was = tree?.expanded.toggle;
  const cdp = await page.createCDPSession();
  try {
    await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    const { model } = await cdp.send('DOM.getBoxModel', { backendNodeId: tree.byClass.toggle });
    const [x1, y1, , , x3, y3] = model.border;
    await page.mouse.click((x1 + x3) / 2, (y1 + y3) / 2);
  } finally {
    await cdp.detach();
  }
  return waitFor(async () => {
    const now = (await overlayTree(page))?.expanded.toggle;
    return now && now !== was ? now : null;
  }, 'the toggle flipped by a mouse click', 3000).then(() => true, () => false);
}

const hostState = (page) =>
  page.evaluate(() => {
    const h = [...document.documentElement.children].find((e) => e.tagName.startsWith('KEYHOLE-'));
    if (!h) return null;
    const cs = getComputedStyle(h);
    return { open: h.matches(':popover-open'), display: cs.display, visibility: cs.visibility, opacity: cs.opacity, transform: cs.transform, last: document.documentElement.lastElementChild === h };
  });

/** The stored state, each run seen through its one tenant (these tests work on one org; tenants: tenants.test). */
async function state(c = ctx) {
  return oneTenant((await storageDump(c))['keyhole.state']);
}

/** Firefox: every request that no interception answered (the background's included) reaches this proxy. */
let recorder = null;
before(async () => {
  assert.ok(existsSync(join(DIST, 'manifest.json')), `build first: KEYHOLE_OUT=${DIST} npx vite build`);
  if (FIREFOX) recorder = await networkRecorder();
  ctx = await launch({ userDataDir, recordNetwork: recorder });
  await watchWorker(ctx);
  if (FIREFOX) await firefoxSpy(ctx);
});
after(async () => {
  await ctx?.close();
  await recorder?.close();
});

describe('security and reliability', () => {
  it('the built manifest and bundle: least privilege, no remote code, no eval', () => {
    const m = JSON.parse(readFileSync(join(DIST, 'manifest.json'), 'utf8'));
    assert.deepEqual([...m.permissions].sort(), ['alarms', 'notifications', 'storage']);
    const vendor = ['https://app.hibob.com/*', 'https://*.my.salesforce.com/*', 'https://*.my.salesforce-setup.com/*'];
    assert.deepEqual([...m.host_permissions].sort(), [...vendor].sort());
    for (const cs of m.content_scripts) assert.deepEqual([...cs.matches].sort(), [...vendor].sort());
    // The Lightning app shell (record pages, the Setup shell) gets no content script: the guide runs in its frame.
    for (const cs of m.content_scripts) assert.deepEqual([...cs.exclude_matches].sort(), ['https://*.my.salesforce-setup.com/lightning/*', 'https://*.my.salesforce.com/lightning/*']);
    assert.equal(m.web_accessible_resources, undefined, 'nothing web-accessible: a console page cannot probe for Keyhole');
    assert.equal(m.content_security_policy.extension_pages, "script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
    for (const k of ['externally_connectable', 'optional_permissions', 'optional_host_permissions', 'update_url', 'key']) assert.equal(m[k], undefined, k);
    const read = (f) => readFileSync(join(DIST, f), 'utf8');
    const js = readdirSync(join(DIST, 'assets')).filter((f) => f.endsWith('.js')).map((f) => read(join('assets', f))).join('\n');
    assert.doesNotMatch(js, /\beval\(|\bimportScripts\(|\bimport\(["'`]https?:|document\.write\(|insertAdjacentHTML|XMLHttpRequest|new WebSocket|sendBeacon|https?:\/\/[\w.-]+\/[\w./-]*\.m?js\b/);
    // The one fetch in the bundle is Vite's modulepreload polyfill, which fetches the extension's own chunks.
    for (const m of js.matchAll(/\bfetch\(/g)) assert.match(js.slice(Math.max(0, m.index - 600), m.index), /modulepreload/, 'fetch only in the modulepreload polyfill');
    // What is loaded into vendor pages (the content script and its chunks) has no HTML sink at all; Preact's
    // dangerouslySetInnerHTML branch exists only in the popup chunk, and the sources never use it.
    const pageSide = [...m.content_scripts.flatMap((c) => c.js), ...(m.web_accessible_resources ?? []).flatMap((w) => w.resources)];
    assert.ok(pageSide.length >= 1);
    for (const f of pageSide) assert.doesNotMatch(read(f), /innerHTML|outerHTML\s*=|insertAdjacentHTML|document\.write|\bFunction\(/, f);
  });

  it('never harms the vendor page: every page of both flows, no submit, no save, no box changed', async () => {
    await startPlaybook(ctx, SF);
    const page = await vendorPage(ctx, [sf]);
    const id = profileId();
    const before = JSON.stringify(sf.state.profiles);
    const pages = [
      sf.urls.setupHome(), sf.urls.profilesList(), sf.urls.newProfile(), sf.urls.profile(id), sf.urls.profileEdit(id),
      sf.urls.usersList(), sf.urls.newUser(), sf.urls.permissionSets(), sf.urls.companyInfo(), sf.urls.recordPage(),
    ];
    let marked = 0;
    for (const url of pages) {
      await page.goto(url);
      await settle(page);
      marked += await page.evaluate(() => document.querySelectorAll('[data-keyhole-target], [data-keyhole-verdict]').length);
      const r = await page.evaluate(() => ({ before: window.__before, now: window.__snap(), synthetic: window.__synthetic, submits: window.__submits }));
      assert.deepEqual(r.now, r.before, `${url}: every box and field as served`);
      assert.deepEqual(r.synthetic, [], `${url}: Keyhole dispatched no event`);
      assert.deepEqual(r.submits, [], `${url}: no form submitted`);
    }
    assert.ok(marked > 10, 'Keyhole was active on these pages (targets and verdicts were shown)');
    assert.deepEqual(sf.state.events, [], 'Salesforce saved nothing');
    assert.equal(ctx.requests.filter((r) => r.method !== 'GET').length, 0, 'no POST at all');
    assert.equal(JSON.stringify(sf.state.profiles), before);

    // The test's own click changes exactly the box it clicked, and Keyhole adds nothing to it.
    await page.goto(sf.urls.profileEdit(id));
    const t = await waitForTarget(page, 'profile-permissions');
    const clicked = await t.handle.evaluate((el) => el.id || el.getAttribute('name'));
    assert.equal(await t.handle.evaluate((el) => el.type), 'checkbox');
    await t.handle.click();
    await sleep(600);
    const r = await page.evaluate(() => ({ before: window.__before, now: window.__snap(), synthetic: window.__synthetic }));
    const changed = r.now.filter(([, v], i) => v !== r.before[i][1]).map(([k]) => k);
    assert.deepEqual(changed, [clicked], 'only the clicked box changed');
    assert.deepEqual(r.synthetic, []);
    await page.goto(sf.urls.profilesList());
    assert.deepEqual(sf.state.events, [], 'leaving without Save saved nothing');

    // HiBob: the settings pages of the flow, with the playbook active.
    await startPlaybook(ctx, HB);
    const hp = await vendorPage(ctx, [hb]);
    await hp.goto(hb.urls.home());
    await hp.waitForFunction(() => window.__hibobFixture?.getState);
    const hbBefore = JSON.stringify(await fixtureState(hp));
    const groups = (await fixtureState(hp)).groups;
    for (const url of [hb.urls.systemSettings(), hb.urls.integrations(), hb.urls.serviceUsers(), hb.urls.permissionGroups(), hb.urls.group(groups[0].id), hb.urls.group(groups[0].id, 'features'), hb.urls.group(groups[0].id, 'members')]) {
      await hp.goto(url);
      await settle(hp);
      await sleep(300);
      const r = await hp.evaluate(() => ({ synthetic: window.__synthetic, submits: window.__submits }));
      assert.deepEqual(r.synthetic, [], `${url}: Keyhole dispatched no event`);
      assert.deepEqual(r.submits, [], `${url}: no form submitted`);
    }
    const hbAfter = await fixtureState(hp);
    assert.equal(JSON.stringify({ ...hbAfter, ui: undefined, log: undefined }), JSON.stringify({ ...JSON.parse(hbBefore), ui: undefined, log: undefined }), 'HiBob state unchanged');
    assert.deepEqual(hbAfter.log.filter((l) => !/^(nav|view|route)/i.test(typeof l === 'string' ? l : l.type ?? '')), JSON.parse(hbBefore).log.filter((l) => !/^(nav|view|route)/i.test(typeof l === 'string' ? l : l.type ?? '')));
    await hp.close();
    await page.close();
  });

  it('hostile page: label HTML is text; the overlay survives removal, restyling, max z-index, a modal dialog and a popover', { skip: chromiumOnly('reads the closed shadow root’s layout and hit-tests it through CDP (DOM.getBoxModel, DOM.getNodeForLocation)') }, async () => {
    await startPlaybook(ctx, SF);
    const page = await vendorPage(ctx, [sf]);
    // The page names a permission that is on (Apex REST Services, the first box the guide lists to untick) with
    // markup, in its label and its title, before Keyhole reads it. Keyhole does not know that name, so the box is
    // forbidden (fail closed) and its name is the first in the overlay's "Untick" line.
    const evil = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b>Apex REST Services</b>';
    await page.evaluateOnNewDocument((evil) => {
      document.addEventListener('DOMContentLoaded', () => {
        const el = document.querySelector('input[title="Apex REST Services"]');
        if (el) {
          el.title = evil;
          for (const l of el.labels ?? []) l.textContent = evil;
        }
        window.__renamed = !!el;
      });
    }, evil);
    await page.goto(sf.urls.profileEdit(profileId()));
    await waitForTarget(page, 'profile-permissions');
    assert.ok(await page.evaluate(() => window.__renamed), 'a permission to rename');
    const tree = await waitFor(async () => {
      const t = await overlayTree(page);
      return t?.text.includes('<img src=x onerror=') ? t : null;
    }, 'the label text in the overlay');
    assert.ok(tree.text.includes('<script>window.__pwned=2</script>'));
    assert.ok(/<b>Apex REST Services<\/b>/i.test(tree.text), `the markup is shown literally: ${tree.text.slice(tree.text.indexOf('<img'), tree.text.indexOf('<img') + 120)}`);
    for (const tag of ['img', 'script']) assert.ok(!tree.tags.includes(tag), `no <${tag}> element in the overlay`);
    assert.equal(await page.evaluate(() => window.__pwned ?? null), null);

    // The popup and the report show it as text too.
    await waitFor(async () => JSON.stringify((await state()).runs[SF].findings).includes('<img src=x'), 'the finding stored');
    const popup = await openPopup(ctx);
    await popup.waitForSelector(`[data-active="${SF}"]`);
    const inPopup = await popup.evaluate(() => ({ text: document.body.textContent, imgs: document.querySelectorAll('img, script:not([src])').length }));
    assert.ok(inPopup.text.includes('<img src=x onerror='));
    assert.equal(inPopup.imgs, 0);
    await popup.close();

    // Removed by the page: back, in the top layer.
    await page.evaluate(() => [...document.documentElement.children].find((e) => e.tagName.startsWith('KEYHOLE-')).remove());
    await waitFor(async () => (await hostState(page))?.open, 'the overlay back after removal');
    // Restyled: attributes changed and `*` rules that try to hide everything.
    await page.evaluate(() => {
      const h = [...document.documentElement.children].find((e) => e.tagName.startsWith('KEYHOLE-'));
      h.style.display = 'none';
      h.setAttribute('hidden', '');
      h.removeAttribute('popover');
      const s = document.createElement('style');
      s.textContent = '* { opacity: 0 !important; visibility: hidden !important; transform: scale(0) !important; z-index: -1 !important; } html > :not(head):not(body) { display: none !important; }';
      document.head.append(s);
    });
    const hs = await waitFor(async () => {
      const s = await hostState(page);
      return s?.open && s.display === 'block' ? s : null;
    }, 'the overlay restored after restyling');
    assert.deepEqual({ ...hs, last: undefined }, { open: true, display: 'block', visibility: 'visible', opacity: '1', transform: 'none', last: undefined });
    await page.evaluate(() => document.querySelector('style:last-of-type').remove());
    assert.ok(await waitFor(() => cardOnTop(page), 'card visible'), 'the card is visible');

    // A full-screen cover at the maximum z-index.
    await page.evaluate(() => {
      const d = document.createElement('div');
      d.id = 'cover';
      d.style.cssText = 'position:fixed;inset:0;z-index:2147483647;background:magenta';
      document.body.append(d);
    });
    await sleep(200);
    assert.ok(await cardOnTop(page), 'above a max-z-index cover');
    // A modal dialog, opened after the overlay.
    await page.evaluate(() => {
      document.getElementById('cover').remove();
      const d = document.createElement('dialog');
      d.style.cssText = 'width:100vw;height:100vh;max-width:none;max-height:none;margin:0;padding:0;border:0;background:magenta';
      d.textContent = 'page dialog';
      document.body.append(d);
      d.showModal();
    });
    assert.ok(await waitFor(() => cardOnTop(page), 'card above the dialog', 3000), 'above a modal dialog');
    assert.ok(await toggleByMouse(page), 'Hide works by mouse over a modal dialog (the card is not inert)');
    assert.ok(await toggleByMouse(page), 'and Show');
    // Closed and opened again: above it again.
    await page.evaluate(() => {
      const d = document.querySelector('dialog');
      d.close();
      d.showModal();
    });
    assert.ok(await waitFor(() => cardOnTop(page), 'card above the reopened dialog', 3000), 'above a reopened dialog');
    assert.ok(await toggleByMouse(page), 'Hide works by mouse over the reopened dialog');
    assert.ok(await toggleByMouse(page), 'and Show');
    // A popover, created earlier and shown later (no DOM mutation on show).
    await page.evaluate(() => {
      document.querySelector('dialog').close();
      const p = document.createElement('div');
      p.id = 'pop';
      p.setAttribute('popover', 'manual');
      p.style.cssText = 'position:fixed;inset:0;width:100vw;height:100vh;margin:0;border:0;background:magenta';
      document.body.append(p);
    });
    await sleep(300);
    await page.evaluate(() => document.getElementById('pop').showPopover());
    assert.ok(await waitFor(() => cardOnTop(page), 'card above the popover', 3000), 'above a popover');
    assert.ok(await toggleByMouse(page), 'Hide works by mouse over a popover');
    assert.ok(await toggleByMouse(page), 'and Show');
    assert.deepEqual(page.__errors ?? [], [], 'no exception reached the page');
    await page.close();
  });

  it('not fingerprintable: a console page cannot fetch or load any of Keyhole’s files at their fixed URLs', async () => {
    const m = JSON.parse(readFileSync(join(DIST, 'manifest.json'), 'utf8'));
    const exposed = (m.web_accessible_resources ?? []).flatMap((w) => w.resources);
    await startPlaybook(ctx, SF);
    const page = await vendorPage(ctx, [sf]);
    await page.goto(sf.urls.profileEdit(profileId()));
    await waitForTarget(page, 'profile-permissions'); // the guide runs
    const urls = [...exposed, ...m.content_scripts.flatMap((c) => c.js), 'manifest.json', 'popup/index.html', 'icons/icon-16.png'].map((p) => `chrome-extension://${ctx.extensionId}/${p}`);
    const probes = await page.evaluate(async (urls) => {
      const out = {};
      for (const u of urls) {
        const viaFetch = await fetch(u).then((r) => `status ${r.status}`, () => 'blocked');
        const viaScript = await new Promise((res) => {
          const s = document.createElement('script');
          s.src = u;
          s.onload = () => res('loaded');
          s.onerror = () => res('blocked');
          document.head.append(s);
          setTimeout(() => res('no answer'), 3000);
        });
        const viaImg = await new Promise((res) => {
          const i = new Image();
          i.onload = () => res('loaded');
          i.onerror = () => res('blocked');
          i.src = u;
          setTimeout(() => res('no answer'), 3000);
        });
        out[u] = [viaFetch, viaScript, viaImg];
      }
      return out;
    }, urls);
    for (const [u, got] of Object.entries(probes)) assert.deepEqual(got, ['blocked', 'blocked', 'blocked'], `the page reached ${u}: ${got}`);
    assert.equal(m.web_accessible_resources, undefined, 'no web-accessible resource at all (the content script is one file)');
    await page.close();
  });

  it('the page cannot forge progress: window messages, custom events, its own clicks, the runtime', async () => {
    await startPlaybook(ctx, SF);
    const page = await vendorPage(ctx, [sf]);
    await page.goto(sf.urls.profilesList());
    const t = await waitForTarget(page, 'open-profile');
    assert.match(await t.handle.evaluate((el) => el.textContent), /Drivetrain Integration/);
    await sleep(500);
    const before = JSON.stringify((await state()).runs[SF].steps);
    const r = await page.evaluate((SF) => {
      const forged = { kind: 'keyhole/step', playbookId: SF, stepId: 'open-profile', status: 'done', note: 'forged' };
      window.postMessage(forged, '*');
      window.postMessage(JSON.stringify(forged), '*');
      document.dispatchEvent(new CustomEvent('keyhole/step', { detail: forged }));
      const link = document.querySelector('[data-keyhole-target]');
      link.addEventListener('click', (e) => e.preventDefault());
      link.click(); // the page's script clicking the highlighted control is not the admin
      link.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
      let runtime = 'absent';
      try {
        if (globalThis.chrome?.runtime?.sendMessage) {
          chrome.runtime.sendMessage('x', forged);
          runtime = 'callable';
        }
      } catch (e) {
        runtime = `throws: ${e.message}`;
      }
      return { runtime, still: location.pathname };
    }, SF);
    assert.notEqual(r.runtime, 'callable', 'the page has no channel to the extension');
    await sleep(1200);
    const steps = (await state()).runs[SF].steps;
    assert.equal(JSON.stringify(steps), before, 'no step changed');
    assert.equal(steps['open-profile'], undefined);
    // The admin's real click does count (so the check above can fail).
    const t2 = await waitForTarget(page, 'open-profile');
    await t2.handle.click();
    await waitFor(async () => (await state()).runs[SF].steps['open-profile']?.status === 'done', 'the real click recorded');
    assert.deepEqual(page.__errors ?? [], []);
    await page.close();
  });

  it('odd pages (missing, duplicated, renamed controls; other language) raise no exception on the page', async () => {
    await startPlaybook(ctx, SF);
    const nl = createSalesforceTenant({ layout: 'classic', language: 'nl', org: 'acmenl', existingIntegrationProfile: true, objectCount: 8, lateRenderMs: 200 });
    const page = await vendorPage(ctx, [sf, nl]);
    const id = profileId();
    const mutations = [
      () => document.querySelectorAll('input[name=save], input[value*="Save"]').forEach((e) => e.remove()),
      () => document.querySelectorAll('table').forEach((t) => t.after(t.cloneNode(true))),
      () => document.querySelectorAll('label').forEach((l, i) => (l.textContent = i % 2 ? `Renamed ${i}` : '')),
      () => document.querySelectorAll('input[type=checkbox]').forEach((e, i) => (i % 3 ? e.remove() : e.setAttribute('type', 'text'))),
      () => document.body.replaceChildren(),
      () => document.querySelectorAll('h1, h2, h3, .pbTitle').forEach((e) => e.remove()),
    ];
    for (const url of [sf.urls.profileEdit(id), sf.urls.profilesList(), sf.urls.newUser(), nl.urls.profileEdit(nl.profileByName(PROFILE).id), nl.urls.profilesList()]) {
      for (const mutate of mutations) {
        await page.goto(url);
        await settle(page);
        await page.evaluate(mutate);
        await sleep(250);
      }
    }
    assert.deepEqual(page.__errors ?? [], [], 'no exception reached the page');
    assert.deepEqual((page.__consoleErrors ?? []).filter((e) => !/Failed to load resource/.test(e)), [], 'no error in the page console');
    await page.close();
  });

  it('secrets: the Salesforce session id and confirmation token, and the HiBob token, never leave the page', async () => {
    // Salesforce pages that display the sid (SFDCSessionVars, #sid_Client) and the confirmation token.
    await startPlaybook(ctx, SF);
    const page = await vendorPage(ctx, [sf]);
    for (const url of [sf.urls.profilesList(), sf.urls.profileEdit(profileId()), sf.urls.usersList(), sf.urls.newUser()]) {
      await page.goto(url);
      await settle(page);
    }
    assert.ok((await page.content()).includes(sf.state.secrets[1]), 'the page really shows the token');
    // HiBob: create a service user; the page shows its token.
    await startPlaybook(ctx, HB);
    const hp = await vendorPage(ctx, [hb]);
    await hp.goto(hb.urls.serviceUsers());
    await act(hp, 'create-service-user');
    await act(hp, 'service-user-name', { type: 'Drivetrain Support' });
    await act(hp, 'service-user-submit');
    await waitForTarget(hp, 'copy-credentials');
    const token = (await fixtureState(hp)).lastToken;
    assert.ok(token && token.length >= 32);
    assert.ok(await hp.evaluate((t) => document.documentElement.outerHTML.includes(t) || [...document.querySelectorAll('input, textarea')].some((i) => i.value.includes(t)), token), 'the page really shows the HiBob token');
    await sleep(800);

    const secrets = [...sf.state.secrets, sf.state.secrets[0].slice(0, 18), token];
    // Exports of both runs: the Markdown and JSON files, and the report page.
    const dir = await downloadsTo(ctx);
    const exported = [];
    for (const id of [HB, SF]) {
      await startPlaybook(ctx, id);
      const popup = await openPopup(ctx);
      await popup.waitForSelector(`[data-active="${id}"]`);
      const n = readdirSync(dir).length;
      await popup.click('[data-keyhole-export="markdown"]');
      await popup.click('[data-keyhole-export="json"]');
      await waitFor(() => finishedDownloads(dir).length === n + 2, 'two downloads');
      exported.push(await popup.evaluate(() => document.body.innerText));
      await popup.close();
      const report = await ctx.browser.newPage();
      await gotoExt(ctx, report, `popup/report.html?playbook=${id}`);
      await report.waitForSelector('[data-report-open]');
      exported.push(await report.content());
      extPageResources.push(...(await report.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name))));
      await report.close();
    }
    await downloadsDone(ctx);
    await sleep(300);
    for (const f of readdirSync(dir)) exported.push(readFileSync(join(dir, f), 'utf8'));
    assert.ok(exported.some((x) => x.includes('acme.my.salesforce.com')), 'the exports are real');
    const storage = JSON.stringify(await storageDump(ctx));
    const messages = await spiedMessages(ctx);
    assert.ok(messages.length > 0 || storage.includes('open-profile'), 'messages were observed');
    const places = { storage, exports: exported.join('\n'), messages: messages.join('\n'), logs: logs.join('\n') };
    for (const [where, text] of Object.entries(places)) {
      for (const s of secrets) assert.ok(!text.includes(s), `${where} must not contain the secret ${s.slice(0, 8)}…`);
      assert.doesNotMatch(text, /sid=|_CONFIRMATIONTOKEN|SFDCSessionVars/, where);
    }
    await hp.close();
    await page.close();
  });

  it('two tabs on the same tenant and the popup, at once: no lost writes', async () => {
    await startPlaybook(ctx, SF);
    // Two windows, so both tabs are visible and both agents run (an agent works on animation frames).
    const a = await vendorPage(ctx, [sf], { type: 'window' });
    const b = await vendorPage(ctx, [sf], { type: 'window' });
    // Tab A: the profile's permissions (findings); tab B: the New User form (current step); together.
    await Promise.all([a.goto(sf.urls.profileEdit(profileId())), b.goto(sf.urls.newUser())]);
    const popup = await openPopup(ctx);
    const marks = await popup.evaluate(() => chrome.storage.local.get('keyhole.active').then((g) => g['keyhole.active'].playbook.steps.filter((s) => s.manual && !s.page).map((s) => s.id)));
    assert.ok(marks.length >= 1, 'manual steps to mark');
    await popup.evaluate((SF, ids) => Promise.all(ids.map((stepId) => chrome.runtime.sendMessage({ kind: 'keyhole/mark', playbookId: SF, stepId, done: true }))), SF, marks);
    const run = await waitFor(async () => {
      const r = (await state()).runs[SF];
      return r.current?.stepId && Object.keys(r.findings).length && marks.every((m) => r.steps[m]) ? r : null;
    }, 'both tabs and the popup recorded');
    for (const m of marks) assert.equal(run.steps[m].how, 'manual');
    // Both tabs keep writing while the popup marks and unmarks: every write lands.
    const t = await waitForTarget(a, 'profile-permissions');
    await Promise.all([
      t.handle.click(),
      b.evaluate(() => document.querySelector('[data-keyhole-target]')?.scrollIntoView()),
      popup.evaluate((SF, ids) => Promise.all(ids.map((stepId) => chrome.runtime.sendMessage({ kind: 'keyhole/mark', playbookId: SF, stepId, done: false }))), SF, marks),
    ]);
    const after = await waitFor(async () => {
      const r = (await state()).runs[SF];
      return marks.every((m) => !r.steps[m]) ? r : null;
    }, 'unmarks recorded');
    assert.ok(Object.keys(after.findings).length >= Object.keys(run.findings).length, 'findings kept');
    await popup.close();
    await a.close();
    await b.close();
  });

  it('extension reloaded under an open console tab mid-step: the old script removes everything at once; after a reload, one overlay and the right marks', { skip: FIREFOX ? 'needs CDP (installExtension over a loaded add-on) — Chromium only' : false }, async () => {
    await startPlaybook(ctx, SF);
    const page = await vendorPage(ctx, [sf]);
    await page.goto(sf.urls.profileEdit(profileId()));
    await waitForTarget(page, 'profile-permissions');
    const keyholeOnPage = () =>
      page.evaluate(() => ({
        hosts: [...document.documentElement.children].filter((e) => e.tagName.startsWith('KEYHOLE-')).length,
        targets: document.querySelectorAll('[data-keyhole-target]').length,
        verdicts: document.querySelectorAll('[data-keyhole-verdict]').length,
      }));
    const live = await keyholeOnPage();
    assert.equal(live.hosts, 1);
    assert.ok(live.targets === 1 && live.verdicts > 5, JSON.stringify(live));
    // Load the same unpacked build again: Chromium updates the extension in place (same id), as an update does.
    assert.equal(await ctx.browser.installExtension(DIST), ctx.extensionId, 'the same extension, updated');
    // The old script finds its context gone: no overlay, no mark, at once (its liveness check runs every second).
    await waitFor(async () => JSON.stringify(await keyholeOnPage()) === JSON.stringify({ hosts: 0, targets: 0, verdicts: 0 }), 'the old script cleaned up', 5000);
    // It stays clean while the admin keeps working (clicks, mutations), and nothing it does throws into the page.
    await page.evaluate(() => document.querySelector('input[type=checkbox]')?.click());
    await sleep(1500);
    assert.deepEqual(await keyholeOnPage(), { hosts: 0, targets: 0, verdicts: 0 }, 'still nothing after the admin acts');
    // The new version runs after the page reloads: exactly one overlay, one target, verdicts back.
    await waitFor(async () => (await storageDump(ctx).catch(() => ({})))['keyhole.active']?.playbook?.id === SF, 'the reloaded extension is up, the active playbook still published', 15_000);
    await page.reload();
    await waitForTarget(page, 'profile-permissions');
    await sleep(800);
    const after = await keyholeOnPage();
    assert.equal(after.hosts, 1, 'one overlay host');
    assert.ok(after.targets === 1 && after.verdicts === live.verdicts, JSON.stringify({ live, after }));
    assert.deepEqual(page.__errors ?? [], [], 'no page error');
    await page.close();
  });

  it('MV3 lifetime: the worker stopped at each point of a message exchange, or its write failing, loses no finding', { skip: FIREFOX ? 'Firefox has an event page, no service worker to stop (CDP only)' : false }, async () => {
    await startPlaybook(ctx, SF);
    const page = await vendorPage(ctx, [sf]);
    await page.goto(sf.urls.profileEdit(profileId()));
    await waitForTarget(page, 'profile-permissions');
    const nameOf = (el) => el.title || el.labels?.[0]?.textContent?.trim() || el.id;
    /** The newest stored snapshot's item for a box, as `checked:verdict`. */
    const stored = async (name) => {
      const snaps = Object.values((await state()).runs[SF].findings).sort((a, b) => b.at - a.at);
      const item = snaps[0]?.items.find((i) => i.name.toLowerCase() === name.toLowerCase());
      return item ? `${item.checked}:${item.verdict}` : null;
    };
    const onPage = (h) => h.evaluate((el) => `${el.checked}:${el.getAttribute('data-keyhole-verdict')}`);
    const stopWorker = async () => {
      const w = await worker(ctx);
      await w.close();
      await waitFor(() => !ctx.browser.targets().some((x) => x.type() === 'service_worker' && x.url().includes(ctx.extensionId)), 'the worker stopped', 5000).catch(() => {});
    };
    /** In the live worker, make its next write of the progress state: hang before writing, hang after writing (no answer), or fail. */
    const hold = async (how) => {
      const w = await worker(ctx);
      await w.evaluate((how) => {
        self.__khHeld = '';
        for (const area of new Set([globalThis.chrome?.storage?.local, globalThis.browser?.storage?.local].filter(Boolean))) {
          const real = area.set.bind(area);
          area.set = (items, ...rest) => {
            if (!items || !('keyhole.state' in items) || self.__khHeld) return real(items, ...rest);
            if (how === 'before-write') return (self.__khHeld = 'held'), new Promise(() => {});
            if (how === 'fail') return (self.__khHeld = 'failed'), Promise.reject(new Error('QUOTA_BYTES quota exceeded'));
            return real(items, ...rest).then(() => ((self.__khHeld = 'written'), new Promise(() => {})));
          };
        }
      }, how);
      return w;
    };
    const points = ['stopped before the message', 'stopped while its handler awaits storage', 'stopped right after the write, before answering', 'its write failed'];
    const used = new Set();
    for (const point of points) {
      // A box the playbook judges, whose stored item the test can name, not clicked before, and its view stored.
      let t = null;
      let name = '';
      await waitFor(async () => {
        const names = new Set(Object.values((await state()).runs[SF].findings).flatMap((f) => f.items.map((i) => i.name.toLowerCase())));
        for (const h of await page.$$('input[type=checkbox][data-keyhole-verdict]')) {
          const n = await h.evaluate(nameOf);
          if (used.has(n) || !names.has(n.toLowerCase())) continue;
          if ((await stored(n)) !== (await onPage(h))) continue;
          t = { handle: h };
          name = n;
          return true;
        }
        return false;
      }, `${point}: a judged box whose view is stored`, 15_000);
      used.add(name);
      if (point === points[0]) {
        await stopWorker();
        await t.handle.click();
      } else {
        const w = await hold(point === points[1] ? 'before-write' : point === points[2] ? 'after-write' : 'fail');
        await t.handle.click();
        await waitFor(() => w.evaluate(() => self.__khHeld), `${point}: the worker reached the write`, 10_000);
        if (point !== points[3]) await stopWorker();
      }
      const want = await onPage(t.handle);
      await waitFor(async () => (await stored(name)) === want, `${point}: the click on ${name} (${want}) stored`, 30_000);
    }
    assert.deepEqual(page.__errors ?? [], []);
    await page.close();
  });

  it(`MV3 lifetime: ${FIREFOX ? '(Firefox: event page, no worker to stop)' : 'the worker stopped mid-flow,'} then the browser restarted, resume on the same step with the same findings`, async () => {
    await startPlaybook(ctx, SF);
    const page = await vendorPage(ctx, [sf]);
    await page.goto(sf.urls.profileEdit(profileId()));
    let t = await waitForTarget(page, 'profile-permissions');
    const findingsOf = (r) => Object.fromEntries(Object.entries(r.findings).map(([k, f]) => [k, f.items.map((i) => `${i.name}:${i.checked}:${i.verdict}`).sort()]));
    // The box the test will click, and its verdict now. Earlier tests left findings for the same profile in storage:
    // wait until the stored findings are this page's (the box shows its current verdict), or a later write could
    // equal the leftovers and look like no write at all.
    const clickedName = await t.handle.evaluate((el) => el.title || el.labels?.[0]?.textContent?.trim() || el.id);
    const verdictBefore = await t.handle.evaluate((el) => el.getAttribute('data-keyhole-verdict'));
    const run1 = await waitFor(async () => {
      const r = (await state()).runs[SF];
      const item = Object.values(r.findings).flatMap((f) => f.items).find((i) => i.name.toLowerCase() === clickedName.toLowerCase());
      return r.current?.stepId === 'profile-permissions' && item?.verdict === verdictBefore ? r : null;
    }, 'this page’s findings before the stop');

    // Stop the service worker, then act on the page: the content script's message wakes a fresh worker.
    // Firefox: no worker target to stop (an event page, which Firefox suspends on its own); the click still writes.
    if (!FIREFOX) {
      const w = await worker(ctx);
      await w.close();
      await waitFor(() => !ctx.browser.targets().some((x) => x.type() === 'service_worker' && x.url().includes(ctx.extensionId)), 'the worker stopped', 5000).catch(() => {});
    }
    await t.handle.click();
    // The content script retries (with a growing pause) until a restarted worker answers.
    const clickedAt = Date.now();
    const run2 = await waitFor(async () => {
      const r = (await state()).runs[SF];
      return JSON.stringify(findingsOf(r)) !== JSON.stringify(findingsOf(run1)) ? r : null;
    }, 'a write after the worker restarted', 30_000).catch(async (e) => {
      if (process.env.KEYHOLE_DIAG) {
        const r = (await state()).runs[SF];
        console.log('DIAG fail', { verdictBefore, clickedName, now: await t.handle.evaluate((el) => [el.checked, el.getAttribute('data-keyhole-verdict'), el.isConnected]).catch(String), cur: r.current, f: Object.fromEntries(Object.entries(r.findings).map(([k, f]) => [k, [f.at, f.items.length, f.items.filter((i) => i.verdict !== 'ok').map((i) => i.name + ':' + i.verdict)]])), workers: ctx.browser.targets().filter((x) => x.type() === 'service_worker').map((x) => x.url()) });
      }
      throw e;
    });
    if (process.env.KEYHOLE_DIAG) console.log('DIAG write landed after', Date.now() - clickedAt, 'ms');
    assert.equal(run2.current.stepId, 'profile-permissions');
    assert.deepEqual(Object.keys(run2.steps).sort(), Object.keys(run1.steps).sort(), 'no step lost');
    assert.ok(verdictBefore === 'missing' || verdictBefore === 'forbidden', `clicked a ${verdictBefore} box (${clickedName})`);
    const popup = await openPopup(ctx);
    await popup.waitForSelector('[data-current-step="profile-permissions"]');
    await popup.close();
    await sleep(600);
    const saved = (await state()).runs[SF];

    // Restart the browser on the same profile.
    priorRequests.push(...ctx.requests);
    await ctx.close();
    // Firefox: the temporary add-on is gone after a restart; launch() installs the same build again (same id), which
    // keeps its storage.local, as an installed add-on keeps it across restarts.
    ctx = await launch({ userDataDir, recordNetwork: recorder });
    await watchWorker(ctx);
    if (FIREFOX) spyPage = null;
    const s = oneTenant((await storageDump(ctx))['keyhole.state']);
    assert.equal(s.activeId, SF);
    assert.deepEqual(findingsOf(s.runs[SF]), findingsOf(saved), 'the same findings after the restart');
    assert.deepEqual(s.runs[SF].steps, saved.steps, 'the same steps after the restart');
    await waitFor(async () => (await storageDump(ctx))['keyhole.active']?.playbook?.id === SF, 'the active playbook republished');
    const p2 = await vendorPage(ctx, [sf]);
    await p2.goto(sf.urls.profileEdit(profileId()));
    t = await waitForTarget(p2, 'profile-permissions');
    const popup2 = await openPopup(ctx);
    await popup2.waitForSelector('[data-current-step="profile-permissions"]');
    extPageResources.push(...(await popup2.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name))));
    await popup2.close();
    assert.deepEqual(p2.__errors ?? [], []);
  });

  it('no request at all that Keyhole started, over the whole run', async () => {
    const ext = isExtensionUrl;
    const all = [...priorRequests, ...ctx.requests];
    // chrome-extension://invalid/ is Chromium's stand-in for a page's blocked probe of an extension URL (the
    // "not fingerprintable" test makes them from the page's main world): not a request Keyhole started.
    const fromExtension = all.filter((r) => r.url !== 'chrome-extension://invalid/' && (ext(r.url) || (r.initiator && ext(r.initiator))));
    assert.ok(all.length > 50, 'the request log is real');
    for (const r of fromExtension) {
      assert.ok(ext(r.url), `Keyhole started a request to ${r.url}`);
      assert.equal(r.method, 'GET');
      assert.match(new URL(r.url).pathname, /^\/assets\/[\w.-]+\.js$/, `only the content script's own chunks: ${r.url}`);
    }
    assert.deepEqual(swRequests.filter((u) => !ext(u)), [], 'the service worker made no request');
    if (FIREFOX) {
      // Everything that reached the proxy: only Firefox's own services may appear (puppeteer's profile turns most
      // off); nothing to a vendor host and nothing else, so a background request of Keyhole's would show here.
      const firefoxOwn = /(^|\.)(mozilla\.(org|net|com)|firefox\.com|mozaws\.net|mozgcp\.net)(:\d+)?$/;
      assert.deepEqual(recorder.log.filter((r) => !firefoxOwn.test(r.host)), [], 'no request left Firefox except its own services');
      // The proxy does see extension contexts (so the check above can fail): a request from an extension page.
      const probe = await openExtPage(ctx, 'popup/options.html');
      await probe.evaluate(() => void fetch('https://canary.keyhole.invalid/probe').catch(() => {}));
      await waitFor(() => recorder.log.some((r) => r.host === 'canary.keyhole.invalid'), 'the canary request at the proxy', 10_000);
      await probe.close();
    }
    assert.deepEqual(extPageResources.filter((u) => !ext(u)), [], 'extension pages loaded nothing from outside');
    // Workers' own log: nothing from Keyhole's background beyond our spy.
    assert.deepEqual(logs.filter((l) => /^sw (error|exception)/.test(l)), [], 'no error in the service worker');
  });
});
