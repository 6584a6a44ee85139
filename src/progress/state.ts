/**
 * Progress, findings and reminders: a pure state machine. The background worker is the only writer; it
 * applies events one at a time (see background/store.ts), so two tabs never lose each other's writes.
 * Nothing here ever holds a token, password, session id or cookie: events carry step ids, checkbox names
 * and verdicts, hosts and times only.
 */
import type { Finding, NotSeen } from '../format/types.ts';
import type { IdentityRecord, KnownOthers } from '../core/identity.ts';

export const STATE_VERSION = 3;

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

/**
 * One tenant's progress within a run. A tenant is one org of the console (e.g. a Salesforce production org and its
 * sandbox are two tenants; the Lightning host and its Setup frame hosts are one). The key is the console's tenant
 * name (src/consoles/hosts.ts `tenantOfHost`); '' holds progress not yet tied to a tenant (marks made before any
 * page was seen), adopted by the first tenant observed.
 */
export interface TenantProgress {
  /** The host Keyhole first saw this tenant on (where the popup's links open). */
  host: string | null;
  steps: Record<string, StepRecord>;
  current: { stepId: string; at: number; tenant: string } | null;
  findings: Record<string, Snapshot>;
}

/** A stored run: one playbook, its parameters and reminder, and the progress of each tenant it ran on. */
export interface StoredRun {
  playbookId: string;
  playbookVersion: string;
  startedAt: number;
  params: Record<string, string>;
  tenants: Record<string, TenantProgress>;
  revokeDueAt: number | null;
  revokeDays: number | null;
  /** What Keyhole knows of the playbook's objects, by kind: per run (the same objects on every tenant). */
  identities?: Record<string, IdentityRecord>;
  /** Objects the admin said are not the playbook's, by kind. */
  others?: Record<string, KnownOthers>;
  /** When revoking was started from the popup or the reminder. */
  revokeStartedAt?: number | null;
}

/** One tenant's view of a run: what the popup, the checklist and the reminder read (see runView). */
export interface Run {
  playbookId: string;
  playbookVersion: string;
  startedAt: number;
  /** The tenant's key ('' or absent before any tenant was seen) and its host. */
  tenantKey?: string;
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
  runs: Record<string, StoredRun>;
  notice: string | null;
}

const emptyTenant = (host: string | null = null): TenantProgress => ({ host, steps: {}, current: null, findings: {} });

/** When a tenant was last worked on (its latest step, current step or observation). */
function lastActivity(t: TenantProgress): number {
  return Math.max(0, ...Object.values(t.steps).map((x) => x.at), t.current?.at ?? 0, ...Object.values(t.findings).map((f) => f.at));
}

/** The tenants of a run, most recently worked on first. */
export function tenantKeys(run: StoredRun): string[] {
  return Object.keys(run.tenants).sort((a, b) => lastActivity(run.tenants[b]) - lastActivity(run.tenants[a]) || a.localeCompare(b));
}

/** One tenant's view of a run: `key` when the run has it, else the tenant worked on most recently. */
export function runView(run: StoredRun, key?: string | null): Run {
  const k = key !== undefined && key !== null && own(run.tenants, key) ? key : (tenantKeys(run)[0] ?? '');
  const t = own(run.tenants, k) ?? emptyTenant();
  return {
    playbookId: run.playbookId,
    playbookVersion: run.playbookVersion,
    startedAt: run.startedAt,
    tenantKey: k,
    tenant: t.host,
    params: run.params,
    steps: t.steps,
    current: t.current,
    findings: t.findings,
    revokeDueAt: run.revokeDueAt,
    revokeDays: run.revokeDays,
    ...identityFields(run),
  };
}

/** The run-level identity fields, only those present. */
function identityFields(r: Pick<StoredRun, 'identities' | 'others' | 'revokeStartedAt'>): Pick<StoredRun, 'identities' | 'others' | 'revokeStartedAt'> {
  return {
    ...(r.identities !== undefined ? { identities: r.identities } : {}),
    ...(r.others !== undefined ? { others: r.others } : {}),
    ...(r.revokeStartedAt !== undefined ? { revokeStartedAt: r.revokeStartedAt } : {}),
  };
}

/** Every tenant's view of a run (one checklist each). */
export function runViews(run: StoredRun): Run[] {
  const keys = tenantKeys(run);
  return keys.length ? keys.map((k) => runView(run, k)) : [runView(run)];
}

export const emptyState = (): State => ({ version: STATE_VERSION, activeId: null, runs: {}, notice: null });

export type Event =
  | { type: 'start'; playbookId: string; playbookVersion: string; params: Record<string, string>; revokeDays: number | null; now: number }
  | { type: 'stop'; now: number }
  | { type: 'reset'; playbookId: string; now: number }
  /** `tenant`: the host it was seen on; `tenantKey`: its tenant (default: the host; null for a mark: the popup's tenant or the only one). */
  | { type: 'step'; playbookId: string; stepId: string; status: StepStatus | 'current'; how: How; note: string; tenant: string | null; tenantKey?: string | null; now: number }
  | { type: 'unmark'; playbookId: string; stepId: string; tenantKey?: string | null; now: number }
  | { type: 'findings'; playbookId: string; snapshot: Snapshot; tenantKey?: string; now: number }
  | { type: 'revoke-days'; playbookId: string; days: number | null; now: number }
  | { type: 'params'; playbookId: string; params: Record<string, string>; now: number }
  | { type: 'dismiss-notice'; now: number }
  | { type: 'identity'; playbookId: string; object: string; record?: Omit<IdentityRecord, 'kind' | 'at'>; reject?: { id?: string; name?: string }; now: number }
  | { type: 'revoke-start'; playbookId: string; now: number };

const DAY = 86_400_000;

function newRun(e: Extract<Event, { type: 'start' }>): StoredRun {
  return {
    playbookId: e.playbookId,
    playbookVersion: e.playbookVersion,
    startedAt: e.now,
    params: e.params,
    tenants: {},
    revokeDueAt: null,
    revokeDays: e.revokeDays,
  };
}

/**
 * Change one tenant's progress. An observed tenant (`host` given) gets its own entry; the first one adopts what
 * was recorded before any tenant was seen. A mark with no tenant goes to the given key, else the only tenant,
 * else the one worked on most recently.
 */
function withTenant(run: StoredRun, key: string | null | undefined, host: string | null, f: (t: TenantProgress) => TenantProgress): StoredRun {
  let tenants = run.tenants;
  let k: string;
  if (key !== null && key !== undefined && key !== '') {
    k = key;
    if (!own(tenants, k)) {
      const unassigned = own(tenants, '');
      const rest = { ...tenants };
      delete rest[''];
      const adopt = unassigned && Object.keys(rest).length === 0 && host !== null;
      tenants = adopt ? { [k]: { ...unassigned, host } } : { ...tenants, [k]: emptyTenant(host) };
    }
  } else {
    k = tenantKeys(run)[0] ?? '';
    if (!own(tenants, k)) tenants = { ...tenants, [k]: emptyTenant() };
  }
  const before = tenants[k];
  const t = before.host === null && host !== null ? { ...before, host } : before;
  const next = f(t);
  if (next === before && tenants === run.tenants) return run;
  return { ...run, tenants: { ...tenants, [k]: next } };
}

function withRun(state: State, id: string, f: (run: StoredRun) => StoredRun): State {
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
      return withRun(state, e.playbookId, (run) =>
        withTenant(run, e.tenantKey === undefined ? e.tenant : e.tenantKey, e.tenant, (t) => {
          // A report re-sent after a newer one landed (the content script's outbox retries) never undoes the newer
          // one — compared within this tenant only: another org's newer report says nothing about this one.
          if (e.status === 'current') {
            if (e.how === 'observed' && t.current && t.current.at > e.now) return t;
            if (t.current?.stepId === e.stepId && t.current.tenant === (e.tenant ?? '')) return t;
            return { ...t, current: { stepId: e.stepId, at: e.now, tenant: e.tenant ?? '' } };
          }
          const prev = t.steps[e.stepId];
          if (e.how === 'observed' && prev?.how === 'observed' && prev.at > e.now) return t;
          // Observed evidence upgrades a manual mark; a later observation does not erase the first time.
          if (prev && prev.status === e.status && (prev.how === 'observed' || e.how === 'manual')) return t;
          return { ...t, steps: { ...t.steps, [e.stepId]: { status: e.status, at: e.now, how: e.how, note: e.note, tenant: e.tenant } } };
        }),
      );
    case 'unmark':
      return withRun(state, e.playbookId, (run) => {
        const k = e.tenantKey ?? tenantKeys(run)[0];
        const t = k === undefined ? undefined : own(run.tenants, k);
        if (!t || !t.steps[e.stepId]) return run;
        const steps = { ...t.steps };
        delete steps[e.stepId];
        return { ...run, tenants: { ...run.tenants, [k!]: { ...t, steps } } };
      });
    case 'findings':
      return withRun(state, e.playbookId, (run) =>
        withTenant(run, e.tenantKey ?? e.snapshot.tenant, e.snapshot.tenant || null, (t) => {
          const prev = t.findings[e.snapshot.checkId];
          // An older observation (a message retried after a newer one landed) never replaces a newer view.
          if (prev && prev.at > e.snapshot.at) return t;
          // Keep the saved snapshot unless a newer save replaces it; live views only refresh unsaved ones.
          if (prev?.savedAt && !e.snapshot.savedAt && prev.savedAt > e.snapshot.at - 1) return t;
          return { ...t, findings: { ...t.findings, [e.snapshot.checkId]: e.snapshot } };
        }),
      );
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

/** Arm the revoke reminder once access has been granted on any tenant (a grant step that creates access is done). */
export function armReminder(run: StoredRun, accessGrantedStepIds: string[], now: number): StoredRun {
  if (run.revokeDueAt !== null || !run.revokeDays) return run;
  if (!Object.values(run.tenants).some((t) => accessGrantedStepIds.some((id) => t.steps[id]?.status === 'done'))) return run;
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
export function migrateWithReport(raw: unknown, tenantOf: (host: string) => string = (h) => h): { state: State; dropped: string[] } {
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
      const runs: Record<string, StoredRun> = {};
      for (const [id, v] of entries(r.runs)) {
        const run = sanitizeRun(isObj(v) ? { ...v, revokeDueAt: null, revokeDays: null } : v, id, dropped);
        if (run) runs[id] = splitByTenant(run, tenantOf);
      }
      const active = (r.active as { playbookId?: string } | null)?.playbookId ?? null;
      return withNotice({ version: STATE_VERSION, activeId: active && own(runs, active) ? active : null, runs, notice: null }, 'Progress from an older Keyhole version was migrated.');
    }
    if ((r.version === 2 || r.version === STATE_VERSION) && isObj(r.runs)) {
      // v2 kept one progress per run, whatever the tenant; each record carried its host, so it splits losslessly.
      const runs: Record<string, StoredRun> = {};
      for (const [id, v] of entries(r.runs)) {
        const run = r.version === 2 ? mapRun(sanitizeRun(v, id, dropped), (x) => splitByTenant(x, tenantOf)) : sanitizeStoredRun(v, id, dropped);
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

export function migrate(raw: unknown, tenantOf?: (host: string) => string): State {
  return migrateWithReport(raw, tenantOf).state;
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

const mapRun = <A, B>(x: A | null, f: (a: A) => B): B | null => (x === null ? null : f(x));

/** A one-progress run (v1, v2) split into one progress per tenant, by the host each record was seen on. */
function splitByTenant(flat: Run, tenantOf: (host: string) => string): StoredRun {
  const tenants: Record<string, TenantProgress> = {};
  const bucket = (host: string | null): TenantProgress => {
    const h = host || flat.tenant;
    const k = h ? tenantOf(h) : '';
    return (tenants[k] ??= emptyTenant(h || null));
  };
  for (const [id, st] of Object.entries(flat.steps)) bucket(st.tenant).steps[id] = st;
  for (const [id, f] of Object.entries(flat.findings)) bucket(f.tenant).findings[id] = f;
  if (flat.current) bucket(flat.current.tenant).current = flat.current;
  if (flat.tenant && !Object.keys(tenants).length) bucket(flat.tenant);
  return { playbookId: flat.playbookId, playbookVersion: flat.playbookVersion, startedAt: flat.startedAt, params: flat.params, tenants, revokeDueAt: flat.revokeDueAt, revokeDays: flat.revokeDays, ...identityFields(flat) };
}

/** A v3 run: the run's own fields and each tenant's progress, sanitized the same way as a one-progress run. */
function sanitizeStoredRun(v: unknown, id: string, dropped: string[]): StoredRun | null {
  const base = sanitizeRun(isObj(v) ? { ...v, steps: undefined, findings: undefined, current: undefined, tenant: undefined } : v, id, dropped);
  if (!base) return null;
  const tenants: Record<string, TenantProgress> = {};
  const stored = (v as Record<string, unknown>).tenants;
  if (isObj(stored)) {
    for (const [k, t] of entries(stored)) {
      if (!isObj(t)) {
        dropped.push(`the progress on tenant “${label(k)}” of “${label(id)}”`);
        continue;
      }
      const one = sanitizeRun({ steps: t.steps, findings: t.findings, current: t.current, tenant: t.host }, id, dropped)!;
      tenants[k] = { host: one.tenant, steps: one.steps, current: one.current, findings: one.findings };
    }
  } else if (stored !== undefined) dropped.push(`the tenants of “${label(id)}” (unreadable)`);
  return { playbookId: id, playbookVersion: base.playbookVersion, startedAt: base.startedAt, params: base.params, tenants, revokeDueAt: base.revokeDueAt, revokeDays: base.revokeDays, ...identityFields(base) };
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
          ...(typeof i.effect === 'string' && ['read', 'self-service', 'write', 'admin', 'unknown'].includes(i.effect) ? { effect: i.effect as Finding['effect'] } : {}),
          ...(typeof i.label === 'string' ? { label: i.label } : {}),
        })),
        ...(typeof f.unverified === 'number' && f.unverified > 0 ? { unverified: f.unverified } : {}),
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
    tenantKey: '',
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

/** A stored key as the notice names it: bounded, printable. */
function label(key: string): string {
  const s = key.replace(/[\u0000-\u001f\u007f]+/g, ' ');
  return s.length > 60 ? `${s.slice(0, 59)}…` : s;
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
