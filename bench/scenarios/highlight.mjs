// highlightMsMedian and verdictUpdateMsMedian, with driver.js beside Keyhole for the highlight.
//
// Page: the fixture tenant's original-UI profile edit page of "Drivetrain Integration" with 400 objects (about 2,500
// checkboxes), classic layout (top-level on https://acme.my.salesforce.com/<00e…>/e), its whole form inserted by
// script after lateRenderMs, as SPAs do. A MutationObserver installed in the page's main world before any page
// script runs stamps performance.now() when the form is inserted (its callback runs in the microtask checkpoint
// right after the inserting task) and when data-keyhole-target appears (Keyhole sets it from its isolated world;
// DOM attributes are shared). Then, on the same page, the form is removed and re-inserted from its original HTML
// (an SPA re-render) several times: each insertion is one more sample.
//
// driver.js runs in a browser without Keyhole, on the same page and insertions, and is handed the very element
// Keyhole chose (found by a CSS path recorded in the Keyhole run) from the same observer callback that stamps the
// insertion; its marker is the driver-active-element class. In that run the observer first forces the page's own
// layout of the inserted form and records how long it took (pageLayoutAfterInsert): a floor that any highlighter
// reading the target's box must wait for.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { newPage, sleep, median, round, summary, log, ROOT } from '../lib.mjs';

const DRIVER_JS = readFileSync(join(ROOT, 'node_modules/driver.js/dist/driver.js.iife.js'), 'utf8');
const DRIVER_CSS = readFileSync(join(ROOT, 'node_modules/driver.js/dist/driver.css'), 'utf8');

/** Installed in the main world before page scripts. */
function recorder(driverCss) {
  const kh = (window.__kh = { inserts: [], marks: [], nodes: null, html: null, driverPath: null, driver: null, clicks: [], verdicts: [], layouts: [], laidOut: [] });
  // The end of the next rendering update (after rAF callbacks and layout, before paint): a new ResizeObserver's
  // first observation fires there. Used to stamp when a highlight that was just placed gets drawn.
  const stampDrawn = (mark) => {
    const ro = new ResizeObserver(() => {
      mark.drawn = performance.now();
      ro.disconnect();
    });
    ro.observe(document.documentElement);
  };
  const cssPath = (el) => {
    if (el.id) return `#${CSS.escape(el.id)}`;
    const parts = [];
    for (let n = el; n && n !== document.body; n = n.parentElement) {
      let i = 1;
      for (let s = n.previousElementSibling; s; s = s.previousElementSibling) i++;
      parts.unshift(`${n.tagName.toLowerCase()}:nth-child(${i})`);
    }
    return `body > ${parts.join(' > ')}`;
  };
  kh.cssPath = cssPath;
  const hasBoxes = (n) => n.nodeType === 1 && (n.matches('input[type=checkbox]') || n.querySelector('input[type=checkbox]'));
  new MutationObserver((records) => {
    const now = performance.now();
    for (const r of records) {
      if (r.type === 'childList') {
        if (!Array.from(r.addedNodes).some(hasBoxes)) continue;
        kh.inserts.push(now);
        kh.nodes = Array.from(r.addedNodes);
        kh.html = kh.nodes.map((n) => (n.nodeType === 1 ? n.outerHTML : n.nodeType === 3 ? n.data.replace(/&/g, '&amp;').replace(/</g, '&lt;') : '')).join('');
        // The page's own first layout of the inserted form, which any highlighter has to wait for: forced here, in
        // both browsers, before any other observer runs (this one is registered first), and stamped when done.
        document.documentElement.getBoundingClientRect();
        kh.layouts.push(performance.now() - now);
        kh.laidOut.push(performance.now());
        if (kh.driverPath && window.driver?.js) {
          const el = document.querySelector(kh.driverPath);
          kh.driver?.destroy();
          kh.driver = window.driver.js.driver({ stagePadding: 0, stageRadius: 0 });
          kh.driver.highlight({ element: el });
        }
      } else if (r.attributeName === 'data-keyhole-target') {
        if (r.target.hasAttribute('data-keyhole-target')) {
          const m = { t: now, path: cssPath(r.target), step: r.target.getAttribute('data-keyhole-target'), drawn: null };
          kh.marks.push(m);
          stampDrawn(m);
        }
      } else if (r.attributeName === 'class') {
        if (r.target.classList.contains('driver-active-element') && !(r.oldValue ?? '').includes('driver-active-element')) {
          const m = { t: now, path: cssPath(r.target), step: 'driver.js', drawn: null };
          kh.marks.push(m);
          stampDrawn(m);
        }
      } else if (r.attributeName === 'data-keyhole-verdict') {
        kh.verdicts.push({ t: now, el: r.target, v: r.target.getAttribute('data-keyhole-verdict') });
      }
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeOldValue: true, attributeFilter: ['data-keyhole-target', 'data-keyhole-verdict', 'class'] });
  // Clicks: stamped at the first listener of the dispatch (window, capture), before Keyhole's document listener.
  window.addEventListener('click', (e) => kh.clicks.push({ t: performance.now(), el: e.target }), true);
  if (driverCss) {
    document.addEventListener('DOMContentLoaded', () => {
      const s = document.createElement('style');
      s.textContent = driverCss;
      document.head.append(s);
    });
  }
}

async function until(page, fn, arg, timeout = 15000, every = 30) {
  const start = Date.now();
  for (;;) {
    const v = await page.evaluate(fn, arg);
    if (v) return v;
    if (Date.now() - start > timeout) return null;
    await sleep(every);
  }
}

/** Remove the inserted form (SPA navigates away), let the guide settle, then put the same HTML back. */
async function reinsert(page) {
  await page.evaluate(() => {
    const kh = window.__kh;
    const ph = document.createElement('div');
    ph.id = 'bench-placeholder';
    kh.nodes[0].before(ph);
    for (const n of kh.nodes) n.remove();
    kh.driver?.destroy();
    kh.driver = null;
  });
  // Settled: Keyhole has dropped its target with the form (or a second has passed).
  await until(page, () => !document.querySelector('[data-keyhole-target]'), null, 1000);
  await sleep(200);
  const before = await page.evaluate(() => ({ i: window.__kh.inserts.length, m: window.__kh.marks.length }));
  await page.evaluate(() => {
    const ph = document.getElementById('bench-placeholder');
    ph.outerHTML = window.__kh.html;
  });
  return before;
}

async function sampleAfter(page, before) {
  const got = await until(page, (b) => {
    const kh = window.__kh;
    if (kh.inserts.length <= b.i) return null;
    const t0 = kh.inserts[b.i];
    const m = kh.marks.slice(b.m).find((x) => x.t >= t0);
    if (!m || m.drawn == null) return null;
    const laidOut = kh.laidOut[b.i];
    return { ms: m.t - t0, overLayout: m.drawn - laidOut, path: m.path, step: m.step };
  }, before);
  return got;
}

export async function highlight({ withExt, without, tenant, profileId, pages, reps }) {
  const url = tenant.urls.profileEdit(profileId);
  const samples = { keyhole: [], keyholeCold: [], driver: [], driverCold: [], layout: [], keyholeOver: [], driverOver: [] };
  let path = null;
  let step = null;
  let verdict = null;
  // Interleaved: Keyhole's page p, then driver.js's page p, so both see the same machine load.
  for (let p = 0; p < pages; p++) {
    const page = await newPage(withExt, [tenant]);
    await page.evaluateOnNewDocument(recorder, null);
    await page.goto(url, { waitUntil: 'load' });
    const first = await sampleAfter(page, { i: 0, m: 0 });
    if (!first) throw new Error('Keyhole never highlighted on the late-rendered profile edit page');
    samples.keyholeCold.push(first.ms);
    samples.keyhole.push(first.ms);
    samples.keyholeOver.push(first.overLayout);
    path ??= first.path;
    step ??= first.step;
    for (let r = 0; r < reps; r++) {
      const before = await reinsert(page);
      const s = await sampleAfter(page, before);
      if (s) {
        samples.keyhole.push(s.ms);
        samples.keyholeOver.push(s.overLayout);
      } else log('highlight: no target after re-insertion', r);
    }
    if (p === 0) verdict = await verdicts(page);
    await page.close();

    const dpage = await newPage(without, [tenant]);
    await dpage.evaluateOnNewDocument(recorder, DRIVER_CSS);
    await dpage.evaluateOnNewDocument(DRIVER_JS);
    await dpage.evaluateOnNewDocument((p) => {
      window.__kh.driverPath = p;
    }, path);
    await dpage.goto(url, { waitUntil: 'load' });
    const dfirst = await sampleAfter(dpage, { i: 0, m: 0 });
    if (!dfirst) throw new Error('driver.js never highlighted');
    samples.driverCold.push(dfirst.ms);
    samples.driver.push(dfirst.ms);
    samples.driverOver.push(dfirst.overLayout);
    for (let r = 0; r < reps; r++) {
      const before = await reinsert(dpage);
      const s = await sampleAfter(dpage, before);
      if (s) {
        samples.driver.push(s.ms);
        samples.driverOver.push(s.overLayout);
      }
    }
    samples.layout.push(...(await dpage.evaluate(() => window.__kh.layouts)));
    await dpage.close();
  }
  log('highlight keyhole ms', summary(samples.keyhole), 'target', step, path);
  log('highlight driver.js ms', summary(samples.driver));
  log('highlight over layout: keyhole', summary(samples.keyholeOver), 'driver.js', summary(samples.driverOver));
  const k = median(samples.keyhole);
  const d = median(samples.driver);
  const ko = median(samples.keyholeOver);
  const dO = median(samples.driverOver);
  return {
    highlightOverLayoutMs: round(ko, 1),
    driverJsHighlightRatio: round(ko / dO, 2),
    highlightMsMedian: round(k, 1),
    driverJsHighlightMsMedian: round(d, 2),
    driverJsInsertToMarkRatio: round(k / d, 2),
    highlight: {
      page: url,
      target: { step, path },
      runs: pages,
      repsPerRun: reps,
      keyholeOverLayout: summary(samples.keyholeOver, 1),
      driverJsOverLayout: summary(samples.driverOver, 1),
      keyhole: summary(samples.keyhole, 1),
      keyholeFirstInsertOfPage: summary(samples.keyholeCold, 1),
      driverJs: summary(samples.driver, 2),
      driverJsFirstInsertOfPage: summary(samples.driverCold, 2),
      pageLayoutAfterInsert: summary(samples.layout, 1),
    },
    ...verdict,
  };
}

/**
 * verdictUpdateMsMedian: real mouse clicks (CDP Input) on object "Read" checkboxes of custom objects (verdict
 * review ⇄ ok), from the click event's first listener (window, capture, main world) to the MutationObserver record
 * of that checkbox's data-keyhole-verdict change.
 */
async function verdicts(page) {
  const n = Number(process.env.KEYHOLE_BENCH_CLICKS ?? 30);
  const handles = await page.$$('table.crudTable input[type=checkbox][title^="Read Objects"]');
  const ms = [];
  const misses = [];
  for (let i = 0; i < n && handles.length; i++) {
    const h = handles[(i * 7) % handles.length];
    await h.evaluate((el) => el.scrollIntoView({ block: 'center', behavior: 'instant' }));
    await sleep(60);
    const box = await h.boundingBox();
    const before = await page.evaluate(() => ({ c: window.__kh.clicks.length, v: window.__kh.verdicts.length }));
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const r = await until(page, (b) => {
      const kh = window.__kh;
      const c = kh.clicks[b.c];
      if (!c) return null;
      const v = kh.verdicts.slice(b.v).find((x) => x.el === c.el);
      if (v) return { ms: v.t - c.t, v: v.v };
      if (performance.now() - c.t > 2000) return { miss: c.el.outerHTML.slice(0, 100) };
      return null;
    }, before, 3000, 10);
    if (r?.ms != null) ms.push(r.ms);
    else misses.push(r?.miss ?? 'no click');
    await sleep(120);
  }
  log('verdict ms', summary(ms), 'misses', misses.length);
  return { verdictUpdateMsMedian: round(median(ms), 2), verdict: { clicks: summary(ms, 2), misses: misses.length, missExamples: misses.slice(0, 2) } };
}
