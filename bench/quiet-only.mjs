#!/usr/bin/env node
// Keyhole's time on a permission page that has gone quiet (the admin reading it): the 481-object original-UI
// profile edit page, traced from navigation to 5 s; Keyhole's attributed tasks after 1.5 s and in the 3–5 s window
// (bench/trace.mjs). `npx vite build && node bench/quiet-only.mjs`; KEYHOLE_OUT picks another build, LOADS (4) the
// number of loads (the first is a warm-up). BENCHMARKS.md, "Session 6".
import { createSalesforceTenant } from '../tests/fixtures/salesforce/tenant.mjs';
import { launch, startPlaybook, newPage, sleep } from './lib.mjs';
import { traced, attribute } from './trace.mjs';

const withExt = await launch({ extension: true });
try {
  await startPlaybook(withExt);
  const tenant = createSalesforceTenant({ layout: 'classic', objectCount: 481, existingIntegrationProfile: true });
  const url = tenant.urls.profileEdit(tenant.profileByName('Drivetrain Integration').id);
  for (let run = 0; run < Number(process.env.LOADS ?? 4); run++) {
    const page = await newPage(withExt, [tenant]);
    const trace = await traced(page, async () => {
      await page.goto(url, { waitUntil: 'load' });
      await sleep(5000);
    });
    await page.close();
    if (run === 0) continue;
    const a = attribute(trace, { extensionId: withExt.extensionId, pageHost: new URL(url).host });
    const t0 = a.tasks[0].ts;
    const from = (ms) => a.tasks.filter((t) => t.ts - t0 >= ms * 1000);
    const sum = (ts) => ts.reduce((s, t) => s + t.keyholeMs, 0);
    const late = from(1500);
    const quiet = from(3000);
    console.log(`after 1.5 s: ${late.length} tasks, ${sum(late).toFixed(1)} ms (largest ${Math.max(0, ...late.map((t) => t.keyholeMs)).toFixed(1)}); 3–5 s: ${quiet.length} tasks, ${sum(quiet).toFixed(2)} ms`);
  }
} finally {
  await withExt.close();
}
