/**
 * Progress, findings and reminders: a pure state machine. The background worker is the only writer; it
 * applies events one at a time (see background/store.ts), so two tabs never lose each other's writes.
 * Nothing here ever holds a token, password, session id or cookie: events carry step ids, checkbox names
 * and verdicts, hosts and times only.
 */
import type { Finding, NotSeen } from '../format/types.ts';
import type { IdentityRecord, KnownOthers } from '../core/identity.ts';

export const STATE_VERSION = 2;

export type StepStatus = 'done' | 'attention';
export type How = 'observed' | 'manual';

export interface StepRecord {
  status: StepStatus;
  at: number;
  how: How;
  note: string;
  tenant: string | null;
}

export interface Snapshot {
  checkId: string;
  title: string;
  stepId: string;
  at: number;
  tenant: string;
  /** When the admin clicked Save with these states. */
  savedAt: number | null;
  items: Finding[];
  /** Required items the page did not show. Absent in snapshots recorded before Keyhole sent them. */
  notSeen?: NotSeen[];
  /** Items the page showed in a language Keyhole cannot read: the check is not verified. */
  unverified?: number;
}

export interface Run {
  playbookId: string;
  playbookVersion: string;
  startedAt: number;
  tenant: string | null;
  params: Record<string, string>;
  steps: Record<string, StepRecord>;
  current: { stepId: string; at: number; tenant: string } | null;
  findings: Record<string, Snapshot>;
  revokeDueAt: number | null;
  revokeDays: number | null;
  /** What Keyhole knows of the playbook's objects (profile, user, service user, group), by kind. */
  identities?: Record<string, IdentityRecord>;
  /** Objects the admin said are not the playbook's, by kind. */
  others?: Record<string, KnownOthers>;
  /** When revoking was started from the popup or the reminder. */
  revokeStartedAt?: number | null;
}

export interface State {
  version: number;
  activeId: string | null;
  runs: Record<string, Run>;
  notice: string | null;
}

export const emptyState = (): State => ({ version: STATE_VERSION, activeId: null, runs: {}, notice: null });

export type Event =
  | { type: 'start'; playbookId: string; playbookVersion: string; params: Record<string, string>; revokeDays: number | null; now: number }
  | { type: 'stop'; now: number }
  | { type: 'reset'; playbookId: string; now: number }
  | { type: 'step'; playbookId: string; stepId: string; status: StepStatus | 'current'; how: How; note: string; tenant: string | null; now: number }
  | { type: 'unmark'; playbookId: string; stepId: string; now: number }
  | { type: 'findings'; playbookId: string; snapshot: Snapshot; now: number }
  | { type: 'revoke-days'; playbookId: string; days: number | null; now: number }
  | { type: 'params'; playbookId: string; params: Record<string, string>; now: number }
  | { type: 'dismiss-notice'; now: number }
  | { type: 'identity'; playbookId: string; object: string; record?: Omit<IdentityRecord, 'kind' | 'at'>; reject?: { id?: string; name?: string }; now: number }
  | { type: 'revoke-start'; playbookId: string; now: number };

const DAY = 86_400_000;

function newRun(e: Extract<Event, { type: 'start' }>): Run {
  return {
    playbookId: e.playbookId,
    playbookVersion: e.playbookVersion,
    startedAt: e.now,
    tenant: null,
    params: e.params,
    steps: {},
    current: null,
    findings: {},
    revokeDueAt: null,
    revokeDays: e.revokeDays,
  };
}

function withRun(state: State, id: string, f: (run: Run) => Run): State {
  const run = own(state.runs, id);
  if (!run) return state;
  const next = f(run);
  // Nothing changed: the same object, so the store skips the write.
  return next === run ? state : { ...state, runs: { ...state.runs, [id]: next } };
}

/** Apply one event. Pure; returns the same object when nothing changed. */
export function apply(state: State, e: Event): State {
  switch (e.type) {
    case 'start': {
      const existing = own(state.runs, e.playbookId);
      const run = existing && existing.playbookVersion === e.playbookVersion ? existing : newRun(e);
      if (run === existing && state.activeId === e.playbookId) return state;
      return { ...state, activeId: e.playbookId, runs: { ...state.runs, [e.playbookId]: run } };
    }
    case 'stop':
      return state.activeId === null ? state : { ...state, activeId: null };
    case 'reset': {
      if (!own(state.runs, e.playbookId) && state.activeId !== e.playbookId) return state;
      const runs = { ...state.runs };
      delete runs[e.playbookId];
      return { ...state, runs, activeId: state.activeId === e.playbookId ? null : state.activeId };
    }
    case 'step':
      return withRun(state, e.playbookId, (run) => {
        const tenant = run.tenant ?? e.tenant;
        // A report re-sent after a newer one landed (the content script's outbox retries) never undoes the newer one.
        if (e.status === 'current') {
          if (e.how === 'observed' && run.current && run.current.at > e.now) return run;
          if (run.current?.stepId === e.stepId && run.current.tenant === e.tenant) return run;
          return { ...run, tenant, current: { stepId: e.stepId, at: e.now, tenant: e.tenant ?? '' } };
        }
        const prev = run.steps[e.stepId];
        if (e.how === 'observed' && prev?.how === 'observed' && prev.at > e.now) return run;
        // Observed evidence upgrades a manual mark; a later observation does not erase the first time.
        if (prev && prev.status === e.status && (prev.how === 'observed' || e.how === 'manual')) return run;
        const steps = { ...run.steps, [e.stepId]: { status: e.status, at: e.now, how: e.how, note: e.note, tenant: e.tenant } };
        return { ...run, tenant, steps };
      });
    case 'unmark':
      return withRun(state, e.playbookId, (run) => {
        if (!run.steps[e.stepId]) return run;
        const steps = { ...run.steps };
        delete steps[e.stepId];
        return { ...run, steps };
      });
    case 'findings':
      return withRun(state, e.playbookId, (run) => {
        const prev = run.findings[e.snapshot.checkId];
        // An older observation (a message retried after a newer one landed) never replaces a newer view.
        if (prev && prev.at > e.snapshot.at) return run;
        // Keep the saved snapshot unless a newer save replaces it; live views only refresh unsaved ones.
        if (prev?.savedAt && !e.snapshot.savedAt && prev.savedAt > e.snapshot.at - 1) {
          return run;
        }
        return { ...run, tenant: run.tenant ?? e.snapshot.tenant, findings: { ...run.findings, [e.snapshot.checkId]: e.snapshot } };
      });
    case 'revoke-days':
      return withRun(state, e.playbookId, (run) => {
        // The reminder counts from when access was granted (the moment it was armed), not from the latest step.
        const grantedAt = run.revokeDueAt !== null && run.revokeDays ? run.revokeDueAt - run.revokeDays * DAY : null;
        const revokeDueAt = e.days && grantedAt !== null ? grantedAt + e.days * DAY : run.revokeDueAt;
        if (run.revokeDays === e.days && run.revokeDueAt === revokeDueAt) return run;
        return { ...run, revokeDays: e.days, revokeDueAt };
      });
    case 'params':
      return withRun(state, e.playbookId, (run) => {
        if (Object.entries(e.params).every(([k, v]) => run.params[k] === v)) return run;
        return { ...run, params: { ...run.params, ...e.params } };
      });
    case 'dismiss-notice':
      return state.notice === null ? state : { ...state, notice: null };
    case 'identity':
      return withRun(state, e.playbookId, (run) => {
        let next = run;
        if (e.record) {
          const prev = run.identities?.[e.object];
          const rec: IdentityRecord = {
            kind: e.object,
            name: e.record.name,
            how: e.record.how,
            at: e.now,
            ...(e.record.id ? { id: e.record.id } : prev?.id && prev.name === e.record.name ? { id: prev.id } : {}),
          };
          // A confirmed origin (created, asked) is kept when a later page only adds the id.
          if (prev && (prev.how === 'created' || prev.how === 'asked') && rec.how === 'name' && prev.name === rec.name) rec.how = prev.how;
          if (!prev || prev.name !== rec.name || prev.id !== rec.id || prev.how !== rec.how) {
            next = { ...next, identities: { ...(next.identities ?? {}), [e.object]: rec } };
          }
        }
        if (e.reject) {
          const o = next.others?.[e.object] ?? {};
          const ids = e.reject.id && !o.ids?.includes(e.reject.id) ? [...(o.ids ?? []), e.reject.id].slice(-20) : o.ids;
          const names = e.reject.name && !o.names?.includes(e.reject.name) ? [...(o.names ?? []), e.reject.name].slice(-20) : o.names;
          if (ids !== o.ids || names !== o.names) next = { ...next, others: { ...(next.others ?? {}), [e.object]: { ...(ids ? { ids } : {}), ...(names ? { names } : {}) } } };
        }
        return next;
      });
    case 'revoke-start':
      return withRun(state, e.playbookId, (run) => (run.revokeStartedAt ? run : { ...run, revokeStartedAt: e.now }));
  }
}

/** When the grant phase was finished (the reminder counts from there). */
export function grantDoneAt(run: Run): number {
  const times = Object.values(run.steps).map((s) => s.at);
  return times.length ? Math.max(...times) : run.startedAt;
}

/** Arm the revoke reminder once access has been granted (the first grant step that creates access is done). */
export function armReminder(run: Run, accessGrantedStepIds: string[], now: number): Run {
  if (run.revokeDueAt !== null || !run.revokeDays) return run;
  if (!accessGrantedStepIds.some((id) => run.steps[id]?.status === 'done')) return run;
  return { ...run, revokeDueAt: now + run.revokeDays * DAY };
}

/**
 * Read whatever is in storage and return a usable state. Older versions are migrated; anything unreadable
 * is reset with a notice the popup shows, never a broken popup.
 */
export function migrate(raw: unknown): State {
  if (raw === undefined || raw === null) return emptyState();
  if (typeof raw !== 'object' || Array.isArray(raw)) return { ...emptyState(), notice: 'Saved progress was unreadable and has been reset.' };
  const r = raw as Record<string, unknown>;
  try {
    if (r.version === 1 && typeof r.runs === 'object' && r.runs) {
      // v1 stored the active playbook as `active: { playbookId }` and had no revoke fields.
      const runs: Record<string, Run> = {};
      for (const [id, v] of entries(r.runs)) {
        runs[id] = sanitizeRun(isObj(v) ? { ...v, revokeDueAt: null, revokeDays: null } : v, id);
      }
      const active = (r.active as { playbookId?: string } | null)?.playbookId ?? null;
      return { version: STATE_VERSION, activeId: active && own(runs, active) ? active : null, runs, notice: 'Progress from an older Keyhole version was migrated.' };
    }
    if (r.version === STATE_VERSION && typeof r.runs === 'object' && r.runs && !Array.isArray(r.runs)) {
      const runs: Record<string, Run> = {};
      for (const [id, v] of entries(r.runs)) runs[id] = sanitizeRun(v, id);
      const activeId = typeof r.activeId === 'string' && own(runs, r.activeId) ? r.activeId : null;
      return { version: STATE_VERSION, activeId, runs, notice: typeof r.notice === 'string' ? r.notice : null };
    }
  } catch {
    /* fall through to reset */
  }
  return { ...emptyState(), notice: 'Saved progress was from an unknown Keyhole version or damaged, and has been reset.' };
}

/** A record's own value for a key, never one inherited from Object.prototype ("constructor", "toString", …). */
export function own<T>(rec: Record<string, T>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(rec, key) ? rec[key] : undefined;
}

/** Own entries, without "__proto__" (assigning it would replace the prototype instead of adding a key). */
function entries(v: unknown): Array<[string, unknown]> {
  return isObj(v) ? Object.entries(v).filter(([k]) => k !== '__proto__') : [];
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function sanitizeRun(v: unknown, id: string): Run {
  if (!isObj(v)) throw new Error('run is not an object');
  const num = (x: unknown, d: number | null) => (typeof x === 'number' && Number.isFinite(x) ? x : d);
  const str = (x: unknown, d: string | null) => (typeof x === 'string' ? x : d);
  const steps: Record<string, StepRecord> = {};
  if (isObj(v.steps)) {
    for (const [sid, s] of entries(v.steps)) {
      if (!isObj(s) || (s.status !== 'done' && s.status !== 'attention')) continue;
      steps[sid] = { status: s.status, at: num(s.at, 0)!, how: s.how === 'manual' ? 'manual' : 'observed', note: str(s.note, '')!, tenant: str(s.tenant, null) };
    }
  }
  const findings: Record<string, Snapshot> = {};
  if (isObj(v.findings)) {
    for (const [fid, f] of entries(v.findings)) {
      if (!isObj(f) || !Array.isArray(f.items)) continue;
      findings[fid] = {
        checkId: fid,
        title: str(f.title, fid)!,
        stepId: str(f.stepId, '')!,
        at: num(f.at, 0)!,
        tenant: str(f.tenant, '')!,
        savedAt: num(f.savedAt, null),
        items: f.items.filter(isObj).map((i) => ({
          name: String(i.name ?? ''),
          checked: i.checked === true,
          verdict: (['ok', 'missing', 'forbidden', 'review'].includes(i.verdict as string) ? i.verdict : 'review') as Finding['verdict'],
          reason: String(i.reason ?? ''),
          ...(i.rule === 'required' || i.rule === 'forbidden' || i.rule === 'other' ? { rule: i.rule } : {}),
          ...(typeof i.effect === 'string' && ['read', 'self-service', 'write', 'admin', 'unknown'].includes(i.effect) ? { effect: i.effect as Finding['effect'] } : {}),
          ...(typeof i.label === 'string' ? { label: i.label } : {}),
        })),
        ...(typeof f.unverified === 'number' && f.unverified > 0 ? { unverified: f.unverified } : {}),
        ...(Array.isArray(f.notSeen)
          ? { notSeen: f.notSeen.filter(isObj).map((n) => ({ rule: String(n.rule ?? ''), reason: String(n.reason ?? ''), mayBeElsewhere: n.mayBeElsewhere === true })) }
          : {}),
      };
    }
  }
  const params: Record<string, string> = {};
  if (isObj(v.params)) for (const [k, p] of entries(v.params)) if (typeof p === 'string') params[k] = p;
  const cur = isObj(v.current) && typeof v.current.stepId === 'string' ? { stepId: v.current.stepId, at: num(v.current.at, 0)!, tenant: str(v.current.tenant, '')! } : null;
  return {
    playbookId: id,
    playbookVersion: str(v.playbookVersion, '0.0.0')!,
    startedAt: num(v.startedAt, 0)!,
    tenant: str(v.tenant, null),
    params,
    steps,
    current: cur,
    findings,
    revokeDueAt: num(v.revokeDueAt, null),
    revokeDays: num(v.revokeDays, null),
    ...sanitizeIdentities(v),
  };
}

const HOWS = ['id', 'name', 'asked', 'created'] as const;
function sanitizeIdentities(v: Record<string, unknown>): Pick<Run, 'identities' | 'others' | 'revokeStartedAt'> {
  const out: Pick<Run, 'identities' | 'others' | 'revokeStartedAt'> = {};
  if (isObj(v.identities)) {
    const ids: Record<string, IdentityRecord> = {};
    for (const [k, r] of entries(v.identities)) {
      if (!isObj(r) || typeof r.name !== 'string' || !HOWS.includes(r.how as (typeof HOWS)[number])) continue;
      ids[k] = { kind: k, name: r.name.slice(0, 120), how: r.how as IdentityRecord['how'], at: typeof r.at === 'number' ? r.at : 0, ...(typeof r.id === 'string' ? { id: r.id.slice(0, 64) } : {}) };
    }
    out.identities = ids;
  }
  if (isObj(v.others)) {
    const others: Record<string, KnownOthers> = {};
    for (const [k, o] of entries(v.others)) {
      if (!isObj(o)) continue;
      const list = (x: unknown) => (Array.isArray(x) ? x.filter((y): y is string => typeof y === 'string').slice(-20) : undefined);
      others[k] = { ...(list(o.ids) ? { ids: list(o.ids) } : {}), ...(list(o.names) ? { names: list(o.names) } : {}) };
    }
    out.others = others;
  }
  if (typeof v.revokeStartedAt === 'number') out.revokeStartedAt = v.revokeStartedAt;
  return out;
}
