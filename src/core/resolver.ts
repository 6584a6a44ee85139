/**
 * Decides which step applies now, from the page's state alone. Admins wander: whatever page they are on,
 * the first step of the playbook that applies here and is not yet satisfied is the current one.
 */
import type { Playbook, Step } from '../format/types.ts';
import { evaluate, pageMatches, type PageContext } from './conditions.ts';
import { pageUrlMatches } from './url-match.ts';

export interface Resolution {
  /** The step to guide now on this page, or null when the playbook has nothing to do here. */
  current: Step | null;
  /** Steps of this page that the page shows as satisfied. */
  satisfied: Step[];
  /** Steps proven done elsewhere by evidence visible on this page, with the evidence note. */
  evidenced: Array<{ step: Step; note: string }>;
}

/** Steps whose URL matcher fits: the cheap first filter before any DOM work. */
export function stepsForUrl(playbook: Playbook, url: URL): Step[] {
  return playbook.steps.filter(
    (s) => pageUrlMatches(s.page, url) || (s.evidence ?? []).some((e) => pageUrlMatches(e.page, url)),
  );
}

export function resolve(steps: Step[], ctx: PageContext): Resolution {
  const satisfied: Step[] = [];
  const evidenced: Resolution['evidenced'] = [];
  let current: Step | null = null;
  for (const step of steps) {
    for (const ev of step.evidence ?? []) {
      if (pageMatches(ev.page, ctx) && evaluate(ev.condition, ctx)) {
        evidenced.push({ step, note: ev.note });
        break;
      }
    }
    if (current || !step.page || !pageMatches(step.page, ctx)) continue;
    if (step.when && !evaluate(step.when, ctx)) continue;
    if (step.complete && !step.warning && evaluate(step.complete, ctx)) {
      satisfied.push(step);
      continue;
    }
    current = step;
  }
  return { current, satisfied, evidenced };
}
