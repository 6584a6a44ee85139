/**
 * The permission-page planner: what a page of checkboxes needs from the admin next, decided from plain facts the
 * content script reads off the page. Pure, so every case is a row of a table test (tests/unit/planner.test.ts);
 * the agent only finds the elements and renders the plan.
 *
 * In order: make a read-only page editable before anything must change; fix the first wrong box; bring an absent
 * required item onto the page; scroll a virtual list to its end; on a read-only page already as required, report
 * the check done and point onwards; fail closed while a required item that belongs on this page is not on it;
 * otherwise Save. `review` items never block.
 */

import { t } from './texts.ts';

export interface PermissionPageState {
  /** The step's instruction. */
  instruction: string;
  /** Items judged on this page (any verdict). */
  findings: number;
  /** Items that are missing or forbidden. */
  problems: number;
  /** Items that are on and neither required nor forbidden. */
  reviews: number;
  /** The page is read-only and its Edit control is visible. */
  editable: boolean;
  /** Labels of required rules that no item on the page matches. */
  absent: string[];
  /**
   * Required items belong on this page (the check does not allow them elsewhere): while one is absent, the check
   * cannot be complete here, so Save is never the target.
   */
  absentBlocks: boolean;
  /** The label of the first absent required item whose reveal control (e.g. a collapsed section) is on the page. */
  revealFor: string | null;
  /** A required list still has options below the fold (only looked at when nothing is a problem). */
  moreBelow: boolean;
  /** The control that moves on from a read-only page is on the page. */
  hasNext: boolean;
  /** Most permission labels are unknown (another language): fail closed, never Save. */
  unreadable?: boolean;
  /** What to tell the admin then (the console's words: how to switch their language). */
  notice?: string | null;
  /** The first box to change (the one the 'first-problem' target highlights), when there is a problem. */
  firstProblem?: FirstProblem | null;
}

/**
 * The box the 'fix' plan highlights (its finding): its name (`label` as the page shows it: page text), whether it
 * must be ticked (missing) or unticked (forbidden), and why.
 */
interface FirstProblem {
  name: string;
  label?: string;
  verdict: 'missing' | 'forbidden' | 'ok' | 'review';
  reason: string;
}

export type PermissionAction = 'edit' | 'fix' | 'reveal' | 'scroll' | 'done-readonly' | 'absent' | 'save' | 'unreadable';

/** Which control the plan highlights. */
export type PlanTarget = 'edit' | 'first-problem' | 'reveal' | 'list' | 'next' | 'save' | 'none';

interface PermissionPlan {
  action: PermissionAction;
  target: PlanTarget;
  text: string;
  tone: 'warn' | 'ok';
  /** The check is complete on this page (read-only view as required): report the step done. */
  done: boolean;
}

export function plan(s: PermissionPageState): PermissionPlan {
  const absent = s.absent.join(', ');
  const f = s.firstProblem;
  // 'warn' while anything blocks: a wrong box, or no target at all (Keyhole will not point to Save).
  const p = (action: PermissionAction, target: PlanTarget, text: string, done = false): PermissionPlan => ({
    action,
    target,
    tone: s.problems || target === 'none' ? 'warn' : 'ok',
    done,
    text: absent && (s.findings || s.absentBlocks) ? t('planNotFound', text, absent) : text,
  });
  if (s.editable && s.problems) return p('edit', 'edit', t('planEditFirst', s.instruction));
  // The highlighted box by name, and why, first: the card may be cut at its maximum height on a short frame, and
  // this is what the admin acts on (the page's label: text only; the overlay lists every name). readPermissionPage
  // always gives the first problem with a problem.
  if (s.problems) {
    return p('fix', 'first-problem', f ? t(f.verdict === 'forbidden' ? 'planUntick' : 'planTick', f.label || f.name, f.reason, s.instruction) : s.instruction);
  }
  // Fail closed: Keyhole cannot read most labels, so it can neither say the page is fine nor point to Save.
  if (s.unreadable) {
    return p('unreadable', 'none', t('planNotVerified', s.notice ?? t('planUnreadable')));
  }
  if (s.revealFor !== null) {
    return p('reveal', 'reveal', t('planReveal', s.instruction, s.revealFor));
  }
  if (s.moreBelow) return p('scroll', 'list', t('planScroll', s.instruction));
  if (s.editable && !absent) {
    let text = s.reviews ? t('planReadonlyReview', s.reviews) : t('planReadonlyDone');
    if (s.hasNext) text += ` ${t('planNext')}`;
    return p('done-readonly', 'next', text, true);
  }
  if (s.editable) return p('edit', 'edit', t('planEditFirst', s.instruction));
  // Fail closed: a required item that belongs on this page is not on it (renamed, hidden, another layout), so the
  // check cannot be complete here. Saved anyway, the checklist lists it as not seen and the step stays open.
  if (absent && s.absentBlocks) {
    return p('absent', 'none', t('planAbsent', s.instruction));
  }
  return p('save', 'save', s.reviews ? t('planSaveReview', s.reviews) : t('planSave'));
}
