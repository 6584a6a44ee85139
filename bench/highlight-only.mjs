#!/usr/bin/env node
// The highlight scenario alone (issue 13's highlightOverLayoutMs, driver.js beside), for before/after comparisons
// without the whole bench: `npx vite build && node bench/highlight-only.mjs`. Knobs: KEYHOLE_BENCH_HIGHLIGHT_PAGES (3),
// KEYHOLE_BENCH_HIGHLIGHT_REPS (5). The last stdout line is one JSON object (the figures plus the load average).
import os from 'node:os';
import { createSalesforceTenant } from '../tests/fixtures/salesforce/tenant.mjs';
import { launch, startPlaybook, log, round } from './lib.mjs';
import { highlight } from './scenarios/highlight.mjs';

const pages = Number(process.env.KEYHOLE_BENCH_HIGHLIGHT_PAGES) > 0 ? Number(process.env.KEYHOLE_BENCH_HIGHLIGHT_PAGES) : 3;
const reps = Number(process.env.KEYHOLE_BENCH_HIGHLIGHT_REPS) > 0 ? Number(process.env.KEYHOLE_BENCH_HIGHLIGHT_REPS) : 5;
const withExt = await launch({ extension: true });
const without = await launch({ extension: false });
try {
  await startPlaybook(withExt);
  const late = createSalesforceTenant({ layout: 'classic', objectCount: 400, existingIntegrationProfile: true, lateRenderMs: 1000 });
  const loadAvg = os.loadavg().map((x) => round(x, 2));
  log('highlight after a late insertion, driver.js beside…', 'load average', loadAvg.join(' '));
  const out = await highlight({ withExt, without, tenant: late, profileId: late.profileByName('Drivetrain Integration').id, pages, reps });
  console.log(JSON.stringify({ loadAvg, highlightOverLayoutMs: out.highlightOverLayoutMs, driverJsHighlightRatio: out.driverJsHighlightRatio, highlightMsMedian: out.highlightMsMedian }));
} finally {
  await withExt.close();
  await without.close();
}
