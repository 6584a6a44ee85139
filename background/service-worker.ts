/**
 * Background worker: the only writer of progress, the gate for every message, and the revoke reminder.
 * Listeners are registered synchronously at top level so a restarted worker handles the event that woke it.
 */
import browser from 'webextension-polyfill';
import type { Runtime } from 'webextension-polyfill';
import { STORAGE, checkContentMessage, type ActivePlaybook, type Message } from '../src/messages.ts';
import { isVendorHost } from '../src/vendors/hosts.ts';
import { compileRegex } from '../src/core/text.ts';
import { parsePlaybook } from '../src/playbook/schema.ts';
import type { Playbook } from '../src/core/types.ts';
import { allPlaybooks } from '../src/playbook/registry.ts';
import { defaultParams, instantiate } from '../src/playbook/instantiate.ts';
import { armReminder, type State } from '../src/progress/state.ts';
import { revokeDone } from '../src/progress/view.ts';
import { exclusive, readState, update } from './store.ts';
import { REMINDED_KEY, alarmTime, grantStepIds, playbookOfAlarm, revokeAlarmName, revokeUrl } from './reminders.ts';
import { importRefused, onPolicyChange, readPolicy, revokeDaysRefused, startRevokeDays, withPolicy } from './policy.ts'; // issue 12: managed policy

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The stored imports as a plain record; anything else (damaged storage) counts as none. */
function storedImports(v: unknown): Record<string, unknown> {
  return isRecord(v) ? { ...v } : {};
}

async function importedPlaybooks(): Promise<Record<string, Playbook>> {
  const got = await browser.storage.local.get(STORAGE.imported);
  const raw = storedImports(got[STORAGE.imported]);
  const out: Record<string, Playbook> = {};
  for (const [id, v] of Object.entries(raw)) {
    const r = parsePlaybook(v);
    if (r.ok && r.playbook.id === id) out[id] = r.playbook;
  }
  return withPolicy(out, await readPolicy()); // issue 12: policy playbooks added, local imports hidden if IT turned imports off
}

async function findPlaybook(id: string): Promise<Playbook | undefined> {
  return (await allPlaybooks(await importedPlaybooks())).find((p) => p.id === id);
}

/** Access has been revoked: every required revoke step is done. */
function isRevoked(pb: Playbook, run: State['runs'][string]): boolean {
  const steps = pb.steps.filter((st) => st.phase === 'revoke' && !st.optional && !st.manual);
  return steps.length > 0 && steps.every((st) => run.steps[st.id]?.status === 'done');
}

/** Keep the content scripts' copy of the active playbook (parameters filled in) in step with the state. */
async function publishActive(state: State): Promise<void> {
  const run = state.activeId ? state.runs[state.activeId] : undefined;
  const pb = run ? await findPlaybook(run.playbookId) : undefined;
  if (!run || !pb) {
    await browser.storage.local.remove(STORAGE.active);
    return;
  }
  const active: ActivePlaybook = {
    playbook: instantiate(pb, { ...defaultParams(pb), ...run.params }),
    startedAt: run.startedAt,
    revoked: isRevoked(pb, run),
  };
  await browser.storage.local.set({ [STORAGE.active]: active });
}

/** Make the alarms match the state: one per run with an armed, not yet revoked reminder; none for the rest. */
async function syncAlarms(state: State): Promise<void> {
  const now = Date.now();
  const storedReminded = (await browser.storage.local.get(REMINDED_KEY))[REMINDED_KEY];
  const reminded = (isRecord(storedReminded) ? storedReminded : {}) as Record<string, number>;
  for (const run of Object.values(state.runs)) {
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

function oneLine(s: string): string {
  const t = s.replace(/\s+/g, ' ');
  return t.length > 500 ? `${t.slice(0, 499)}…` : t;
}

function isExtensionPage(sender: Runtime.MessageSender): boolean {
  const origin = new URL(browser.runtime.getURL('/')).origin;
  return !!sender.url && new URL(sender.url).origin === origin && !sender.tab?.url?.startsWith('http');
}

async function handleContent(raw: unknown, sender: Runtime.MessageSender): Promise<unknown> {
  const msg = checkContentMessage(raw);
  if (!msg || !sender.url || !sender.tab) return { ok: false };
  const host = new URL(sender.url).hostname;
  if (!isVendorHost(host)) return { ok: false };
  const state = await readState();
  if (state.activeId !== msg.playbookId) return { ok: false };
  const pb = await findPlaybook(msg.playbookId);
  if (!pb || !pb.app.hosts.some((h) => compileRegex(h)?.test(host))) return { ok: false };
  const step = pb.steps.find((s) => s.id === msg.stepId);
  if (!step) return { ok: false };
  const now = Date.now();
  if (msg.kind === 'keyhole/step') {
    const before = state.runs[pb.id];
    const next = await update(
      [{ type: 'step', playbookId: pb.id, stepId: step.id, status: msg.status, how: 'observed', note: msg.note, tenant: host, now }],
      (s) => armRun(s, pb, now),
    );
    await syncAlarms(next);
    // Once access is revoked, the page stops guiding the grant steps (never back to "create the user").
    const after = next.runs[pb.id];
    if (before && after && isRevoked(pb, before) !== isRevoked(pb, after)) await publishActive(next);
    return { ok: true };
  }
  if (!step.permissions) return { ok: false };
  await update([
    {
      type: 'findings',
      playbookId: pb.id,
      snapshot: { checkId: msg.checkId, title: msg.title, stepId: step.id, at: observedAt(msg.at, now), tenant: host, savedAt: msg.saved ? observedAt(msg.at, now) : null, items: msg.items },
      now,
    },
  ]);
  return { ok: true };
}

/** The content script's observation time, trusted only within a plausible window around the worker's clock. */
function observedAt(at: number | undefined, now: number): number {
  return at !== undefined && at <= now + 5_000 && at >= now - 15 * 60_000 ? at : now;
}

function armRun(s: State, pb: Playbook, now: number): State {
  const run = s.runs[pb.id];
  if (!run) return s;
  const armed = armReminder(run, grantStepIds(pb), now);
  return armed === run ? s : { ...s, runs: { ...s.runs, [pb.id]: armed } };
}

async function handlePopup(msg: Message): Promise<unknown> {
  const now = Date.now();
  switch (msg.kind) {
    case 'keyhole/start': {
      const pb = await findPlaybook(msg.playbookId);
      if (!pb) return { ok: false, error: 'unknown playbook' };
      const state = await update([
        { type: 'start', playbookId: pb.id, playbookVersion: pb.version, params: defaultParams(pb), revokeDays: startRevokeDays(pb.revokeAfterDays ?? null, await readPolicy()), now }, // issue 12: policy days win
      ]);
      await publishActive(state);
      return { ok: true };
    }
    case 'keyhole/stop': {
      const state = await update([{ type: 'stop', now }]);
      await publishActive(state);
      return { ok: true };
    }
    case 'keyhole/reset': {
      const state = await update([{ type: 'reset', playbookId: msg.playbookId, now }]);
      await publishActive(state);
      await syncAlarms(state);
      return { ok: true };
    }
    case 'keyhole/mark': {
      const pb = await findPlaybook(msg.playbookId);
      if (!pb?.steps.some((s) => s.id === msg.stepId)) return { ok: false };
      const state = await update(
        [
          msg.done
            ? { type: 'step', playbookId: pb.id, stepId: msg.stepId, status: 'done', how: 'manual', note: 'Marked done by the admin.', tenant: null, now }
            : { type: 'unmark', playbookId: pb.id, stepId: msg.stepId, now },
        ],
        (s) => armRun(s, pb, now),
      );
      await syncAlarms(state);
      if (pb.steps.find((s) => s.id === msg.stepId)?.phase === 'revoke') await publishActive(state);
      return { ok: true };
    }
    case 'keyhole/revoke-days': {
      const days = msg.days === null ? null : Math.round(Number(msg.days));
      if (days !== null && !(days >= 1 && days <= 365)) return { ok: false, error: 'days must be 1-365' };
      const refused = revokeDaysRefused(days, await readPolicy()); // issue 12: policy caps the reminder
      if (refused) return { ok: false, error: refused };
      const state = await update([{ type: 'revoke-days', playbookId: msg.playbookId, days, now }]);
      await syncAlarms(state);
      return { ok: true };
    }
    case 'keyhole/params': {
      const pb = await findPlaybook(msg.playbookId);
      if (!pb) return { ok: false };
      const params: Record<string, string> = {};
      for (const [k, v] of Object.entries(msg.params ?? {})) {
        const spec = pb.params[k];
        if (!spec || typeof v !== 'string' || v.length > 200) continue;
        if (spec.pattern && !compileRegex(spec.pattern)?.test(v)) return { ok: false, error: `${spec.label} does not look right` };
        params[k] = v;
      }
      const state = await update([{ type: 'params', playbookId: pb.id, params, now }]);
      await publishActive(state);
      return { ok: true };
    }
    case 'keyhole/import': {
      const blocked = importRefused(await readPolicy()); // issue 12: policy may turn imports off
      if (blocked) return { ok: false, errors: [blocked] };
      if (typeof msg.json !== 'string') return { ok: false, errors: ['(root): expected the text of a JSON file'] };
      if (msg.json.length > 1_000_000) return { ok: false, errors: ['(root): the file is larger than 1 MB'] };
      const r = parsePlaybook(msg.json);
      // One short line per problem: a JSON syntax error quotes the file around the bad character.
      if (!r.ok) return { ok: false, errors: r.errors.slice(0, 50).map(oneLine) };
      // "constructor" fits the id pattern but is a name every plain object inherits: never a storage key.
      if (r.playbook.id in Object.prototype) return { ok: false, errors: [`id: "${r.playbook.id}" is a reserved name`] };
      const builtin = (await allPlaybooks({})).some((p) => p.id === r.playbook.id);
      if (builtin) return { ok: false, errors: [`id: "${r.playbook.id}" is a built-in playbook id`] };
      const playbook = r.playbook;
      await exclusive(async () => {
        const got = await browser.storage.local.get(STORAGE.imported);
        const imported = { ...storedImports(got[STORAGE.imported]), [playbook.id]: playbook };
        await browser.storage.local.set({ [STORAGE.imported]: imported });
      });
      return { ok: true, id: playbook.id };
    }
    case 'keyhole/remove-playbook': {
      if ((await allPlaybooks({})).some((p) => p.id === msg.playbookId)) return { ok: false, error: 'built-in playbooks cannot be removed' };
      await exclusive(async () => {
        const got = await browser.storage.local.get(STORAGE.imported);
        const imported = storedImports(got[STORAGE.imported]);
        delete imported[msg.playbookId];
        await browser.storage.local.set({ [STORAGE.imported]: imported });
      });
      const state = await update([{ type: 'reset', playbookId: msg.playbookId, now }]);
      await publishActive(state);
      await syncAlarms(state);
      return { ok: true };
    }
    case 'keyhole/dismiss-notice':
      await update([{ type: 'dismiss-notice', now }]);
      return { ok: true };
    case 'keyhole/test-fire-reminder':
      await fireReminder(msg.playbookId);
      return { ok: true };
    default:
      return { ok: false };
  }
}

async function fireReminder(playbookId: string): Promise<void> {
  const state = await readState();
  const run = state.runs[playbookId];
  const pb = await findPlaybook(playbookId);
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

browser.runtime.onMessage.addListener((raw: unknown, sender: Runtime.MessageSender) => {
  if (sender.id !== browser.runtime.id) return undefined;
  const kind = (raw as { kind?: string } | null)?.kind;
  if (kind === 'keyhole/step' || kind === 'keyhole/findings') return handleContent(raw, sender).catch(() => ({ ok: false }));
  if (typeof kind === 'string' && kind.startsWith('keyhole/') && isExtensionPage(sender)) {
    return handlePopup(raw as Message).catch((e: Error) => ({ ok: false, error: e.message }));
  }
  return undefined;
});

browser.alarms.onAlarm.addListener((alarm) => {
  const id = playbookOfAlarm(alarm.name);
  if (id) void fireReminder(id);
});

/** The notification opens the revoke steps: the playbook becomes active and the vendor's revoke page opens. */
async function openRevoke(id: string): Promise<void> {
  const state = await readState();
  const run = state.runs[id];
  const pb = await findPlaybook(id);
  if (!run || !pb) return;
  if (state.activeId !== id) {
    const next = await update([{ type: 'start', playbookId: id, playbookVersion: pb.version, params: run.params, revokeDays: run.revokeDays, now: Date.now() }]);
    await publishActive(next);
  }
  const report = `${browser.runtime.getURL('popup/report.html')}?playbook=${encodeURIComponent(id)}#revoke`;
  await browser.tabs.create({ url: revokeUrl(pb, run) ?? report });
}

browser.notifications.onClicked.addListener((notificationId) => {
  const id = playbookOfAlarm(notificationId);
  if (!id) return;
  void openRevoke(id).finally(() => browser.notifications.clear(notificationId));
});

/** After a restart or update: migrate state, re-publish the active playbook, re-arm reminders. */
async function restore(): Promise<void> {
  const state = await update([]);
  await publishActive(state);
  await syncAlarms(state);
}
browser.runtime.onStartup.addListener(() => void restore());
onPolicyChange(() => void restore()); // issue 12: a policy change re-publishes the active playbook and re-syncs alarms
browser.runtime.onInstalled.addListener(() => void restore());
