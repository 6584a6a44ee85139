// validateMsMedian: one full validation pass over a page with ~3,000 checkboxes. The content script lives in an
// isolated world that the page cannot call into, so Keyhole's own core (src/core/validator.ts CheckboxIndex) and
// agent (content-scripts/agent.ts) are bundled from source by Vite into a bench-only script (bench/inpage-entry.ts)
// and injected into the page's main world, in a browser without the extension. Same code, same page, timed with
// performance.now() in the page:
//  - validateMsMedian: refreshAll + findingsOf (CheckboxIndex) with the Salesforce profile rules, the pass the agent
//    repeats after every batch of mutations once the page is indexed;
//  - validateColdMs: the first pass (naming and classifying every checkbox);
//  - evaluatePassMsMedian / evaluatePassColdMs: the agent's whole per-frame pass (resolve the step, validate, write
//    verdict attributes, choose the target, render the overlay).
import { newPage, sleep, median, round, summary, log } from '../lib.mjs';

export async function validate({ without, tenant, profileId, bundle, reps }) {
  const page = await newPage(without, [tenant]);
  try {
    await page.goto(tenant.urls.profileEdit(profileId), { waitUntil: 'load' });
    await page.addScriptTag({ content: bundle });
    await sleep(200);
    const r = await page.evaluate(async (reps) => {
      const B = window.__khBench;
      const frame = () => new Promise((res) => requestAnimationFrame(() => setTimeout(res, 0)));
      document.documentElement.getBoundingClientRect();
      const boxes = document.querySelectorAll('input[type=checkbox]').length;
      let t = performance.now();
      const idx = new B.CheckboxIndex(B.check, document, undefined, B.catalog);
      B.refreshAll(idx);
      let f = B.findingsOf(idx);
      const cold = performance.now() - t;
      const warm = [];
      for (let i = 0; i < reps; i++) {
        await frame();
        t = performance.now();
        B.refreshAll(idx);
        f = B.findingsOf(idx);
        warm.push(performance.now() - t);
      }
      const agent = B.agent();
      t = performance.now();
      agent.evaluate();
      const agentCold = performance.now() - t;
      const agentWarm = [];
      for (let i = 0; i < reps; i++) {
        await frame();
        t = performance.now();
        agent.evaluate();
        agentWarm.push(performance.now() - t);
      }
      return { boxes, items: idx.items.size, findings: f.length, agentFindings: agent.findings.length, cold, warm, agentCold, agentWarm, target: document.querySelector('[data-keyhole-target]')?.getAttribute('data-keyhole-target') ?? null };
    }, reps);
    log('validate', r.boxes, 'boxes; refresh+findings', summary(r.warm), 'agent pass', summary(r.agentWarm));
    return {
      validateMsMedian: round(median(r.warm), 2),
      validateColdMs: round(r.cold, 1),
      evaluatePassMsMedian: round(median(r.agentWarm), 2),
      evaluatePassColdMs: round(r.agentCold, 1),
      validate: { checkboxes: r.boxes, indexed: r.items, findings: r.findings, agentStep: r.target, refreshFindings: summary(r.warm, 2), agentPass: summary(r.agentWarm, 2) },
    };
  } finally {
    await page.close();
  }
}
