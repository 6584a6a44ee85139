/** Revoke reminders: which steps mean "access exists now", and where the revoke steps start. */
import type { Playbook } from '../src/core/types.ts';
import type { Run } from '../src/progress/state.ts';

export const revokeAlarmName = (playbookId: string) => `revoke:${playbookId}`;

/** Access exists once any grant step is done: the reminder counts from the first one Keyhole sees. */
export function grantStepIds(pb: Playbook): string[] {
  return pb.steps.filter((s) => s.phase === 'grant').map((s) => s.id);
}

/** The vendor page of the first revoke step, on the tenant the admin used. */
export function revokeUrl(pb: Playbook, run: Run): string | null {
  const step = pb.steps.find((s) => s.phase === 'revoke' && s.open);
  if (!step?.open || !run.tenant) return null;
  if (/^https:\/\//.test(step.open)) return step.open.replace('{{origin}}', `https://${run.tenant}`);
  return `https://${run.tenant}${step.open.startsWith('/') ? '' : '/'}${step.open}`;
}
