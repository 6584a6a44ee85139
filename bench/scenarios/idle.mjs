// idleOverheadRatio: main-thread scripting time (CDP Performance.getMetrics ScriptDuration, all worlds of the
// page's renderer, so the content script's isolated world counts too) of a heavy record page at its Classic URL
// (where the content script loads; since session 8 nothing is loaded into the Lightning one), from
// navigation until the page's own mutation script has finished, in a browser with Keyhole loaded and the
// Salesforce playbook ACTIVE vs. a browser without Keyhole. Runs alternate A B B A ... in the same process
// run, and the ratio is median(with) / median(without).
import { newPage, sleep, median, round, summary, log } from '../lib.mjs';
import { recordPageHandler } from '../pages.mjs';

async function once(b, handler) {
  const page = await newPage(b, [handler]);
  try {
    const cdp = await page.createCDPSession();
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    const metric = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const t0 = Date.now();
    await page.goto(handler.url, { waitUntil: 'load' });
    const t1 = Date.now();
    // Poll from outside (puppeteer's waitForSelector would run a MutationObserver in the page, and its cost would count).
    while (!(await page.evaluate(() => document.documentElement.hasAttribute('data-bench-done')))) {
      if (Date.now() - t0 > 60000) throw new Error('record page never finished');
      await sleep(200);
    }
    if (process.env.KEYHOLE_BENCH_DEBUG) log('idle run', b.extension ? 'with' : 'without', 'load', t1 - t0, 'done', Date.now() - t0);
    await sleep(150); // let a content script that is still loading finish: its cost belongs to the page
    const m = await metric();
    return { script: m.ScriptDuration * 1000, task: m.TaskDuration * 1000, nodes: m.Nodes, listeners: m.JSEventListeners, errors: page.__errors ?? [] };
  } finally {
    await page.close();
  }
}

export async function idleOverhead({ withExt, without, pairs }) {
  // The Classic record URL: the content script loads there (on the Lightning one, nothing does: src/consoles/hosts.ts).
  const handler = recordPageHandler({ classic: true });
  // Warm both browsers (first navigation pays process start-up and compile caches).
  await once(withExt, handler);
  await once(without, handler);
  const a = [];
  const b = [];
  for (let i = 0; i < pairs; i++) {
    const order = i % 2 ? [without, withExt] : [withExt, without];
    for (const br of order) {
      const r = await once(br, handler);
      (br === withExt ? a : b).push(r);
    }
  }
  const ratio = median(a.map((r) => r.script)) / median(b.map((r) => r.script));
  const taskRatio = median(a.map((r) => r.task)) / median(b.map((r) => r.task));
  const paired = a.map((r, i) => r.script / b[i].script);
  log('idle: script ms with', summary(a.map((r) => r.script)), 'without', summary(b.map((r) => r.script)));
  return {
    idleOverheadRatio: round(ratio, 3),
    idle: {
      page: handler.url,
      runsEach: pairs,
      scriptMsWith: summary(a.map((r) => r.script), 1),
      scriptMsWithout: summary(b.map((r) => r.script), 1),
      taskDurationRatio: round(taskRatio, 3),
      pairedRatio: summary(paired, 3),
      pageErrors: [...new Set([...a, ...b].flatMap((r) => r.errors))],
    },
  };
}
