#!/usr/bin/env node
// The permission-page attribution scenario alone (issue 13's warm-pass figures), for before/after comparisons
// without the whole bench: `npx vite build && node bench/attribution-only.mjs`. Knob: KEYHOLE_BENCH_TRACE_LOADS (5).
// The last stdout line is one JSON object (the scenario's figures plus the load average at its start).
import os from 'node:os';
import { createSalesforceTenant } from '../tests/fixtures/salesforce/tenant.mjs';
import { launch, startPlaybook, log, round } from './lib.mjs';
import { permissionAttribution } from './scenarios/attribution.mjs';

const loads = Number(process.env.KEYHOLE_BENCH_TRACE_LOADS) > 0 ? Number(process.env.KEYHOLE_BENCH_TRACE_LOADS) : 5;
const withExt = await launch({ extension: true });
try {
  await startPlaybook(withExt);
  const tenant = createSalesforceTenant({ layout: 'classic', objectCount: 481, existingIntegrationProfile: true });
  const loadAvg = os.loadavg().map((x) => round(x, 2));
  log('trace attribution on a 3,000-box permission page…', 'load average', loadAvg.join(' '));
  const out = await permissionAttribution({ withExt, tenant, profileId: tenant.profileByName('Drivetrain Integration').id, loads });
  if (!process.env.KEYHOLE_BENCH_RUNS) delete out.permissionAttribution?.runs;
  console.log(JSON.stringify({ loadAvg, ...out }));
} finally {
  await withExt.close();
}
