/**
 * Progress, findings and reminders: a pure state machine. The background worker is the only writer; it
 * applies events one at a time (see background/store.ts), so two tabs never lose each other's writes.
 * Nothing here ever holds a token, password, session id or cookie: events carry step ids, checkbox names
 * and verdicts, hosts and times only.
 */
import type { Finding, NotSeen } from '../format/types.ts';

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
  | { type: 'dismiss-notice'; now: number };

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
        if (e.status === 'current') {
          if (run.current?.stepId === e.stepId && run.current.tenant === e.tenant) return run;
          return { ...run, tenant, current: { stepId: e.stepId, at: e.now, tenant: e.tenant ?? '' } };
        }
        const prev = run.steps[e.stepId];
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

const MAX_LISTED = 6;

/** The popup notice for a partly damaged state: what was kept, what was dropped. */
export function damageNotice(dropped: string[]): string {
  const listed = dropped.slice(0, MAX_LISTED).join('; ');
  const more = dropped.length > MAX_LISTED ? `; and ${dropped.length - MAX_LISTED} more` : '';
  return `Part of the saved progress was damaged. Keyhole kept everything readable and dropped: ${listed}${more}. A copy of the damaged data is kept in storage for support.`;
}

/**
 * Read whatever is in storage and return a usable state. Older versions are migrated; each damaged entry is
 * dropped on its own (a run, a step, a permission check, an item, a parameter) and everything readable is kept;
 * `dropped` says what went, and the state's notice tells the admin. Only a state with no readable structure at
 * all is reset, with a notice. Never a broken popup.
 */
export function migrateWithReport(raw: unknown): { state: State; dropped: string[] } {
  const dropped: string[] = [];
  if (raw === undefined || raw === null) return { state: emptyState(), dropped };
  if (typeof raw !== 'object' || Array.isArray(raw)) return { state: { ...emptyState(), notice: 'Saved progress was unreadable and has been reset.' }, dropped: ['the whole saved progress'] };
  const r = raw as Record<string, unknown>;
  const withNotice = (state: State, migrated: string | null): { state: State; dropped: string[] } => {
    const parts = [state.notice, migrated, dropped.length ? damageNotice(dropped) : null].filter((x): x is string => !!x);
    return { state: { ...state, notice: parts.length ? [...new Set(parts)].join(' ') : null }, dropped };
  };
  try {
    if (r.version === 1 && isObj(r.runs)) {
      // v1 stored the active playbook as `active: { playbookId }` and had no revoke fields.
      const runs: Record<string, Run> = {};
      for (const [id, v] of entries(r.runs)) {
        const run = sanitizeRun(isObj(v) ? { ...v, revokeDueAt: null, revokeDays: null } : v, id, dropped);
        if (run) runs[id] = run;
      }
      const active = (r.active as { playbookId?: string } | null)?.playbookId ?? null;
      return withNotice({ version: STATE_VERSION, activeId: active && own(runs, active) ? active : null, runs, notice: null }, 'Progress from an older Keyhole version was migrated.');
    }
    if (r.version === STATE_VERSION && isObj(r.runs)) {
      const runs: Record<string, Run> = {};
      for (const [id, v] of entries(r.runs)) {
        const run = sanitizeRun(v, id, dropped);
        if (run) runs[id] = run;
      }
      const activeId = typeof r.activeId === 'string' && own(runs, r.activeId) ? r.activeId : null;
      return withNotice({ version: STATE_VERSION, activeId, runs, notice: typeof r.notice === 'string' ? r.notice : null }, null);
    }
  } catch {
    /* fall through to reset */
  }
  return { state: { ...emptyState(), notice: 'Saved progress was from an unknown Keyhole version or damaged, and has been reset.' }, dropped: ['the whole saved progress'] };
}

export function migrate(raw: unknown): State {
  return migrateWithReport(raw).state;
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

/** A stored run with every readable part kept; null when the run itself is unreadable. Drops are named in `dropped`. */
function sanitizeRun(v: unknown, id: string, dropped: string[]): Run | null {
  if (!isObj(v)) {
    dropped.push(`the progress of playbook “${label(id)}” (unreadable)`);
    return null;
  }
  const num = (x: unknown, d: number | null) => (typeof x === 'number' && Number.isFinite(x) ? x : d);
  const str = (x: unknown, d: string | null) => (typeof x === 'string' ? x : d);
  const of = ` of “${label(id)}”`;
  const steps: Record<string, StepRecord> = {};
  if (isObj(v.steps)) {
    for (const [sid, s] of entries(v.steps)) {
      if (!isObj(s) || (s.status !== 'done' && s.status !== 'attention')) {
        dropped.push(`step “${label(sid)}”${of}`);
        continue;
      }
      steps[sid] = { status: s.status, at: num(s.at, 0)!, how: s.how === 'manual' ? 'manual' : 'observed', note: str(s.note, '')!, tenant: str(s.tenant, null) };
    }
  } else if (v.steps !== undefined) dropped.push(`the steps${of} (unreadable)`);
  const findings: Record<string, Snapshot> = {};
  if (isObj(v.findings)) {
    for (const [fid, f] of entries(v.findings)) {
      if (!isObj(f) || !Array.isArray(f.items)) {
        dropped.push(`permission check “${label(fid)}”${of}`);
        continue;
      }
      const items = f.items.filter((i): i is Record<string, unknown> => isObj(i) && typeof i.name === 'string');
      if (items.length < f.items.length) dropped.push(`${f.items.length - items.length} unreadable item(s) of permission check “${label(fid)}”${of}`);
      findings[fid] = {
        checkId: fid,
        title: str(f.title, fid)!,
        stepId: str(f.stepId, '')!,
        at: num(f.at, 0)!,
        tenant: str(f.tenant, '')!,
        savedAt: num(f.savedAt, null),
        items: items.map((i) => ({
          name: i.name as string,
          checked: i.checked === true,
          verdict: (['ok', 'missing', 'forbidden', 'review'].includes(i.verdict as string) ? i.verdict : 'review') as Finding['verdict'],
          reason: typeof i.reason === 'string' ? i.reason : '',
          ...(i.rule === 'required' || i.rule === 'forbidden' || i.rule === 'other' ? { rule: i.rule } : {}),
        })),
        ...(Array.isArray(f.notSeen)
          ? { notSeen: f.notSeen.filter(isObj).map((n) => ({ rule: String(n.rule ?? ''), reason: String(n.reason ?? ''), mayBeElsewhere: n.mayBeElsewhere === true })) }
          : {}),
      };
    }
  } else if (v.findings !== undefined) dropped.push(`the permission findings${of} (unreadable)`);
  const params: Record<string, string> = {};
  if (isObj(v.params)) {
    for (const [k, p] of entries(v.params)) {
      if (typeof p === 'string') params[k] = p;
      else dropped.push(`setting “${label(k)}”${of}`);
    }
  }
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
  };
}

/** A stored key as the notice names it: bounded, printable. */
function label(key: string): string {
  const s = key.replace(/[\u0000-\u001f\u007f]+/g, ' ');
  return s.length > 60 ? `${s.slice(0, 59)}…` : s;
}
