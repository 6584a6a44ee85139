/** Revoke reminders, decided from plain data: which steps mean "access exists now", alarm names, when to fire. */
import type { Playbook } from '../format/types.ts';
import type { Run } from './state.ts';
import { revokeDone } from './view.ts';

const REVOKE_PREFIX = 'revoke:';
export const revokeAlarmName = (playbookId: string) => `${REVOKE_PREFIX}${playbookId}`;
export const playbookOfAlarm = (name: string): string | null => (name.startsWith(REVOKE_PREFIX) ? name.slice(REVOKE_PREFIX.length) : null);

/** Access exists once any grant step is done: the reminder counts from the first one Keyhole sees. */
export function grantStepIds(pb: Playbook): string[] {
  return pb.steps.filter((s) => s.phase === 'grant').map((s) => s.id);
}

/** When the alarm of a run should fire, or null when it should not exist (no reminder, or already revoked). */
export function alarmTime(pb: Playbook | undefined, run: Run, now: number, remindedFor?: number | null): number | null {
  if (!run.revokeDueAt || !run.revokeDays) return null;
  if (pb && revokeDone(pb, run)) return null;
  // Fired once for this due date already (a changed number of days sets a new due date, and a new alarm).
  if (remindedFor === run.revokeDueAt) return null;
  // A due date passed while the browser was closed fires as soon as possible.
  return Math.max(run.revokeDueAt, now + 1000);
}
