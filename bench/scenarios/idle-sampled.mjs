// keyholeIdleSampledMsPerLoad: Keyhole's JavaScript on a page no step concerns, by CPU profile (CDP Profiler, 50 µs
// sampling) instead of by trace. A trace attributes a promise continuation (the storage read's callback, `run()` in
// content-scripts/main.ts) to no script, so the traced `keyholeIdleMsPerLoad` leaves it out; a sample's stack still
// holds Keyhole's frames. The heavy Lightning record page, playbook active; per load, the sampled time whose stack
// holds a frame of Keyhole's URL (its natives included, e.g. the extension API's first access). Sampling slows the
// code it samples, and a 50 µs grid is coarse for a 1 ms figure: read it beside the traced one, and compare builds
// with it, not with traces. BENCHMARKS.md, "Session 6".
import { newPage, sleep, summary, log } from '../lib.mjs';
import { recordPageHandler } from '../pages.mjs';

/** `classic: true`: the Classic record URL, where the content script loads (keys suffixed `Classic`; attribution.mjs). */
export async function idleSampled({ withExt, loads, classic = false }) {
  const handler = recordPageHandler({ ticks: 20, classic });
  const prefix = `chrome-extension://${withExt.extensionId}/`;
  const perLoad = [];
  const byFunction = new Map();
  for (let i = 0; i <= loads; i++) {
    const page = await newPage(withExt, [handler]);
    let profile;
    try {
      const cdp = await page.createCDPSession();
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
      await cdp.send('Profiler.start');
      await page.goto(handler.url, { waitUntil: 'load' });
      await sleep(1500);
      ({ profile } = await cdp.send('Profiler.stop'));
    } finally {
      await page.close();
    }
    if (i === 0) continue; // warm-up
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    let ms = 0;
    for (let s = 0; s < profile.samples.length; s++) {
      const d = (profile.timeDeltas[s + 1] ?? 0) / 1000;
      const stack = [];
      for (let p = profile.samples[s]; p != null; p = parent.get(p)) stack.push(byId.get(p).callFrame);
      if (!stack.some((f) => f.url.startsWith(prefix))) continue;
      ms += d;
      const f = stack[0];
      const k = `${f.functionName || '(top level)'}${f.url ? '' : ' [native]'}`;
      byFunction.set(k, (byFunction.get(k) ?? 0) + d);
    }
    perLoad.push(ms);
  }
  const s = summary(perLoad, 3);
  log(`idle, sampled${classic ? ' (Classic record page)' : ''}: Keyhole ms per load`, s);
  const top = [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([fn, total]) => ({ fn, msPerLoad: Math.round((total / perLoad.length) * 1000) / 1000 }));
  const k = (key) => (classic ? `${key}Classic` : key);
  return { [k('keyholeIdleSampledMsPerLoad')]: s.median, [k('idleSampled')]: { page: handler.url, loads, samplingUs: 50, perLoadMs: s, topFunctions: top } };
}
