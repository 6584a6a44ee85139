// scrollMisalignedFrames (Keyhole) and driverJsMisalignedFrames (driver.js): frames, during a scripted scroll and
// resize inside a scrolling frame, in which the highlight's box is more than 1 px away from the target's box.
//
// Page: the tenant's profile edit page (400 objects) in the setup-domain layout: the Lightning shell on
// https://acme.my.salesforce-setup.com/lightning/setup/… and the classic page in an iframe that fills the viewport
// and scrolls internally (same origin, so one renderer and one CDP session see both).
//
// Reading both boxes in the same frame: a ResizeObserver callback runs once per rendering update after every
// requestAnimationFrame callback (Keyhole's and driver.js's positioning included) and after layout, just before
// paint. A probe inside an open shadow root (invisible to Keyhole's MutationObserver) changes size every frame so the
// callback fires every frame; it reads the target's and the highlight's getBoundingClientRect() there.
//
// Keyhole's ring lives in a closed shadow root. The bench gets a main-world reference to it through CDP, which
// pierces closed roots: DOM.getDocument({pierce: true}) → the ring's backendNodeId → DOM.resolveNode → a JS handle in
// the frame's main world. Nothing in the extension changes for this. driver.js's highlight is the cut-out of its SVG
// overlay path (stagePadding 0, stageRadius 0), mapped to client coordinates with the SVG's getScreenCTM().
// A control run (a box re-placed in a task after each scroll/resize event, i.e. one frame late) checks that the
// probe does see misalignment when there is some.
//
// The script: the frame document scrolls by 7 px every 10 ms down and back up (timer tasks, as wheel/keyboard
// scrolling lands between frames), while the top page narrows and widens the iframe (the frame's viewport resizes
// and the page reflows), then the window itself is resized through CDP.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { newPage, sleep, frameWhere, log, ROOT } from '../lib.mjs';

const DRIVER_JS = readFileSync(join(ROOT, 'node_modules/driver.js/dist/driver.js.iife.js'), 'utf8');
const DRIVER_CSS = readFileSync(join(ROOT, 'node_modules/driver.js/dist/driver.css'), 'utf8');

/** In the frame's main world: count frames and misaligned frames until stopped. */
function installProbe(kind) {
  const target = kind === 'keyhole' ? document.querySelector('[data-keyhole-target]') : window.__benchTarget;
  const ring = window.__khRing;
  const path = kind === 'driver' ? document.querySelector('svg.driver-overlay path') : null;
  const control = kind === 'control' ? window.__benchControl : null;
  const highlightBox = () => {
    if (control) return control.getBoundingClientRect();
    if (kind === 'keyhole') {
      if (getComputedStyle(ring).display === 'none') return null;
      return ring.getBoundingClientRect();
    }
    const d = path.getAttribute('d') ?? '';
    // Second sub-path: M x,y h w ... v h (radius 0, padding 0).
    const m = /M\s*(-?[\d.]+),(-?[\d.]+)\s*h\s*(-?[\d.]+)[^v]*v\s*(-?[\d.]+)/.exec(d.split('M').slice(2).map((s) => 'M' + s).join(''));
    if (!m) return null;
    const ctm = path.ownerSVGElement.getScreenCTM();
    const p0 = new DOMPoint(+m[1], +m[2]).matrixTransform(ctm);
    const p1 = new DOMPoint(+m[1] + +m[3], +m[2] + +m[4]).matrixTransform(ctm);
    return { left: p0.x, top: p0.y, width: p1.x - p0.x, height: p1.y - p0.y };
  };
  const state = (window.__probe = { frames: 0, misaligned: 0, worst: 0, examples: [], running: true, targetFound: !!target });
  const host = document.createElement('div');
  host.style.cssText = 'position:fixed;left:0;top:0;width:0;height:0;overflow:visible;pointer-events:none';
  const root = host.attachShadow({ mode: 'open' });
  const probe = document.createElement('div');
  probe.style.cssText = 'width:1px;height:1px;opacity:0';
  root.append(probe);
  document.documentElement.append(host);
  let flip = false;
  const ro = new ResizeObserver(() => {
    if (!state.running) return;
    state.frames++;
    const t = target.getBoundingClientRect();
    const h = highlightBox();
    const d = h ? Math.max(Math.abs(h.left - t.left), Math.abs(h.top - t.top), Math.abs(h.width - t.width), Math.abs(h.height - t.height)) : Infinity;
    if (d > 1) {
      state.misaligned++;
      if (state.examples.length < 3) state.examples.push({ frame: state.frames, target: [t.left, t.top, t.width, t.height].map(Math.round), highlight: h && [h.left, h.top, h.width, h.height].map(Math.round) });
    }
    if (Number.isFinite(d)) state.worst = Math.max(state.worst, d);
  });
  ro.observe(probe);
  const tick = () => {
    if (!state.running) return;
    flip = !flip;
    probe.style.width = flip ? '2px' : '1px';
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

/** In the frame: scroll down and back up, 7 px every 10 ms. Resolves when done. */
function scrollScript(ms) {
  return new Promise((resolve) => {
    const el = document.scrollingElement;
    const start = performance.now();
    const from = el.scrollTop;
    const timer = setInterval(() => {
      const t = performance.now() - start;
      if (t > ms) {
        clearInterval(timer);
        el.scrollTop = from;
        return resolve(el.scrollHeight - el.clientHeight);
      }
      el.scrollTop += t < ms / 2 ? 7 : -7;
    }, 10);
  });
}

/** In the top page: narrow and widen the Setup iframe, 16 px every 16 ms. */
function resizeFrameScript(ms) {
  return new Promise((resolve) => {
    const iframe = document.querySelector('one-setup-content')?.shadowRoot?.querySelector('force-aloha-page')?.shadowRoot?.querySelector('iframe') ?? document.querySelector('iframe');
    const w0 = iframe.getBoundingClientRect().width;
    const start = performance.now();
    const timer = setInterval(() => {
      const t = performance.now() - start;
      if (t > ms) {
        clearInterval(timer);
        iframe.style.width = '';
        return resolve(w0);
      }
      const k = t < ms / 2 ? t / (ms / 2) : (ms - t) / (ms / 2);
      iframe.style.width = `${Math.round(w0 - 420 * k)}px`;
    }, 16);
  });
}

async function ringHandle(page, frame) {
  const cdp = await page.createCDPSession();
  const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
  let ring = null;
  const walk = (n, inKeyhole) => {
    if (ring) return;
    const isHost = /^KEYHOLE-/i.test(n.nodeName ?? '');
    if (inKeyhole && n.nodeName === 'DIV' && (n.attributes ?? []).some((a, i, arr) => i % 2 === 0 && a === 'class' && /\bring\b/.test(arr[i + 1]))) ring = n;
    for (const c of [...(n.children ?? []), ...(n.shadowRoots ?? []), ...(n.contentDocument ? [n.contentDocument] : [])]) walk(c, inKeyhole || isHost);
  };
  walk(root, false);
  if (!ring) throw new Error('Keyhole ring not found through CDP');
  const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: ring.backendNodeId });
  await cdp.send('Runtime.callFunctionOn', { objectId: object.objectId, functionDeclaration: 'function () { this.ownerDocument.defaultView.__khRing = this; }' });
  await cdp.detach();
  if (!(await frame.evaluate(() => !!window.__khRing))) throw new Error('ring handle did not reach the frame');
}

async function run(page, frame, kind) {
  await frame.evaluate(installProbe, kind);
  await sleep(300);
  const scrollMs = 2400;
  const resizeMs = 1600;
  await Promise.all([frame.evaluate(scrollScript, scrollMs), sleep(400).then(() => page.evaluate(resizeFrameScript, resizeMs))]);
  // The window itself: a few viewport sizes through CDP while the frame keeps scrolling.
  const sizes = [[1100, 820], [960, 760], [1280, 900]];
  const scrolling = frame.evaluate(scrollScript, 900);
  for (const [width, height] of sizes) {
    await page.setViewport({ width, height });
    await sleep(250);
  }
  await scrolling;
  await sleep(100);
  return frame.evaluate(() => {
    window.__probe.running = false;
    const { frames, misaligned, worst, examples, targetFound } = window.__probe;
    return { frames, misaligned, worstPx: Math.round(worst * 10) / 10, examples, targetFound };
  });
}

export async function scrollAlignment({ withExt, without, tenant, profileId }) {
  const url = tenant.urls.profileEdit(profileId);
  const inFrame = (u) => /\/00e[A-Za-z0-9]{12,15}\/e$/.test(u.pathname) && u.searchParams.has('isdtp');

  // Keyhole
  const page = await newPage(withExt, [tenant]);
  await page.goto(url, { waitUntil: 'load' });
  let frame = await frameWhere(page, inFrame);
  const start = Date.now();
  let path = null;
  for (;;) {
    frame = await frameWhere(page, inFrame);
    path = await frame.evaluate(() => {
      const el = document.querySelector('[data-keyhole-target]');
      if (!el) return null;
      const parts = [];
      for (let n = el; n && n !== document.body; n = n.parentElement) {
        let i = 1;
        for (let s = n.previousElementSibling; s; s = s.previousElementSibling) i++;
        parts.unshift(`${n.tagName.toLowerCase()}:nth-child(${i})`);
      }
      return `body > ${parts.join(' > ')}`;
    }).catch(() => null);
    if (path) break;
    if (Date.now() - start > 20000) throw new Error('no Keyhole target in the Setup frame');
    await sleep(100);
  }
  await sleep(1500); // the ring's pulse animation and any late pass settle
  await ringHandle(page, frame);
  const keyhole = await run(page, frame, 'keyhole');
  await page.close();
  log('scroll keyhole', keyhole);

  // driver.js, same page, same element
  const page2 = await newPage(without, [tenant]);
  await page2.goto(url, { waitUntil: 'load' });
  const frame2 = await frameWhere(page2, inFrame);
  await sleep(1500); // the shell replaces the frame once after load
  const f2 = await frameWhere(page2, inFrame);
  await f2.waitForSelector('table.crudTable');
  await f2.addStyleTag({ content: DRIVER_CSS });
  await f2.addScriptTag({ content: DRIVER_JS });
  await f2.evaluate((p) => {
    window.__benchTarget = document.querySelector(p);
    window.__benchDriver = window.driver.js.driver({ stagePadding: 0, stageRadius: 0 });
    window.__benchDriver.highlight({ element: window.__benchTarget });
  }, path);
  await sleep(800);
  const driver = await run(page2, f2, 'driver');
  log('scroll driver.js', driver);
  // Control: a naive highlighter that re-places its box in a task after each scroll/resize event (one frame late).
  // The probe must see it misaligned, or it would not be able to see anything.
  await f2.evaluate(() => {
    window.__benchDriver.destroy();
    const box = (window.__benchControl = document.createElement('div'));
    box.style.cssText = 'position:fixed;left:0;top:0;outline:2px solid red;pointer-events:none;z-index:2147483647';
    document.documentElement.append(box);
    const place = () => {
      const r = window.__benchTarget.getBoundingClientRect();
      Object.assign(box.style, { left: `${r.left}px`, top: `${r.top}px`, width: `${r.width}px`, height: `${r.height}px` });
    };
    place();
    const later = () => setTimeout(place, 0);
    addEventListener('scroll', later);
    addEventListener('resize', later);
  });
  await sleep(200);
  const control = await run(page2, f2, 'control');
  log('scroll control', control);
  await page2.close();
  void frame2;
  return {
    scrollMisalignedFrames: keyhole.misaligned,
    driverJsMisalignedFrames: driver.misaligned,
    scroll: { page: url, targetPath: path, keyhole, driverJs: driver, controlOneFrameLate: control },
  };
}
