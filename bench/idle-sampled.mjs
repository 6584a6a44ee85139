#!/usr/bin/env node
// Keyhole's JavaScript on a page no step concerns, by CPU profile (50 µs sampling) rather than by trace: a trace
// attributes a promise continuation (the storage read's callback, `run()` in content-scripts/main.ts) to no script,
// so `keyholeIdleMsPerLoad` leaves it out. The heavy Lightning record page; sampled ms per load whose stack holds
// Keyhole's URL, and the functions that took most. `npx vite build && node bench/idle-sampled.mjs`; KEYHOLE_OUT,
// LOADS (8; the first is a warm-up). An unminified build (KEYHOLE_NO_MINIFY=1) gives function names.
// BENCHMARKS.md, "Session 6". Profiling slows the code it samples: compare builds with this script, not with traces.
import { launch, startPlaybook, newPage, sleep } from './lib.mjs';
import { recordPageHandler } from './pages.mjs';

const withExt = await launch({ extension: true });
try {
  await startPlaybook(withExt);
  const handler = recordPageHandler({ ticks: 20 });
  const per = [];
  for (let run = 0; run < Number(process.env.LOADS ?? 8); run++) {
    const page = await newPage(withExt, [handler]);
    const cdp = await page.createCDPSession();
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
    await cdp.send('Profiler.start');
    await page.goto(handler.url, { waitUntil: 'load' });
    await sleep(1500);
    const { profile } = await cdp.send('Profiler.stop');
    await page.close();
    if (run === 0) continue;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    let ms = 0;
    const fns = new Map();
    for (let i = 0; i < profile.samples.length; i++) {
      const d = (profile.timeDeltas[i + 1] ?? 0) / 1000;
      const stack = [];
      for (let p = profile.samples[i]; p != null; p = parent.get(p)) stack.push(byId.get(p).callFrame);
      if (!stack.some((f) => f.url.startsWith(`chrome-extension://${withExt.extensionId}/`))) continue;
      ms += d;
      const f = stack[0];
      const k = `${f.functionName || '(top level)'}${f.url ? '' : ' [native]'}`;
      fns.set(k, (fns.get(k) ?? 0) + d);
    }
    per.push(ms);
    console.log(`${ms.toFixed(2)} ms: ${[...fns].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')}`);
  }
  per.sort((a, b) => a - b);
  console.log(`sampled Keyhole ms per load: median ${per[Math.floor(per.length / 2)].toFixed(2)} (${per.map((x) => x.toFixed(2)).join(' ')})`);
} finally {
  await withExt.close();
}
