/**
 * A permission page, read for the planner: the facts it decides from (src/core/planner.ts), and the element each
 * plan target names. Only finding here; no decision.
 */
import type { Finding, Rule, Step } from '../src/format/types.ts';
import type { ConsoleMarkup } from '../src/core/markup.ts';
import type { PermissionPageState, PlanTarget } from '../src/core/planner.ts';
import { locate, locateActionable } from '../src/core/locator.ts';
import { actionableProxy, isVisible } from '../src/core/dom.ts';
import { ruleLabel, type CheckboxIndex } from '../src/core/validator.ts';
import type { Marks } from './marks.ts';

interface PermissionPage {
  state: PermissionPageState;
  /** The element of each plan target (looked up only for the target the plan picks, except those read as facts). */
  targets: Record<PlanTarget, () => Element | null>;
}

export function readPermissionPage(
  step: Step,
  index: CheckboxIndex,
  findings: Finding[],
  doc: Document,
  markup: ConsoleMarkup,
  marks: Marks,
  /** Required rules no item on the page matches (validator.ts absentRequiredRules; the agent caches them). */
  absentRules: Rule[],
): PermissionPage {
  const check = step.permissions!;
  // In index order (the agent's applyVerdicts), so the first is the box the 'first-problem' target picks below.
  const problems = findings.filter((f) => f.verdict === 'missing' || f.verdict === 'forbidden');
  const editEl = check.edit ? locate(check.edit, doc, markup) : null;
  const edit = editEl && isVisible(editEl) ? editEl : null;
  // A required item that is not on the page yet, and the control that brings it (e.g. a collapsed section).
  let reveal: Element | null = null;
  let revealFor: string | null = null;
  for (const r of absentRules) {
    const el = r.reveal ? locate(r.reveal, doc, markup) : null;
    if (el) {
      reveal = el;
      revealFor = ruleLabel(r);
      break;
    }
  }
  const more = problems.length ? null : index.moreBelow();
  const next = edit && check.next ? locateActionable(check.next, doc, markup) : null;
  return {
    state: {
      instruction: step.instruction,
      findings: findings.length,
      problems: problems.length,
      firstProblem: problems[0],
      reviews: findings.filter((f) => f.verdict === 'review').length,
      editable: !!edit,
      absent: absentRules.map(ruleLabel),
      absentBlocks: !check.requiredMayBeElsewhere,
      revealFor,
      moreBelow: !!more,
      hasNext: !!next,
      unreadable: !index.readability.readable,
      // The check's catalog did not reach this page: the planner's own words (reload), not the language notice.
      notice: index.catalogUnavailable ? null : (check.unreadableNotice ?? null),
    },
    targets: {
      edit: () => (edit ? actionableProxy(edit) : null),
      'first-problem': () => {
        for (const item of index.items.values()) {
          const v = marks.verdictOf(item.el);
          if (v === 'missing' || v === 'forbidden') return actionableProxy(item.el);
        }
        return null;
      },
      reveal: () => (reveal ? actionableProxy(reveal) : null),
      list: () => more,
      next: () => next,
      save: () => locateActionable(check.save, doc, markup),
      none: () => null,
    },
  };
}
