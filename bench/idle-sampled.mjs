#!/usr/bin/env node
// The sampled idle figure alone (bench/scenarios/idle-sampled.mjs): `npx vite build && node bench/idle-sampled.mjs`.
// KEYHOLE_OUT picks another build (an unminified one, KEYHOLE_NO_MINIFY=1, gives function names); LOADS (7) the
// loads after one warm-up; CLASSIC=1 the Classic record URL (where the content script loads). The last stdout line is
// one JSON object.
import { launch, startPlaybook } from './lib.mjs';
import { idleSampled } from './scenarios/idle-sampled.mjs';

const withExt = await launch({ extension: true });
try {
  await startPlaybook(withExt);
  console.log(JSON.stringify(await idleSampled({ withExt, loads: Number(process.env.LOADS) > 0 ? Number(process.env.LOADS) : 7, classic: !!process.env.CLASSIC })));
} finally {
  await withExt.close();
}
