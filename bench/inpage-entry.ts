/**
 * Bench-only bundle (built by bench/run.mjs into an IIFE, injected into a page's main world): Keyhole's own core
 * and agent code, so a full validation pass can be timed inside the page. Production never loads this file.
 */
import { CheckboxIndex, findingsOf, refreshAll } from '../src/core/validator.ts';
import { stepsForUrl } from '../src/core/resolver.ts';
import { builtinPlaybooks } from '../src/builtins.ts';
import { defaultParams, instantiate } from '../src/core/instantiate.ts';
import { Agent } from '../content-scripts/agent.ts';
import { catalogNamed } from '../src/consoles/catalogs.ts';

const pb = builtinPlaybooks().find((p) => p.id === 'drivetrain-salesforce-support')!;
const playbook = instantiate(pb, defaultParams(pb));
const step = playbook.steps.find((s) => s.id === 'profile-permissions')!;

(window as unknown as { __khBench: unknown }).__khBench = {
  CheckboxIndex,
  refreshAll,
  findingsOf,
  check: step.permissions!,
  /** The check's catalog, as the agent has it (verdicts by effect). */
  catalog: catalogNamed(step.permissions!.catalog),
  playbook,
  /** An agent wired to this window, its per-visit state set up as beginVisit() would, without observers. */
  agent(): { evaluate(): void; findings: unknown[] } {
    // The catalogs as the background publishes them with the playbook.
    const catalogs = JSON.parse(JSON.stringify({ salesforce: catalogNamed('salesforce') }));
    const agent = new Agent(playbook, { win: window, send: () => {}, catalogs });
    const a = agent as unknown as { steps: unknown; evaluate(): void; findings: unknown[] };
    a.steps = stepsForUrl(playbook, new URL(location.href));
    return a;
  },
};
