/**
 * Decides which step applies now, from the page's state alone. Admins wander: whatever page they are on,
 * the first step of the playbook that applies here and is not yet satisfied is the current one.
 */
import type { Playbook, Step } from '../format/types.ts';
import { evaluate, pageMatches, type PageContext } from './conditions.ts';
import { pageUrlMatches } from './url-match.ts';
import { locate } from './locator.ts';

export interface Resolution {
  /** The step to guide now on this page, or null when the playbook has nothing to do here. */
  current: Step | null;
  /** Steps of this page that the page shows as satisfied. */
  satisfied: Step[];
  /** Steps proven done elsewhere by evidence visible on this page, with the evidence note. */
  evidenced: Array<{ step: Step; note: string }>;
  /** Form steps whose value differs from the suggestion but is acceptable: done, with this warning. */
  accepted: Array<{ step: Step; note: string }>;
}

/** Steps whose URL matcher fits: the cheap first filter before any DOM work. */
export function stepsForUrl(playbook: Playbook, url: URL): Step[] {
  return playbook.steps.filter(
    (s) => pageUrlMatches(s.page, url) || (s.evidence ?? []).some((e) => pageUrlMatches(e.page, url)),
  );
}

/** The admin is still in this step's control (typing): a value is judged once they leave it. */
function focusedOn(step: Step, ctx: PageContext): boolean {
  const active = ctx.doc.activeElement;
  if (!active || active === ctx.doc.body || !step.target) return false;
  const el = locate(step.target, ctx.doc);
  return !!el && (el === active || el.contains(active));
}

function isSatisfied(step: Step, ctx: PageContext): boolean {
  return !!step.complete && !step.warning && evaluate(step.complete, ctx);
}

const sameTrigger = (a: Step, b: Step) => JSON.stringify(a.page) === JSON.stringify(b.page) && JSON.stringify(a.when ?? null) === JSON.stringify(b.when ?? null);

/**
 * Resolution rules, in order: the first step of this page that applies (page, `when`) and is not satisfied is
 * current. A step is satisfied by `complete`, or by `accept` once the admin has left its control (a harmless
 * difference is a warning, never a block). An optional step never shadows a required step offered by the same
 * control (same page and `when`, e.g. one row menu with Refresh token and Delete): the required one is current.
 * Phase order (revoke first once revoking has started) is the caller's: it passes the steps in that order.
 */
export function resolve(steps: Step[], ctx: PageContext): Resolution {
  const satisfied: Step[] = [];
  const evidenced: Resolution['evidenced'] = [];
  const accepted: Resolution['accepted'] = [];
  let current: Step | null = null;
  steps.forEach((step, i) => {
    for (const ev of step.evidence ?? []) {
      if (pageMatches(ev.page, ctx) && evaluate(ev.condition, ctx)) {
        evidenced.push({ step, note: ev.note });
        break;
      }
    }
    if (current || !step.page || !pageMatches(step.page, ctx)) return;
    if (step.when && !evaluate(step.when, ctx)) return;
    if (isSatisfied(step, ctx)) {
      satisfied.push(step);
      return;
    }
    if (step.accept && !step.warning && !focusedOn(step, ctx) && evaluate(step.accept.when, ctx)) {
      accepted.push({ step, note: step.accept.note });
      return;
    }
    if (step.optional && steps.slice(i + 1).some((r) => !r.optional && sameTrigger(step, r) && !isSatisfied(r, ctx))) return;
    current = step;
  });
  return { current, satisfied, evidenced, accepted };
}
