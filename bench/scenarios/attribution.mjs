// Keyhole's own main-thread time, from Chromium performance traces (bench/trace.mjs), in the browser with the
// extension and the Salesforce playbook active:
//  - keyholeIdleMsPerLoad / keyholeIdleMsPerMutationSecond: the heavy Lightning record page (no step concerns it),
//    whole load plus mutations (per load), and the settled window from 500 ms after `load` to the last mutation
//    tick (per second of mutations).
//  - keyholeShareOnPermissionPage / longestKeyholeTaskMs: the 481-object original-UI profile edit page (~3,000
//    boxes), from navigation until every verdict is written, then 3 s of page mutations (a row re-rendered from its
//    HTML and another row's box flipped every 50 ms). Share = Keyhole's time ÷ the main thread's task time.
//  - verdictsAfterPaintMs: first-contentful-paint of that page to the last verdict attribute write of the cold pass.
import { newPage, sleep, round, summary, log } from '../lib.mjs';
import { recordPageHandler } from '../pages.mjs';
import { attribute, stampUs, traced } from '../trace.mjs';

/**
 * `classic: true`: the same page at a Classic record URL (acme.my.salesforce.com/001…), where the content script is
 * loaded (no step concerns the page); by default the Lightning record page, where since session 8 nothing is loaded.
 * The keys get the suffix `Classic` then.
 */
export async function idleAttribution({ withExt, loads, classic = false }) {
  const handler = recordPageHandler({ ticks: 250, classic });
  const k = (key) => (classic ? `${key}Classic` : key);
  const host = new URL(handler.url).host;
  const perLoad = [];
  const perSecond = [];
  const details = [];
  for (let i = 0; i <= loads; i++) {
    const page = await newPage(withExt, [handler]);
    try {
      const trace = await traced(page, async () => {
        await page.goto(handler.url, { waitUntil: 'load' });
        const t0 = Date.now();
        while (!(await page.evaluate(() => document.documentElement.hasAttribute('data-bench-done')))) {
          if (Date.now() - t0 > 60000) throw new Error('record page never finished');
          await sleep(200);
        }
        await sleep(300);
      });
      if (i === 0) continue; // warm-up: first navigation pays process start-up and compile caches
      const all = attribute(trace, { extensionId: withExt.extensionId, pageHost: host });
      const from = stampUs(trace, 'bench-settled');
      const to = stampUs(trace, 'bench-mutations-end');
      const win = from && to && to > from ? attribute(trace, { extensionId: withExt.extensionId, pageHost: host, fromUs: from, toUs: to }) : null;
      perLoad.push(all.keyholeMs);
      if (win) perSecond.push(win.keyholeMs / ((to - from) / 1e6));
      details.push({ keyholeMs: round(all.keyholeMs, 3), pageMs: round(all.pageMs, 1), threads: all.threads, byFile: all.byFile, byEvent: all.byEvent, settledWindowS: win ? round((to - from) / 1e6, 2) : null, keyholeMsInWindow: win ? round(win.keyholeMs, 3) : null });
    } finally {
      await page.close();
    }
  }
  log(`idle attribution${classic ? ' (Classic record page)' : ''}: Keyhole ms per load`, summary(perLoad, 3), 'per mutation second', summary(perSecond, 3));
  return {
    [k('keyholeIdleMsPerLoad')]: perLoad.length ? summary(perLoad, 3).median : null,
    [k('keyholeIdleMsPerMutationSecond')]: perSecond.length ? summary(perSecond, 3).median : null,
    [k('idleAttribution')]: { page: handler.url, loads, perLoadMs: summary(perLoad, 3), perMutationSecondMs: summary(perSecond, 3), runs: details },
  };
}

/** Main world, before page scripts: the time of each verdict write. */
function verdictRecorder() {
  const kh = (window.__khv = { writes: 0, last: 0 });
  new MutationObserver((records) => {
    const now = performance.now();
    for (const r of records) if (r.attributeName === 'data-keyhole-verdict') {
      kh.writes++;
      kh.last = now;
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-keyhole-verdict'] });
}

export async function permissionAttribution({ withExt, tenant, profileId, loads }) {
  const url = tenant.urls.profileEdit(profileId);
  const host = new URL(url).host;
  const shares = [];
  const longest = [];
  const longestTasks = [];
  const afterPaint = [];
  const details = [];
  for (let i = 0; i < loads; i++) {
    const page = await newPage(withExt, [tenant]);
    await page.evaluateOnNewDocument(verdictRecorder);
    try {
      let cold = null;
      const trace = await traced(page, async () => {
        await page.goto(url, { waitUntil: 'load' });
        // Every verdict written: no new write for 1 s.
        const t0 = Date.now();
        for (;;) {
          const s = await page.evaluate(() => ({ w: window.__khv.writes, last: window.__khv.last, now: performance.now(), boxes: document.querySelectorAll('[data-keyhole-verdict]').length }));
          if (s.w > 0 && s.now - s.last > 1000) {
            cold = s;
            break;
          }
          if (Date.now() - t0 > 30000) throw new Error('verdicts never settled on the permission page');
          await sleep(100);
        }
        cold.fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null);
        await page.evaluate(
          () =>
            new Promise((res) => {
              const rows = Array.from(document.querySelectorAll('table.crudTable tr')).filter((r) => r.querySelector('input[type=checkbox]'));
              let n = 0;
              const timer = setInterval(() => {
                const row = rows[(n * 13) % rows.length];
                if (row.isConnected) {
                  const t = document.createElement('tbody');
                  t.innerHTML = row.outerHTML;
                  const fresh = t.firstElementChild;
                  row.replaceWith(fresh);
                  rows[(n * 13) % rows.length] = fresh;
                }
                const box = rows[(n * 29 + 5) % rows.length].querySelector('input[type=checkbox]');
                if (box) box.click();
                if (++n >= 60) {
                  clearInterval(timer);
                  res();
                }
              }, 50);
            }),
        );
        await sleep(300);
      });
      if (process.env.KEYHOLE_BENCH_SAVE_TRACE) (await import('node:fs')).writeFileSync(process.env.KEYHOLE_BENCH_SAVE_TRACE, JSON.stringify(trace));
      const a = attribute(trace, { extensionId: withExt.extensionId, pageHost: host });
      shares.push(a.keyholeMs / a.pageMs);
      longest.push(a.longestKeyholeMs);
      longestTasks.push(a.longestTaskWithKeyholeMs);
      if (cold.fcp != null) afterPaint.push(cold.last - cold.fcp);
      const top = [...a.tasks].sort((x, y) => y.keyholeMs - x.keyholeMs).slice(0, 3).map((t) => ({ taskMs: round(t.taskMs, 2), keyholeMs: round(t.keyholeMs, 2) }));
      details.push({ keyholeMs: round(a.keyholeMs, 1), keyholeForcedLayoutMs: round(a.keyholeForcedLayoutMs, 1), pageMs: round(a.pageMs, 1), keyholeTasks: a.tasks.length, topTasks: top, verdicts: cold.boxes, fcpMs: round(cold.fcp, 1), lastVerdictMs: round(cold.last, 1), byFile: a.byFile });
    } finally {
      await page.close();
    }
  }
  log('permission page: Keyhole share', summary(shares, 4), 'longest Keyhole time in one task', summary(longest, 2), 'verdicts after FCP', summary(afterPaint, 1));
  return {
    keyholeShareOnPermissionPage: summary(shares, 4).median,
    longestKeyholeTaskMs: round(Math.max(...longest), 2),
    verdictsAfterPaintMs: summary(afterPaint, 1).median,
    permissionAttribution: {
      page: url,
      loads,
      share: summary(shares, 4),
      longestKeyholeTaskMs: summary(longest, 2),
      longestTaskKeyholeRanInMs: summary(longestTasks, 2),
      verdictsAfterPaintMs: summary(afterPaint, 1),
      runs: details,
    },
  };
}
