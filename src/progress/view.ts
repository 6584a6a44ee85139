/** What the popup and the checklist show for a step. Pure. */
import type { Step } from '../core/types.ts';
import type { Run } from './state.ts';

export type StepView = 'done' | 'current' | 'attention' | 'todo';

export function stepStatus(step: Step, run: Run): StepView {
  const rec = run.steps[step.id];
  if (rec?.status === 'attention') return 'attention';
  if (rec?.status === 'done') return 'done';
  if (run.current?.stepId === step.id) return 'current';
  return 'todo';
}
