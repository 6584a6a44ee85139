/**
 * The revoke reminder: one alarm per run with an armed, not yet revoked reminder; a notification when it fires;
 * a click on it opens the revoke steps. When to fire is decided in src/progress/reminder.ts.
 */
import browser from 'webextension-polyfill';
import type { Playbook } from '../src/format/types.ts';
import { armReminder, runView, runViews, type State, type StoredRun } from '../src/progress/state.ts';
import { revokeDone, revokeStepUrl } from '../src/progress/view.ts';
import { alarmTime, grantStepIds, playbookOfAlarm, revokeAlarmName } from '../src/progress/reminder.ts';
import { exclusive, findPlaybook, isRecord, publishActive, readState, update } from './store.ts';

/** storage.local key: playbook id → the due date whose notification was shown. */
const REMINDED_KEY = 'keyhole.reminded';

/** Arm the run's reminder once access has been granted (a state transform for `update`). */
export function armRun(s: State, pb: Playbook, now: number): State {
  const run = s.runs[pb.id];
  if (!run) return s;
  const armed = armReminder(run, grantStepIds(pb), now);
  return armed === run ? s : { ...s, runs: { ...s.runs, [pb.id]: armed } };
}

/** Make the alarms match the state: one per run with an armed, not yet revoked reminder; none for the rest. */
export async function syncAlarms(state: State): Promise<void> {
  const now = Date.now();
  const storedReminded = (await browser.storage.local.get(REMINDED_KEY))[REMINDED_KEY];
  const reminded = (isRecord(storedReminded) ? storedReminded : {}) as Record<string, number>;
  for (const stored of Object.values(state.runs)) {
    const run = unrevoked(await findPlaybook(stored.playbookId), stored);
    const name = revokeAlarmName(run.playbookId);
    const when = alarmTime(await findPlaybook(run.playbookId), run, now, reminded[run.playbookId]);
    const existing = await browser.alarms.get(name);
    if (when !== null) {
      const overdue = run.revokeDueAt! <= now;
      const keep = existing && (overdue || existing.scheduledTime === run.revokeDueAt);
      if (!keep) await browser.alarms.create(name, { when });
    } else if (existing) {
      await browser.alarms.clear(name);
    }
  }
  for (const alarm of await browser.alarms.getAll()) {
    const id = playbookOfAlarm(alarm.name);
    if (id && !state.runs[id]) await browser.alarms.clear(alarm.name);
  }
}

/** The tenant a reminder is about: the most recent one where access is not revoked yet (else the most recent). */
function unrevoked(pb: Playbook | undefined, run: StoredRun) {
  return (pb && runViews(run).find((v) => !revokeDone(pb, v))) || runView(run);
}

export async function fireReminder(playbookId: string): Promise<void> {
  const state = await readState();
  const pb = await findPlaybook(playbookId);
  const run = state.runs[playbookId] && unrevoked(pb, state.runs[playbookId]);
  if (!run || !pb || revokeDone(pb, run)) return;
  const due = run.revokeDueAt ? ` (due ${new Date(run.revokeDueAt).toLocaleDateString()})` : '';
  await browser.notifications.create(revokeAlarmName(playbookId), {
    type: 'basic',
    iconUrl: browser.runtime.getURL('icons/icon-128.png'),
    title: `Revoke ${pb.vendor.name}'s access`,
    message: `The temporary access you granted for “${pb.title}” is due to be revoked${due}. Click to open the revoke steps.`,
    priority: 2,
  });
  await exclusive(async () => {
    const got = ((await browser.storage.local.get(REMINDED_KEY))[REMINDED_KEY] ?? {}) as Record<string, number>;
    await browser.storage.local.set({ [REMINDED_KEY]: { ...(isRecord(got) ? got : {}), [playbookId]: run.revokeDueAt ?? 0 } });
  });
}

/** The notification opens the revoke steps: the playbook becomes active and the console's revoke page opens. */
export async function openRevoke(id: string): Promise<void> {
  const state = await readState();
  const pb = await findPlaybook(id);
  const run = state.runs[id] && unrevoked(pb, state.runs[id]);
  if (!run || !pb) return;
  // Opening the revoke steps from the reminder starts revoking: revoke steps win on shared pages from now on.
  const next = await update([
    ...(state.activeId !== id ? [{ type: 'start' as const, playbookId: id, playbookVersion: pb.version, params: run.params, revokeDays: run.revokeDays, now: Date.now() }] : []),
    { type: 'revoke-start', playbookId: id, now: Date.now() },
  ]);
  await publishActive(next);
  const report = `${browser.runtime.getURL('popup/report.html')}?playbook=${encodeURIComponent(id)}#revoke`;
  await browser.tabs.create({ url: revokeStepUrl(pb, run) ?? report });
}
