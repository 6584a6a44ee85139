/**
 * A permission page, read for the planner: the facts it decides from (src/core/planner.ts), and the element each
 * plan target names. Only finding here; no decision.
 */
import type { Finding, Rule, Step } from '../src/format/types.ts';
import type { ConsoleMarkup } from '../src/core/markup.ts';
import type { FirstProblem, PermissionPageState, PlanTarget } from '../src/core/planner.ts';
import { locate, locateActionable } from '../src/core/locator.ts';
import { actionableProxy, isVisible } from '../src/core/dom.ts';
import { absentRequiredRules, ruleLabel, type CheckboxIndex } from '../src/core/validator.ts';
import type { Marks } from './marks.ts';

/** What the admin reads when the check's catalog did not reach this page (the page is treated as unreadable). */
const CATALOG_UNAVAILABLE =
  'Keyhole could not load what these permissions grant, so it marks nothing as fine and will not point you to Save. Reload this page.';

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
  absentRules: Rule[] = absentRequiredRules(step.permissions!, findings),
): PermissionPage {
  const check = step.permissions!;
  const problems = findings.filter((f) => f.verdict === 'missing' || f.verdict === 'forbidden').length;
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
  const first = problems ? firstProblemOf(index, findings, marks) : null;
  const more = problems ? null : index.moreBelow();
  const next = edit && check.next ? locateActionable(check.next, doc, markup) : null;
  return {
    state: {
      instruction: step.instruction,
      findings: findings.length,
      problems,
      reviews: findings.filter((f) => f.verdict === 'review').length,
      editable: !!edit,
      absent: absentRules.map(ruleLabel),
      absentBlocks: !check.requiredMayBeElsewhere,
      revealFor,
      moreBelow: !!more,
      hasNext: !!next,
      unreadable: !index.readability.readable,
      notice: index.catalogUnavailable ? CATALOG_UNAVAILABLE : (check.unreadableNotice ?? null),
      firstProblem: first?.problem ?? null,
    },
    targets: {
      edit: () => (edit ? actionableProxy(edit) : null),
      'first-problem': () => (first ? actionableProxy(first.el) : null),
      reveal: () => (reveal ? actionableProxy(reveal) : null),
      list: () => more,
      next: () => next,
      save: () => locateActionable(check.save, doc, markup),
      none: () => null,
    },
  };
}

/**
 * The first indexed item, in index order, whose verdict is missing or forbidden: the box the 'fix' plan highlights,
 * and what the card says about it. The findings are the items with a verdict, in the same order (the agent's
 * applyVerdicts), so the n-th item with a verdict mark is the n-th finding.
 */
function firstProblemOf(index: CheckboxIndex, findings: Finding[], marks: Marks): { el: Element; problem: FirstProblem } | null {
  let n = 0;
  for (const item of index.items.values()) {
    const v = marks.verdictOf(item.el);
    if (!v) continue;
    const f = findings[n++] as Finding | undefined;
    if (v !== 'missing' && v !== 'forbidden') continue;
    // Mark and finding agree unless the page changed the mark in between: then say what the item itself knows.
    const same = f && f.name === item.name && f.verdict === v;
    return {
      el: item.el,
      problem: { label: (same && f.label) || item.label || item.name, verdict: v, reason: same ? f.reason : item.reason },
    };
  }
  return null;
}
