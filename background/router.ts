/**
 * The routing table: every message the worker accepts, who may send it, and what it does. Content-script
 * messages come from console pages and are checked by shape (src/messages.ts), by sender host and against the
 * active playbook; popup commands come only from the extension's own pages.
 */
import type { Runtime } from 'webextension-polyfill';
import { checkContentMessage, type ContentMessage, type PopupMessage } from '../src/messages.ts';
import type { Playbook } from '../src/format/types.ts';
import { runView, type State } from '../src/progress/state.ts';
import { isConsoleHost, tenantOfHost } from '../src/consoles/hosts.ts';
import { compileRegex } from '../src/core/text.ts';
import { defaultParams } from '../src/core/instantiate.ts';
import { revokeDone, revokeStarted } from '../src/progress/view.ts';
import { findPlaybook, publishActive, readState, update, writeFailure } from './store.ts';
import { importPlaybook, removePlaybook } from './imports.ts';
import { armRun, fireReminder, syncAlarms } from './reminders.ts';
import { readPolicy } from './policy.ts'; // issue 12: managed policy
import { importRefused, revokeDaysRefused, startRevokeDays } from '../src/progress/policy.ts';

type Reply = Promise<unknown>;

/** Step reports and findings snapshots from a content script on a console page. */
export async function routeContent(raw: unknown, sender: Runtime.MessageSender): Reply {
  const msg = checkContentMessage(raw);
  if (!msg || !sender.url || !sender.tab) return { ok: false };
  const host = new URL(sender.url).hostname;
  if (!isConsoleHost(host)) return { ok: false };
  const state = await readState();
  if (state.activeId !== msg.playbookId) return { ok: false };
  const pb = await findPlaybook(msg.playbookId);
  if (!pb || !pb.app.hosts.some((h) => compileRegex(h)?.test(host))) return { ok: false };
  if (msg.kind === 'keyhole/identity') return routeIdentity(msg, pb, state);
  const step = pb.steps.find((s) => s.id === msg.stepId);
  if (!step) return { ok: false };
  const now = Date.now();
  // Progress and evidence are kept per tenant (one org, whichever of its hosts the frame is on).
  const tenantKey = tenantOfHost(host);
  if (msg.kind === 'keyhole/step') {
    const before = state.runs[pb.id] ? runView(state.runs[pb.id], tenantKey) : undefined;
    const next = await update(
      [{ type: 'step', playbookId: pb.id, stepId: step.id, status: msg.status, how: 'observed', note: msg.note, tenant: host, tenantKey, now: observedAt(msg.at, now) }],
      (s) => armRun(s, pb, now),
    );
    await syncAlarms(next);
    // Once access is revoked, the page stops guiding the grant steps (never back to "create the user").
    const after = next.runs[pb.id] ? runView(next.runs[pb.id], tenantKey) : undefined;
    // Once revoking has started (the admin's first revoke action), revoke steps win on shared pages.
    if (before && after && (revokeDone(pb, before) !== revokeDone(pb, after) || revokeStarted(pb, before) !== revokeStarted(pb, after))) await publishActive(next);
    return { ok: true };
  }
  if (!step.permissions) return { ok: false };
  const at = observedAt(msg.at, now);
  await update([
    {
      type: 'findings',
      playbookId: pb.id,
      snapshot: { checkId: msg.checkId, title: msg.title, stepId: step.id, at, tenant: host, savedAt: msg.saved ? at : null, items: msg.items, ...(msg.notSeen ? { notSeen: msg.notSeen } : {}), ...(msg.unverified ? { unverified: msg.unverified } : {}) },
      tenantKey,
      now,
    },
  ]);
  return { ok: true };
}

/** The popup's tenant for a mark: a bounded string, or null (the run's only or latest tenant). */
function tenantArg(t: unknown): string | null {
  return typeof t === 'string' && t.length <= 253 ? t : null;
}

/**
 * One of the playbook's objects seen on the page: store its id and name (and the admin's answers), and let the name
 * the admin typed or confirmed replace the suggested parameter, so every later step follows the admin's name.
 */
async function routeIdentity(msg: Extract<ContentMessage, { kind: 'keyhole/identity' }>, pb: Playbook, state: State): Reply {
  const spec = Object.prototype.hasOwnProperty.call(pb.objects, msg.object) ? pb.objects[msg.object] : undefined;
  if (!spec) return { ok: false };
  const now = Date.now();
  const run = state.runs[pb.id];
  const param = pb.params[spec.param];
  const events: Parameters<typeof update>[0] = [{ type: 'identity', playbookId: pb.id, object: msg.object, record: msg.record, reject: msg.reject, now }];
  if (msg.record && param && run) {
    if (param.pattern && !compileRegex(param.pattern)?.test(msg.record.name)) return { ok: false };
    if ((run.params[spec.param] ?? param.default) !== msg.record.name) events.push({ type: 'params', playbookId: pb.id, params: { [spec.param]: msg.record.name }, now });
  }
  const key = (r: State['runs'][string] | undefined) => JSON.stringify([r?.identities, r?.others, r?.params]);
  const next = await update(events);
  if (key(next.runs[pb.id]) !== key(run)) await publishActive(next);
  return { ok: true };
}

/** The content script's observation time, trusted only within a plausible window around the worker's clock. */
function observedAt(at: number | undefined, now: number): number {
  return at !== undefined && at <= now + 5_000 && at >= now - 15 * 60_000 ? at : now;
}

type Handlers = { [K in PopupMessage['kind']]: (msg: Extract<PopupMessage, { kind: K }>, now: number) => Reply };

const POPUP: Handlers = {
  'keyhole/start': async (msg, now) => {
    const pb = await findPlaybook(msg.playbookId);
    if (!pb) return { ok: false, error: 'unknown playbook' };
    const state = await update([
      { type: 'start', playbookId: pb.id, playbookVersion: pb.version, params: defaultParams(pb), revokeDays: startRevokeDays(pb.revokeAfterDays ?? null, await readPolicy()), now }, // issue 12: policy days win
    ]);
    await publishActive(state);
    return { ok: true };
  },
  'keyhole/stop': async (_msg, now) => {
    await publishActive(await update([{ type: 'stop', now }]));
    return { ok: true };
  },
  'keyhole/reset': async (msg, now) => {
    const state = await update([{ type: 'reset', playbookId: msg.playbookId, now }]);
    await publishActive(state);
    await syncAlarms(state);
    return { ok: true };
  },
  'keyhole/mark': async (msg, now) => {
    const pb = await findPlaybook(msg.playbookId);
    if (!pb?.steps.some((s) => s.id === msg.stepId)) return { ok: false };
    const state = await update(
      [
        msg.done
          ? { type: 'step', playbookId: pb.id, stepId: msg.stepId, status: 'done', how: 'manual', note: 'Marked done by the admin.', tenant: null, tenantKey: tenantArg(msg.tenant), now }
          : { type: 'unmark', playbookId: pb.id, stepId: msg.stepId, tenantKey: tenantArg(msg.tenant), now },
      ],
      (s) => armRun(s, pb, now),
    );
    await syncAlarms(state);
    if (pb.steps.find((s) => s.id === msg.stepId)?.phase === 'revoke') await publishActive(state);
    return { ok: true };
  },
  'keyhole/revoke-days': async (msg, now) => {
    const days = msg.days === null ? null : Math.round(Number(msg.days));
    if (days !== null && !(days >= 1 && days <= 365)) return { ok: false, error: 'days must be 1-365' };
    const refused = revokeDaysRefused(days, await readPolicy()); // issue 12: policy caps the reminder
    if (refused) return { ok: false, error: refused };
    await syncAlarms(await update([{ type: 'revoke-days', playbookId: msg.playbookId, days, now }]));
    return { ok: true };
  },
  'keyhole/params': async (msg, now) => {
    const pb = await findPlaybook(msg.playbookId);
    if (!pb) return { ok: false };
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(msg.params ?? {})) {
      const spec = pb.params[k];
      if (!spec || typeof v !== 'string' || v.length > 200) continue;
      if (spec.pattern && !compileRegex(spec.pattern)?.test(v)) return { ok: false, error: `${spec.label} does not look right` };
      params[k] = v;
    }
    await publishActive(await update([{ type: 'params', playbookId: pb.id, params, now }]));
    return { ok: true };
  },
  'keyhole/import': async (msg) => {
    const blocked = importRefused(await readPolicy()); // issue 12: policy may turn imports off
    return blocked ? { ok: false, errors: [blocked] } : importPlaybook(msg.json);
  },
  'keyhole/remove-playbook': async (msg, now) => {
    const removed = await removePlaybook(msg.playbookId);
    if (!removed.ok) return removed;
    const state = await update([{ type: 'reset', playbookId: msg.playbookId, now }]);
    await publishActive(state);
    await syncAlarms(state);
    return { ok: true };
  },
  'keyhole/revoke-start': async (msg, now) => {
    const before = (await readState()).runs[msg.playbookId]?.revokeStartedAt;
    const state = await update([{ type: 'revoke-start', playbookId: msg.playbookId, now }]);
    if (state.runs[msg.playbookId]?.revokeStartedAt !== before) await publishActive(state);
    return { ok: true };
  },
  'keyhole/dismiss-notice': async (_msg, now) => {
    await update([{ type: 'dismiss-notice', now }]);
    return { ok: true };
  },
  'keyhole/storage-status': async () => ({ ok: true, failure: writeFailure() }),
  'keyhole/storage-retry': async () => {
    try {
      await update([]);
    } catch {
      /* still failing: reported below */
    }
    return { ok: writeFailure() === null, failure: writeFailure() };
  },
  'keyhole/test-fire-reminder': async (msg) => {
    await fireReminder(msg.playbookId);
    return { ok: true };
  },
};

/** A command from the popup, options or report page. */
export function routePopup(msg: PopupMessage): Reply {
  const handler = Object.prototype.hasOwnProperty.call(POPUP, msg.kind) ? (POPUP[msg.kind] as (m: PopupMessage, now: number) => Reply) : undefined;
  return handler ? handler(msg, Date.now()) : Promise.resolve({ ok: false });
}
