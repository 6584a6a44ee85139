// contentScriptHeapBytes: the content script's heap growth on the 400-object profile edit page after a minute of
// mutations (KEYHOLE_BENCH_HEAP_SECONDS, default 60).
//
// All JavaScript worlds of a renderer share one V8 heap, so the content script's share cannot be read directly.
// The same page runs, at the same time, in the browser with Keyhole (playbook active, the page guided) and in the
// browser without it; each measures V8 heap used (CDP Runtime.getHeapUsage) after a forced full GC
// (HeapProfiler.collectGarbage) once the page is ready and again after the mutations. Keyhole's growth is
// growth(with) − growth(without). DOM node counts (Memory.getDOMCounters) are reported the same way, because a
// content script that keeps removed elements alive holds them in Blink's heap, not V8's.
//
// The mutations, every 50 ms: one object-permission row re-rendered from its HTML (new elements, as SPA frameworks
// do), one checkbox's checked attribute flipped on another row, a status text and a class changed.
import { newPage, sleep, round, log } from '../lib.mjs';

function mutator() {
  const rows = () => document.querySelectorAll('table.crudTable tr.crudTable, table.crudTable tr:has(input[type=checkbox])');
  const status = document.createElement('div');
  status.id = 'bench-status';
  document.body.prepend(status);
  let n = 0;
  window.__benchMut = setInterval(() => {
    const all = rows();
    if (!all.length) return;
    const row = all[(n * 7919) % all.length];
    const html = row.outerHTML.replace(/ data-keyhole-[a-z]+="[^"]*"/g, '');
    const t = document.createElement('tbody');
    t.innerHTML = html;
    row.replaceWith(t.firstElementChild);
    const other = all[(n * 104729 + 13) % all.length].querySelector('input[type=checkbox]');
    if (other && other.isConnected) other.toggleAttribute('checked');
    status.textContent = `tick ${n}`;
    status.className = n % 2 ? 'odd' : 'even';
    n++;
  }, 50);
}

async function measure(page) {
  const cdp = await page.createCDPSession();
  await cdp.send('HeapProfiler.enable');
  const read = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    await sleep(100);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    const dom = await cdp.send('Memory.getDOMCounters');
    return { used: heap.usedSize, nodes: dom.nodes, listeners: dom.jsEventListeners, documents: dom.documents };
  };
  return { read, cdp };
}

export async function heap({ withExt, without, tenant, profileId, seconds }) {
  const url = tenant.urls.profileEdit(profileId);
  const pages = [];
  for (const b of [withExt, without]) {
    const page = await newPage(b, [tenant]);
    await page.goto(url, { waitUntil: 'load' });
    pages.push(page);
  }
  // Ready: Keyhole has indexed the page and shows its target.
  await pages[0].waitForSelector('[data-keyhole-target]', { timeout: 20000 });
  // …and its cold pass has finished: the cold index is sliced, so the target appears before every box is read, and
  // a "before" taken then would count the rest of the first index as growth. Settled = the verdict count unchanged
  // for 1 s.
  let last = -1;
  let stableSince = Date.now();
  for (const t0 = Date.now(); Date.now() - t0 < 30000; ) {
    const n = await pages[0].evaluate(() => document.querySelectorAll('[data-keyhole-verdict]').length);
    if (n !== last) {
      last = n;
      stableSince = Date.now();
    } else if (Date.now() - stableSince >= 1000) break;
    await sleep(100);
  }
  await sleep(500);
  const m = await Promise.all(pages.map(measure));
  const before = await Promise.all(m.map((x) => x.read()));
  await Promise.all(pages.map((p) => p.evaluate(mutator)));
  log(`heap: ${seconds} s of mutations in both browsers`);
  await sleep(seconds * 1000);
  await Promise.all(pages.map((p) => p.evaluate(() => clearInterval(window.__benchMut))));
  await sleep(500); // Keyhole's last batched pass
  const after = await Promise.all(m.map((x) => x.read()));
  const stillGuided = await pages[0].evaluate(() => !!document.querySelector('[data-keyhole-target]'));
  const verdicts = await pages[0].evaluate(() => document.querySelectorAll('[data-keyhole-verdict]').length);
  await Promise.all(pages.map((p) => p.close()));
  const growth = (i, k) => after[i][k] - before[i][k];
  const res = {
    contentScriptHeapBytes: growth(0, 'used') - growth(1, 'used'),
    heap: {
      seconds,
      withKeyhole: { before: before[0], after: after[0] },
      withoutKeyhole: { before: before[1], after: after[1] },
      heapUsedAtStartDifferenceBytes: before[0].used - before[1].used,
      domNodeGrowthDifference: growth(0, 'nodes') - growth(1, 'nodes'),
      stillGuidedAfter: stillGuided,
      verdictAttributesAfter: verdicts,
    },
  };
  log('heap', JSON.stringify(res));
  return res;
}

export const heapMB = (b) => round(b / 1048576, 2);
