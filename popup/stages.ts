/**
 * Where the admin is in a playbook, for the popup: stages in order with their state, the playbook's progress, and
 * which steps only the admin can vouch for. Pure (no browser APIs); built on src/progress/view.ts.
 */
import type { Playbook, Step } from '../src/format/types.ts';
import type { Run } from '../src/progress/state.ts';
import { byStage, currentStep, listedSteps, revokeDone } from '../src/progress/view.ts';

export type StageState = 'done' | 'current' | 'attention' | 'todo';

interface StageView {
  stage: string;
  steps: Step[];
  state: StageState;
  done: number;
  /** Steps of the stage that count (not optional, not a warning); alternatives of another path included. */
  total: number;
  attention: number;
}

/** Keyhole can observe a step when it has a page, a completion condition, evidence or a permission check. */
export function observable(step: Step): boolean {
  return !!(step.page || step.complete || step.evidence?.length || step.permissions);
}

const counts = (s: Step) => !s.optional && !s.warning;

/**
 * Stages in order of first appearance. The stage of the current step is `current`; stages before it are `done`
 * (alternatives of another path stay open inside them, so position decides, not "every step done"); a stage with
 * a step that needs attention says so wherever it is.
 */
export function stageViews(pb: Playbook, run: Run): StageView[] {
  const cur = currentStep(pb, run);
  const groups = byStage(listedSteps(pb, run));
  const curIndex = cur ? groups.findIndex((g) => g.stage === cur.stage) : groups.length;
  return groups.map((g, i) => {
    const steps = g.steps;
    const done = steps.filter((s) => counts(s) && run.steps[s.id]?.status === 'done').length;
    const total = steps.filter(counts).length;
    const attention = steps.filter((s) => run.steps[s.id]?.status === 'attention').length;
    const state: StageState = i === curIndex ? 'current' : attention ? 'attention' : i < curIndex ? 'done' : 'todo';
    return { stage: g.stage, steps, state, done, total, attention };
  });
}

/**
 * The playbook's progress as a fraction: finished stages, plus how far into the current stage the current step
 * is. 1 once every step is done and access is revoked.
 */
export function progress(pb: Playbook, run: Run): { value: number; stageIndex: number; stages: number; stage: string | null } {
  const stages = stageViews(pb, run);
  const i = stages.findIndex((s) => s.state === 'current');
  if (i < 0) {
    const finished = revokeDone(pb, run) || !currentStep(pb, run);
    return { value: finished ? 1 : 0, stageIndex: stages.length, stages: stages.length, stage: null };
  }
  const cur = currentStep(pb, run)!;
  const inStage = stages[i].steps.filter(counts);
  const at = Math.max(0, inStage.findIndex((s) => s.id === cur.id));
  const within = inStage.length ? at / inStage.length : 0;
  return { value: (i + within) / stages.length, stageIndex: i, stages: stages.length, stage: stages[i].stage };
}

/** Days from now to a due date, for "in 3 days" / "2 days overdue". */
export function relativeDays(due: number, now: number): string {
  const days = Math.round((due - now) / 86_400_000);
  if (due < now) return days === 0 ? 'overdue' : `${-days} day${days === -1 ? '' : 's'} overdue`;
  if (days === 0) return 'today';
  return `in ${days} day${days === 1 ? '' : 's'}`;
}
