/**
 * Shared by the unit tests that run the content agent on a page in happy-dom (not a test file itself): the built-in
 * Salesforce playbook with its default parameters, and a wait for the work a page change starts.
 */
import type { Window } from 'happy-dom';
import { builtinPlaybooks } from '../../src/builtins.ts';
import { defaultParams, instantiate } from '../../src/core/instantiate.ts';

/** Drivetrain's Salesforce playbook, instantiated with its default parameters. */
export const salesforcePlaybook = (() => {
  const pb = builtinPlaybooks().find((p) => p.id === 'drivetrain-salesforce-support')!;
  return instantiate(pb, defaultParams(pb));
})();

/**
 * Two frames, then the chain of tasks they start: the first index of a visit starts in a task after the pass, four
 * tasks prepare it (slicing.test.ts counts them), the naming slices follow, and a slow complete pass finishes in one
 * task more.
 */
export async function frames(w: Window): Promise<void> {
  await new Promise((r) => w.requestAnimationFrame(() => w.requestAnimationFrame(r)));
  for (let i = 0; i < 8; i++) await new Promise((r) => w.setTimeout(r, 0));
}
