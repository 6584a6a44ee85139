// The guide card on the Salesforce profile edit page (Lightning: the Setup page runs in a cross-origin frame), in
// Chromium with the built extension (run `npx vite build` first):
// - at 1280×800, 1440×900 and 1920×1080 the card's box does not intersect the target (with its ring), the blocking
//   boxes in view, their labels, or the page's Save buttons; also after the admin fixes a box and after a scroll;
// - what blocks comes first ("Untick N: …", "Tick N: …"), in the page's casing, each name a button to its box;
// - collapse to a pill and drag (pointer and arrow keys), remembered per page kind across a reload, in the
//   extension's storage (never the page's);
// - an edge arrow when the target is scrolled out of view; clicking it brings the target back;
// - Tab reaches the card's controls and leaves them again (no focus trap);
// - the keyboard shortcuts: headless Chromium cannot press an extension shortcut, so the test calls the
//   background's own command handler (`keyholeCommand`, the function `commands.onCommand` calls) in the worker.
// The card lives in a closed shadow root: its boxes are read through CDP (DOM.getBoxModel pierces closed roots).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSalesforceTenant } from '../fixtures/salesforce/tenant.mjs';
import { DIST, FIREFOX, chromiumOnly, launch, newPage, openExtPage, startPlaybook, waitForTarget, storageDump, sleep, waitFor } from './harness.mjs';

const PB = 'drivetrain-salesforce-support';
const PROFILE = 'Drivetrain Integration';
const SIZES = [[1280, 800], [1440, 900], [1920, 1080]];
const RING = 6; // outline 3px + offset 3px around the target
let ctx;
let sf;

before(async () => {
  assert.ok(existsSync(join(DIST, 'manifest.json')), 'build first: npx vite build');
  ctx = await launch();
  sf = createSalesforceTenant({ layout: 'lightning', existingIntegrationProfile: true });
});
after(async () => ctx?.close());

async function freshRun() {
  const ext = await openExtPage(ctx, 'popup/options.html');
  await ext.evaluate(async (id) => {
    await chrome.runtime.sendMessage({ kind: 'keyhole/reset', playbookId: id });
    await chrome.storage.local.remove('keyhole.ui');
  }, PB);
  await ext.close();
  await startPlaybook(ctx, PB);
}

/** The overlay's parts in a frame, through that frame's own CDP session: { card, arrow, toggle, grip, names: [{text, box}] , text }. */
async function overlayParts(frame) {
  if (FIREFOX) return overlayPartsBiDi(frame);
  const cdp = frame.client;
  const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
  // The host sits under <html>, or inside the page's open modal dialog while there is one: find it anywhere.
  const host = findHost(root);
  if (!host?.shadowRoots?.length) return null;
  const byClass = {};
  const names = [];
  const texts = [];
  const attr = (n, a) => (n.attributes && n.attributes.includes(a) ? n.attributes[n.attributes.indexOf(a) + 1] : null);
  const textOf = (n) => (n.nodeType === 3 ? n.nodeValue : (n.children ?? []).map(textOf).join(''));
  const walk = (n) => {
    if (n.nodeType === 3) texts.push(n.nodeValue);
    const cls = attr(n, 'class');
    if (cls) {
      const first = cls.split(' ')[0];
      byClass[first] ??= n;
      if (first === 'name') names.push(n);
    }
    for (const c of n.children ?? []) walk(c);
  };
  walk(host.shadowRoots[0]);
  const box = async (n) => {
    if (!n) return null;
    try {
      const { model } = await cdp.send('DOM.getBoxModel', { backendNodeId: n.backendNodeId });
      const [x1, y1, , , x3, y3] = model.border;
      return { left: x1, top: y1, right: x3, bottom: y3, width: x3 - x1, height: y3 - y1 };
    } catch {
      return null; // display: none
    }
  };
  const card = byClass.card;
  return {
    card: await box(card),
    cardClass: attr(card, 'class'),
    arrow: await box(byClass.arrow),
    toggle: await box(byClass.toggle),
    toggleExpanded: attr(byClass.toggle, 'aria-expanded'),
    grip: await box(byClass.grip),
    names: await Promise.all(names.map(async (n) => ({ text: textOf(n), tag: n.localName, box: await box(n) }))),
    text: texts.join('\n'),
  };
}

/**
 * Firefox (WebDriver BiDi): the same parts the dialog tests use ({ card, toggle, grip, toggleExpanded, cardClass }),
 * read in the frame through the closed shadow root that BiDi serialises (includeShadowTree: 'all').
 */
async function overlayPartsBiDi(frame) {
  const conn = frame.page().browser().connection;
  const context = frame._id;
  const res = await conn.send('script.evaluate', {
    // Also inside the page's open shadow roots (a dialog there is home while it is modal).
    expression: `(function find(root) { for (const e of root.querySelectorAll('*')) { if (e.localName.startsWith('keyhole-')) return [e]; if (e.shadowRoot) { const h = find(e.shadowRoot); if (h.length) return h; } } return []; })(document)`,
    target: { context },
    awaitPromise: false,
    resultOwnership: 'none',
    serializationOptions: { maxDomDepth: 0, includeShadowTree: 'all' },
  });
  const host = (res.result?.result?.value ?? res.result?.value ?? [])[0];
  const root = host?.value?.shadowRoot;
  if (!root?.sharedId) return null;
  const got = await conn.send('script.callFunction', {
    functionDeclaration: `(root) => {
      const box = (el) => {
        if (!el || getComputedStyle(el).display === 'none') return null;
        const r = el.getBoundingClientRect();
        return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height };
      };
      const card = root.querySelector('.card');
      const toggle = root.querySelector('.toggle');
      return JSON.stringify({ card: box(card), cardClass: card?.getAttribute('class') ?? null, toggle: box(toggle), toggleExpanded: toggle?.getAttribute('aria-expanded') ?? null, grip: box(root.querySelector('.grip')), arrow: box(root.querySelector('.arrow')), names: [], text: root.textContent, focused: root.activeElement?.getAttribute('class') ?? null });
    }`,
    arguments: [{ sharedId: root.sharedId }],
    target: { context },
    awaitPromise: false,
    resultOwnership: 'none',
  });
  const v = got.result?.result?.value ?? got.result?.value;
  return typeof v === 'string' ? JSON.parse(v) : null;
}

function findHost(n) {
  if (n.localName?.startsWith('keyhole-') && n.shadowRoots?.length) return n;
  for (const c of [...(n.children ?? []), ...(n.shadowRoots ?? [])]) {
    const h = findHost(c);
    if (h) return h;
  }
  return null;
}

/** Wait until the card has the same box twice in a row (placed and settled). */
async function settledCard(frame, pred = () => true) {
  let prev = null;
  return waitFor(async () => {
    const p = await overlayParts(frame).catch(() => null);
    const ok = p?.card && pred(p);
    const same = ok && prev && JSON.stringify(prev.card) === JSON.stringify(p.card);
    prev = ok ? p : null;
    if (same) return p;
    await sleep(120);
    return null;
  }, 'a settled card', 10_000);
}

/** What the card must keep clear, measured by the test on its own: the target, blocking boxes and labels, Save. */
function workBoxes(frame) {
  return frame.evaluate(() => {
    const vw = innerWidth;
    const vh = innerHeight;
    const rect = (el) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height };
    };
    const inView = (r) => r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < vh && r.left < vw;
    const out = [];
    const t = document.querySelector('[data-keyhole-target]');
    if (t) out.push({ what: 'target', rect: rect(t) });
    for (const el of document.querySelectorAll('[data-keyhole-verdict="missing"], [data-keyhole-verdict="forbidden"]')) {
      const r = rect(el);
      if (!inView(r)) continue;
      out.push({ what: `box ${el.title}`, rect: r });
      // Its label: the <label for> of a user permission, or the object's row header of a CRUD box.
      const label = el.labels?.[0] ?? el.closest('td.dataCol')?.previousElementSibling;
      if (label) out.push({ what: `label of ${el.title}`, rect: rect(label) });
    }
    for (const b of document.querySelectorAll('input[type=submit], input[type=button], button')) {
      if (b.value?.trim() !== 'Save' && b.textContent.trim() !== 'Save') continue;
      const r = rect(b);
      if (inView(r)) out.push({ what: 'Save', rect: r });
    }
    return { boxes: out, vw, vh };
  });
}

const intersects = (a, b, pad = 0) => a.left < b.right + pad && b.left - pad < a.right && a.top < b.bottom + pad && b.top - pad < a.bottom;

async function assertClear(frame, label) {
  const parts = await settledCard(frame);
  const { boxes, vw, vh } = await workBoxes(frame);
  assert.ok(boxes.some((b) => b.what === 'target'), `${label}: a target`);
  const card = parts.card;
  assert.ok(card.left >= 0 && card.top >= 0 && card.right <= vw && card.bottom <= vh, `${label}: the card is inside the view ${JSON.stringify(card)}`);
  const hits = boxes.filter((b) => intersects(card, b.rect, b.what === 'target' ? RING : 0)).map((b) => b.what);
  assert.deepEqual(hits, [], `${label}: the card ${JSON.stringify(card)} covers ${hits.join(', ')}`);
  return { parts, boxes };
}

/** The iframe's offset in the page, to click inside it with the real mouse. */
async function frameOffset(frame) {
  const el = await frame.frameElement();
  if (!el) return { x: 0, y: 0 };
  const b = await el.boundingBox();
  return { x: b.x, y: b.y };
}

// These read the card's boxes through CDP (DOM.getBoxModel pierces the closed root; Firefox has a BiDi reader only
// for what the dialog tests use) or call the command handler in the MV3 service worker.
const CDP_ONLY = chromiumOnly('reads the card’s layout through CDP (DOM.getBoxModel) or calls the service worker');

const centre = (b, off) => ({ x: off.x + (b.left + b.right) / 2, y: off.y + (b.top + b.bottom) / 2 });

async function openEdit(page) {
  await page.goto(sf.urls.profileEdit(sf.profileByName(PROFILE).id));
  return waitForTarget(page, 'profile-permissions');
}

test('the card keeps the target, the blocking boxes, their labels and Save clear at three window sizes', { skip: CDP_ONLY, timeout: 180_000 }, async () => {
  await freshRun();
  const page = await newPage(ctx, [sf]);
  try {
    for (const [w, h] of SIZES) {
      await page.setViewport({ width: w, height: h });
      const { frame, handle } = await openEdit(page);
      const first = await assertClear(frame, `${w}×${h}`);
      assert.ok(first.boxes.filter((b) => b.what.startsWith('box ')).length >= 1, `${w}×${h}: a blocking box in view`);
      assert.ok(first.boxes.some((b) => b.what.startsWith('label of')), `${w}×${h}: a label in view`);

      // The admin fixes the highlighted box: the next target, and the card still clear.
      await handle.click();
      await waitFor(() => handle.evaluate((el) => !el.hasAttribute('data-keyhole-target')), 'the target moved on');
      await assertClear(frame, `${w}×${h} after a fix`);

      // The admin scrolls down a screen: other rows in view, the card still clear.
      await frame.evaluate(() => scrollBy(0, innerHeight * 0.6));
      await sleep(200);
      const t = await frame.$('[data-keyhole-target]');
      const inView = await t.evaluate((el) => {
        const r = el.getBoundingClientRect();
        return r.bottom > 0 && r.top < innerHeight;
      });
      if (inView) await assertClear(frame, `${w}×${h} after a scroll`);
    }
    assert.deepEqual(page.__errors ?? [], [], 'no exception reached the page');
  } finally {
    await page.close();
  }
});

test('what blocks comes first, in the page’s casing; each name scrolls to its box', { skip: CDP_ONLY, timeout: 90_000 }, async () => {
  await freshRun();
  const page = await newPage(ctx, [sf]);
  try {
    await page.setViewport({ width: 1280, height: 800 });
    const { frame } = await openEdit(page);
    const parts = await settledCard(frame, (p) => p.names.length > 0);
    const text = parts.text;
    const forbidden = await frame.$$eval('[data-keyhole-verdict="forbidden"]', (els) => els.map((e) => e.labels?.[0]?.textContent.trim() ?? e.title));
    const missing = await frame.$$eval('[data-keyhole-verdict="missing"]', (els) => els.map((e) => e.labels?.[0]?.textContent.trim() ?? e.title));
    assert.ok(forbidden.length && missing.length, 'the Read Only clone has forbidden and missing boxes');
    assert.ok(text.includes(`Untick ${forbidden.length}: `), `"Untick ${forbidden.length}:" in ${text.slice(0, 300)}`);
    assert.ok(text.includes(`Tick ${missing.length}: `), `"Tick ${missing.length}:"`);
    // Blocking lines before the instruction and before the review counts.
    assert.ok(text.indexOf('Untick') < text.indexOf('Tick API Enabled'), 'blocking items before the instruction');
    assert.match(text, /Review items \(\d+\)/);
    assert.ok(text.indexOf('Untick') < text.indexOf('Review items'), 'blocking items before the review items');
    // Names as the page writes them (the fixture's labels), not lower-cased.
    const shown = parts.names.map((n) => n.text);
    for (const name of [...forbidden, ...missing].slice(0, 6)) assert.ok(shown.includes(name), `"${name}" shown as the page writes it (${shown.join(' | ')})`);
    assert.ok(parts.names.every((n) => n.tag === 'button'), 'each name is a button');

    // Scroll the box far away, then click its name in the card: the box comes back into view.
    const name = missing[0];
    await frame.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
    await sleep(300);
    const p2 = await settledCard(frame);
    const btn = p2.names.find((n) => n.text === name);
    assert.ok(btn?.box, `the "${name}" button`);
    const off = await frameOffset(frame);
    const c = centre(btn.box, off);
    await page.mouse.click(c.x, c.y);
    await waitFor(
      () => frame.evaluate((n) => {
        const el = [...document.querySelectorAll('[data-keyhole-verdict="missing"]')].find((e) => (e.labels?.[0]?.textContent.trim() ?? e.title) === n);
        const r = el.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= innerHeight;
      }, name),
      `the "${name}" box scrolled into view`,
    );
  } finally {
    await page.close();
  }
});

test('collapse to a pill, drag (pointer and keys), remembered per page kind across a reload in the extension’s storage', { skip: CDP_ONLY, timeout: 120_000 }, async () => {
  await freshRun();
  const page = await newPage(ctx, [sf]);
  try {
    await page.setViewport({ width: 1440, height: 900 });
    let { frame } = await openEdit(page);
    let parts = await settledCard(frame);
    const full = parts.card;
    let off = await frameOffset(frame);

    // Collapse.
    let c = centre(parts.toggle, off);
    await page.mouse.click(c.x, c.y);
    parts = await settledCard(frame, (p) => p.toggleExpanded === 'false');
    assert.match(parts.cardClass, /\bmin\b/);
    assert.ok(parts.card.width < full.width && parts.card.height < 48, `a small pill ${JSON.stringify(parts.card)}`);
    await assertClear(frame, 'the pill');
    const ui = await waitFor(async () => {
      const u = (await storageDump(ctx))['keyhole.ui'];
      return u && Object.values(u).some((p) => p.collapsed === true) ? u : null;
    }, 'the collapsed state stored in storage.local');
    assert.equal(Object.keys(ui).length, 1, 'one page kind');
    assert.ok(JSON.stringify(ui).length < 200, 'small');
    // Nothing in the page's own storage.
    assert.deepEqual(await frame.evaluate(() => [localStorage.length, sessionStorage.length]), [0, 0]);

    // Drag the pill by its grip.
    const pillBefore = parts.card;
    const g = centre(parts.grip, off);
    await page.mouse.move(g.x, g.y);
    await page.mouse.down();
    // Right and down: the pill starts near the frame's left edge, and the Setup page is a frame of its own.
    // As far as the frame's viewport lets the pill go (the card is kept inside it): at most (300, 240).
    const [vw, vh] = await frame.evaluate(() => [innerWidth, innerHeight]);
    const dx = Math.max(40, Math.min(300, Math.floor(vw - pillBefore.right - 24 - 48))); // room for the key moves below
    const dy = Math.max(40, Math.min(240, Math.floor(vh - pillBefore.bottom - 24 - 32)));
    await page.mouse.move(g.x + dx / 2, g.y + dy / 2, { steps: 8 });
    await page.mouse.move(g.x + dx, g.y + dy, { steps: 8 });
    await page.mouse.up();
    parts = await settledCard(frame);
    const dragged = parts.card;
    assert.ok(Math.abs(dragged.left - (pillBefore.left + dx)) <= 3 && Math.abs(dragged.top - (pillBefore.top + dy)) <= 3, `dragged by (${dx}, ${dy}): ${JSON.stringify(dragged)} from ${JSON.stringify(pillBefore)}`);
    await waitFor(async () => Object.values((await storageDump(ctx))['keyhole.ui'] ?? {}).some((p) => p.pos), 'the position stored');

    // Reload: still a pill, at the dragged place.
    ({ frame } = await openEdit(page));
    parts = await settledCard(frame, (p) => p.toggleExpanded === 'false');
    assert.ok(Math.abs(parts.card.left - dragged.left) <= 3 && Math.abs(parts.card.top - dragged.top) <= 3, `remembered: ${JSON.stringify(parts.card)} vs ${JSON.stringify(dragged)}`);

    // Keyboard: the grip moves the card with arrow keys; Home puts it back to automatic placement.
    off = await frameOffset(frame);
    c = centre(parts.grip, off);
    await page.mouse.click(c.x, c.y);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    const moved = await settledCard(frame);
    assert.ok(Math.abs(moved.card.left - parts.card.left - 32) <= 2 && Math.abs(moved.card.top - parts.card.top - 16) <= 2, `moved by keys: ${JSON.stringify(moved.card)} from ${JSON.stringify(parts.card)}`);
    await page.keyboard.press('Home');
    await sleep(300);
    await assertClear(frame, 'back to automatic placement');

    // Expand again (Enter on the toggle, reached with Tab from the grip).
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    parts = await settledCard(frame, (p) => p.toggleExpanded === 'true');
    assert.ok(parts.card.height > 60, 'expanded');
    await waitFor(async () => Object.values((await storageDump(ctx))['keyhole.ui'] ?? {}).every((p) => p.collapsed === false && !p.pos), 'the expanded, automatic state stored');
  } finally {
    await page.close();
  }
});

test('an edge arrow points at a target scrolled out of view; clicking it brings the target back', { skip: CDP_ONLY, timeout: 90_000 }, async () => {
  await freshRun();
  const page = await newPage(ctx, [sf]);
  try {
    await page.setViewport({ width: 1280, height: 800 });
    const { frame } = await openEdit(page);
    let parts = await settledCard(frame);
    assert.equal(parts.arrow, null, 'no arrow while the target is in view');
    const targetTop = await frame.$eval('[data-keyhole-target]', (el) => el.getBoundingClientRect().top + scrollY);
    // Scroll so the target is far below the view.
    await frame.evaluate((y) => scrollTo(0, Math.max(0, y - 3 * innerHeight)), targetTop);
    const below = await frame.$eval('[data-keyhole-target]', (el) => el.getBoundingClientRect().top > innerHeight);
    // The page may be too short to scroll the target below; then scroll it above.
    if (!below) await frame.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
    parts = await settledCard(frame, (p) => !!p.arrow);
    const vh = await frame.evaluate(() => innerHeight);
    const dir = await frame.$eval('[data-keyhole-target]', (el) => (el.getBoundingClientRect().top > innerHeight ? 'below' : 'above'));
    if (dir === 'below') assert.ok(parts.arrow.bottom > vh - 60, `the arrow sits on the bottom edge ${JSON.stringify(parts.arrow)}`);
    else assert.ok(parts.arrow.top < 60, `the arrow sits on the top edge ${JSON.stringify(parts.arrow)}`);
    assert.ok(!intersects(parts.card, parts.arrow), 'the card does not cover the arrow');
    const off = await frameOffset(frame);
    const c = centre(parts.arrow, off);
    await page.mouse.click(c.x, c.y);
    await waitFor(() => frame.$eval('[data-keyhole-target]', (el) => {
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= innerHeight;
    }), 'the target back in view');
    await settledCard(frame, (p) => p.arrow === null);
  } finally {
    await page.close();
  }
});

test('Tab reaches the card’s controls after the page’s and leaves them again', { skip: CDP_ONLY, timeout: 60_000 }, async () => {
  await freshRun();
  const page = await newPage(ctx, [sf]);
  try {
    await page.setViewport({ width: 1280, height: 800 });
    const { frame } = await openEdit(page);
    await settledCard(frame);
    // Focus the page's last focusable control, then Tab: focus enters the card (the host, seen from the page).
    await frame.evaluate(() => {
      const all = [...document.querySelectorAll('input, select, textarea, button, a[href]')].filter((e) => !e.disabled && e.tabIndex >= 0 && e.getClientRects().length);
      all.at(-1).focus();
    });
    const inCard = () => frame.evaluate(() => document.activeElement?.localName?.startsWith('keyhole-') ?? false);
    await page.keyboard.press('Tab');
    assert.ok(await inCard(), 'Tab after the page’s last control reaches the card');
    let left = false;
    for (let i = 0; i < 40 && !left; i++) {
      await page.keyboard.press('Tab');
      left = !(await inCard());
    }
    assert.ok(left, 'Tab leaves the card again: no focus trap');
    // And back with Shift+Tab into it.
    await frame.evaluate(() => document.activeElement?.blur());
  } finally {
    await page.close();
  }
});

test('keyboard shortcuts: declared in the manifest; the background forwards them to the page’s guide', { skip: CDP_ONLY, timeout: 90_000 }, async () => {
  const m = JSON.parse(readFileSync(join(DIST, 'manifest.json'), 'utf8'));
  assert.deepEqual(Object.keys(m.commands).sort(), ['jump-to-target', 'toggle-overlay']);
  for (const c of Object.values(m.commands)) assert.ok(c.suggested_key?.default && c.description);
  await freshRun();
  const page = await newPage(ctx, [sf]);
  try {
    await page.setViewport({ width: 1280, height: 800 });
    const { frame } = await openEdit(page);
    await settledCard(frame);
    await page.bringToFront();
    const worker = await (await ctx.browser.waitForTarget((t) => t.type() === 'service_worker')).worker();
    const run = (command) => worker.evaluate(async (c) => {
      const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
      return globalThis.keyholeCommand(c, tab);
    }, command);

    assert.equal(await run('toggle-overlay'), true);
    await waitFor(async () => (await overlayParts(frame))?.card === null || (await overlayParts(frame)) === null, 'the card hidden by the shortcut');
    assert.equal(await frame.$eval('[data-keyhole-target]', (el) => !!el), true, 'the target mark stays (only the overlay hides)');
    assert.equal(await run('toggle-overlay'), true);
    await settledCard(frame);

    // Jump to the target after scrolling away from it.
    await frame.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
    await frame.evaluate(() => scrollTo(0, 0));
    const away = await frame.$eval('[data-keyhole-target]', (el) => el.getBoundingClientRect().bottom < 0 || el.getBoundingClientRect().top > innerHeight);
    if (!away) await frame.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
    assert.equal(await run('jump-to-target'), true);
    await waitFor(() => frame.$eval('[data-keyhole-target]', (el) => {
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= innerHeight;
    }), 'the target in view after the jump shortcut');
    assert.equal(await run('unknown-command'), false, 'an unknown command is ignored');
  } finally {
    await page.close();
  }
});

// ---------------------------------------------------------------- over the page's modal dialogs and popovers
// A modal <dialog> makes everything outside it inert, a popover of ours in the top layer included: without care,
// clicks on the card fall through to the page (its backdrop) and Tab never reaches the card. These tests use the
// real mouse at the card's real coordinates (the browser hit-tests, inertness included) and the real keyboard.

/** Where the host is, seen from the page: the local name of its parent, or null. */
const hostHome = (frame) => frame.evaluate(() => [...document.querySelectorAll('*')].find((e) => e.localName.startsWith('keyhole-'))?.parentElement?.localName ?? null);

/** Click the card's Hide/Show toggle with the mouse; resolves to the toggle's aria-expanded afterwards. */
async function clickToggle(page, frame, expectExpanded, label) {
  const before = await settledCard(frame);
  const off = await frameOffset(frame);
  const c = centre(before.toggle, off);
  await page.mouse.click(c.x, c.y);
  const after = await waitFor(async () => {
    const p = await overlayParts(frame).catch(() => null);
    return p?.toggleExpanded === expectExpanded ? p : null;
  }, `${label}: the toggle clicked by the mouse (aria-expanded=${expectExpanded})`, 3000).catch(() => null);
  assert.ok(after, `${label}: a mouse click on Hide/Show at (${c.x}, ${c.y}) reached the card (aria-expanded stays ${before.toggleExpanded})`);
}

/** Tab from where focus is until it enters the card (the host, seen from the page); then Tab to the toggle and press Enter. */
async function tabToToggleAndEnter(page, frame, expectExpanded, label) {
  const inCard = () => frame.evaluate(() => document.activeElement?.localName?.startsWith('keyhole-') ?? false);
  let reached = false;
  for (let i = 0; i < 12 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await inCard();
  }
  assert.ok(reached, `${label}: Tab reaches the card`);
  // Chromium: the grip comes first, then the toggle. Firefox puts the card itself (a scroll container) in the tab
  // order before them; its BiDi reader tells which element of the card has focus.
  const focused = [];
  for (let i = 0; i < 3; i++) {
    focused.push(FIREFOX ? (await overlayParts(frame))?.focused : i === 0 ? 'grip' : 'toggle');
    await page.keyboard.press('Tab');
    if (!FIREFOX || (await overlayParts(frame))?.focused === 'toggle') break;
  }
  const [first, second] = [focused.join(' → '), FIREFOX ? (await overlayParts(frame))?.focused : 'toggle'];
  await page.keyboard.press('Enter');
  const p = await waitFor(async () => {
    const q = await overlayParts(frame).catch(() => null);
    return q?.toggleExpanded === expectExpanded ? q : null;
  }, `${label}: Enter on the toggle`, 3000).catch(() => null);
  assert.ok(p, `${label}: Tab to Hide/Show and Enter toggled the card (aria-expanded=${expectExpanded}; focused in the card: ${first}, then ${second})`);
}

/** Hide and show by the shortcut while the dialog is open; the card is still usable after; jump to the target. */
async function shortcutsOverDialog(page, frame, dialogOpen) {
  const run = await commandRunner();
  assert.equal(await run('toggle-overlay'), true);
  await waitFor(async () => (await overlayParts(frame))?.card == null, 'the card hidden by the shortcut');
  assert.equal(await run('toggle-overlay'), true);
  await settledCard(frame);
  await clickToggle(page, frame, 'false', 'after the shortcut showed the card again');
  await clickToggle(page, frame, 'true', 'after the shortcut showed the card again (Show)');
  await frame.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
  assert.equal(await run('jump-to-target'), true);
  await waitFor(() => frame.$eval('[data-keyhole-target]', (el) => {
    const r = el.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= innerHeight;
  }), 'the target in view after the jump shortcut, the dialog open');
  assert.equal(await dialogOpen(), true, 'the dialog stays open throughout');
}

async function commandRunner() {
  const worker = await (await ctx.browser.waitForTarget((t) => t.type() === 'service_worker')).worker();
  return (command) => worker.evaluate(async (c) => {
    const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
    return globalThis.keyholeCommand(c, tab);
  }, command);
}

/** The page opens a centred modal dialog with a button, and (a common pattern) closes it on a click outside its box. */
const openPageDialog = (frame) => frame.evaluate(() => {
  const d = document.createElement('dialog');
  d.id = 'page-dialog';
  d.style.cssText = 'width: 40vw; height: 30vh; padding: 16px; transform: translateZ(0); overflow: hidden; contain: paint';
  const b = document.createElement('button');
  b.textContent = 'Dialog OK';
  b.id = 'dialog-ok';
  d.append('A page dialog ', b);
  window.__dialogClicks = 0;
  d.addEventListener('click', (e) => {
    window.__dialogClicks++;
    const r = d.getBoundingClientRect();
    if (e.clientX < r.left || e.clientX > r.right || e.clientY < r.top || e.clientY > r.bottom) d.close('outside');
  });
  document.body.append(d);
  d.showModal();
  return d.matches(':modal');
});

test('over a page’s modal dialog: Hide by mouse, Tab and Enter, the shortcuts; back in place when it closes or goes away', { timeout: 120_000 }, async () => {
  await freshRun();
  const page = await newPage(ctx, [sf]);
  try {
    await page.setViewport({ width: 1280, height: 800 });
    const { frame } = await openEdit(page);
    await settledCard(frame);
    await page.bringToFront();
    assert.equal(await openPageDialog(frame), true, 'the page’s dialog is modal');
    const dialogOpen = () => frame.$eval('#page-dialog', (d) => d.open);

    // The mouse: Hide, then Show.
    await clickToggle(page, frame, 'false', 'modal dialog open');
    assert.equal(await dialogOpen(), true, 'the click stayed in the card: the page’s outside-click handler did not close its dialog');
    await clickToggle(page, frame, 'true', 'modal dialog open, again');
    assert.equal(await frame.evaluate(() => window.__dialogClicks), 0, 'the page’s dialog saw none of the card’s clicks');

    // The keyboard: from the dialog's own button, Tab into the card, to Hide, Enter.
    await frame.focus('#dialog-ok');
    await tabToToggleAndEnter(page, frame, 'false', 'modal dialog open');
    await clickToggle(page, frame, 'true', 'modal dialog open, after the keyboard');

    // The shortcuts (the background's own handler, in the MV3 service worker: Chromium only here).
    if (!FIREFOX) await shortcutsOverDialog(page, frame, dialogOpen);

    // The page closes its dialog: the card is back in place and clickable.
    await frame.evaluate(() => document.getElementById('page-dialog').close());
    await waitFor(async () => (await hostHome(frame)) === 'html', 'the host back under <html> after the dialog closed', 3000);
    await clickToggle(page, frame, 'false', 'after the dialog closed');
    await clickToggle(page, frame, 'true', 'after the dialog closed (Show)');

    // Opened again, then removed from the page while the card is in it: the card is back at once, and usable.
    await frame.evaluate(() => document.getElementById('page-dialog').showModal());
    await clickToggle(page, frame, 'false', 'the dialog opened again');
    const atOnce = await frame.evaluate(async () => {
      document.getElementById('page-dialog').remove();
      await new Promise((r) => setTimeout(r, 0));
      const h = [...document.documentElement.children].find((e) => e.localName.startsWith('keyhole-'));
      return { home: !!h, open: !!h?.matches(':popover-open') };
    });
    assert.deepEqual(atOnce, { home: true, open: true }, 'the host is back under <html>, in the top layer, before the next task');
    await clickToggle(page, frame, 'true', 'after the dialog was removed');

    // A modal dialog inside a page component's open shadow root (no observer of the document sees it open).
    await frame.evaluate(() => {
      const el = document.createElement('page-widget');
      document.body.append(el);
      const d = document.createElement('dialog');
      const b = document.createElement('button');
      b.textContent = 'Widget OK';
      d.append('A dialog in a shadow root ', b);
      el.attachShadow({ mode: 'open' }).append(d);
    });
    await sleep(300); // created first, opened later: opening it mutates nothing a document observer sees
    await frame.evaluate(() => document.querySelector('page-widget').shadowRoot.querySelector('dialog').showModal());
    await clickToggle(page, frame, 'false', 'a modal dialog in a shadow root');
    await clickToggle(page, frame, 'true', 'a modal dialog in a shadow root (Show)');
    await frame.evaluate(() => document.querySelector('page-widget').shadowRoot.querySelector('dialog').close());
    await waitFor(async () => (await hostHome(frame)) === 'html', 'the host back under <html> after the shadow root’s dialog closed', 3000);
    await clickToggle(page, frame, 'false', 'after the shadow root’s dialog closed');
    assert.deepEqual(page.__errors ?? [], [], 'no exception reached the page');
  } finally {
    await page.close();
  }
});

test('over a page’s popover (manual and auto): Hide by mouse, Tab and Enter', { timeout: 90_000 }, async () => {
  await freshRun();
  const page = await newPage(ctx, [sf]);
  try {
    await page.setViewport({ width: 1280, height: 800 });
    const { frame } = await openEdit(page);
    await settledCard(frame);
    await page.bringToFront();
    for (const kind of ['manual', 'auto']) {
      // A popover covering the whole frame, created first and shown later (showing it mutates nothing).
      await frame.evaluate((kind) => {
        const p = document.createElement('div');
        p.id = `pop-${kind}`;
        p.setAttribute('popover', kind);
        p.style.cssText = 'position: fixed; inset: 0; width: 100vw; height: 100vh; margin: 0; border: 0; background: rgba(200, 0, 200, 0.3)';
        const b = document.createElement('button');
        b.textContent = 'Popover button';
        b.id = `pop-${kind}-b`;
        p.append(b);
        document.body.append(p);
        // A page menu's usual script: a click outside the popover closes it.
        window.__outside = 0;
        document.addEventListener('click', (e) => {
          if (p.matches(':popover-open') && !p.contains(e.target)) {
            window.__outside++;
            if (kind === 'manual') p.hidePopover();
          }
        });
      }, kind);
      await sleep(100);
      await frame.evaluate((kind) => document.getElementById(`pop-${kind}`).showPopover(), kind);
      await clickToggle(page, frame, 'false', `${kind} popover open`);
      assert.equal(await frame.evaluate(() => window.__outside), 0, `${kind}: the page’s outside-click script never saw the card’s click`);
      if (kind === 'manual') assert.equal(await frame.$eval('#pop-manual', (p) => p.matches(':popover-open')), true, 'the page’s popover stays open');
      if (kind === 'auto') await frame.evaluate(() => document.getElementById('pop-auto').showPopover());
      await frame.focus(`#pop-${kind}-b`);
      await tabToToggleAndEnter(page, frame, 'true', `${kind} popover open`);
      await frame.evaluate((kind) => {
        const p = document.getElementById(`pop-${kind}`);
        if (p.matches(':popover-open')) p.hidePopover();
        p.remove();
      }, kind);
    }
    assert.deepEqual(page.__errors ?? [], [], 'no exception reached the page');
  } finally {
    await page.close();
  }
});
