/**
 * The message protocol between content scripts, the popup and the background worker. Messages are
 * checked by shape and by sender in the background (background/guard.ts); nothing here trusts the page.
 */
import type { Finding, NotSeen, Playbook } from './format/types.ts';
import type { IdentityHow, IdentityRecord, KnownOthers } from './core/identity.ts';

export const STORAGE = {
  state: 'keyhole.state',
  active: 'keyhole.active',
  /** What the guide needs besides the playbook (catalogs, overlay styles): read only where a guide starts. */
  guide: 'keyhole.guide',
  imported: 'keyhole.imported',
} as const;

export type ContentMessage =
  /** `at`: when the page saw it (the worker trusts it only near its own clock); an older report never replaces a newer one. */
  | { kind: 'keyhole/step'; playbookId: string; stepId: string; status: 'current' | 'done' | 'attention'; note: string; at?: number }
  | {
      kind: 'keyhole/findings';
      playbookId: string;
      checkId: string;
      title: string;
      stepId: string;
      saved: boolean;
      items: Finding[];
      /** Required items the page did not show (everything the checklist needs travels with the snapshot). */
      notSeen?: NotSeen[];
      /** The page's labels were mostly unreadable (another language): this many items got no verdict; not verified. */
      unverified?: number;
      /** When the content script observed these states (its clock): a late retry never overwrites a newer view. */
      at?: number;
    }
  | {
      /** What Keyhole saw of one of the playbook's objects: its id and name, or the admin's "no, not this one". */
      kind: 'keyhole/identity';
      playbookId: string;
      object: string;
      record?: { id?: string; name: string; how: IdentityHow };
      reject?: { id?: string; name?: string };
    };

export type PopupMessage =
  | { kind: 'keyhole/start'; playbookId: string }
  | { kind: 'keyhole/stop' }
  | { kind: 'keyhole/reset'; playbookId: string }
  /** `tenant`: the tenant key the popup shows (progress is kept per tenant); absent: the run's only or latest one. */
  | { kind: 'keyhole/mark'; playbookId: string; stepId: string; done: boolean; tenant?: string }
  | { kind: 'keyhole/revoke-days'; playbookId: string; days: number | null }
  | { kind: 'keyhole/params'; playbookId: string; params: Record<string, string> }
  | { kind: 'keyhole/import'; json: string }
  | { kind: 'keyhole/remove-playbook'; playbookId: string }
  | { kind: 'keyhole/dismiss-notice' }
  /** Is progress being saved? Answers `{ ok, failure: { since, error, pending } | null }`. */
  | { kind: 'keyhole/storage-status' }
  /** Try the failed write again now. */
  | { kind: 'keyhole/storage-retry' }
  | { kind: 'keyhole/revoke-start'; playbookId: string }
  | { kind: 'keyhole/test-fire-reminder'; playbookId: string };

export type Message = ContentMessage | PopupMessage;

export interface ActivePlaybook {
  /** The playbook with its parameters already filled in. */
  playbook: Playbook;
  startedAt: number;
  /** Every required revoke step is done: guide only the revoke steps from now on. */
  revoked?: boolean;
  /** Revoking has started (popup, reminder, or the admin's first revoke action): revoke steps win on shared pages. */
  revoking?: boolean;
  /** What Keyhole knows of the playbook's objects, by kind. */
  identities?: Record<string, IdentityRecord>;
  /** Objects the admin said are not the playbook's, by kind. */
  others?: Record<string, KnownOthers>;
}

/** Which run the published guide data belongs to (background/publish-guide.ts; checked by the content script). */
export const guideStamp = (a: Pick<ActivePlaybook, 'playbook' | 'startedAt'>): string => `${a.playbook.id}@${a.startedAt}`;

export const LIMITS = { items: 6000, notSeen: 200, name: 300, note: 300, title: 200, objectName: 120, objectId: 64 } as const;

const OBJECT_KIND = /^[a-zA-Z][a-zA-Z0-9]{0,39}$/;
const OBJECT_ID = /^[A-Za-z0-9._:-]{1,64}$/;
const HOWS = new Set(['id', 'name', 'asked', 'created']);

const EFFECTS = new Set(['read', 'self-service', 'write', 'admin', 'unknown']);
const VERDICTS = new Set(['ok', 'missing', 'forbidden', 'review']);
const isStr = (v: unknown, max = 200): v is string => typeof v === 'string' && v.length <= max;

/** The largest packed message the worker reads (LIMITS.items items of bounded fields fit far below it). */
const PACKED_MAX = 8_000_000;

/**
 * A findings snapshot travels as one JSON string, its items as rows with each distinct reason written once: a
 * browser converts a message object field by field into its own value tree, which for a 3,000-item snapshot costs
 * the console page's main thread tens of milliseconds. The envelope keeps the kind (the worker routes by it);
 * unpackContentMessage opens it into the plain message, which is then checked like any other.
 */
type Row = [name: string, label: string | 0, checked: 0 | 1, verdict: string, rule: string | 0, reason: number, effect: string | 0];

export function packContentMessage(msg: ContentMessage): ContentMessage | { kind: 'keyhole/findings'; packed: string } {
  if (msg.kind !== 'keyhole/findings') return msg;
  const reasons: string[] = [];
  const at = new Map<string, number>();
  const rows = msg.items.map((f): Row => {
    let r = at.get(f.reason);
    if (r === undefined) at.set(f.reason, (r = reasons.push(f.reason) - 1));
    return [f.name, f.label ?? 0, f.checked ? 1 : 0, f.verdict, f.rule ?? 0, r, f.effect ?? 0];
  });
  return { kind: msg.kind, packed: JSON.stringify({ ...msg, items: undefined, rows, reasons }) };
}

/** The message inside a packed envelope (null when it is malformed or of another kind); anything else as it is. */
export function unpackContentMessage(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null) return raw;
  const env = raw as { kind?: unknown; packed?: unknown };
  if (env.packed === undefined) return raw;
  if (env.kind !== 'keyhole/findings' || typeof env.packed !== 'string' || env.packed.length > PACKED_MAX) return null;
  try {
    const m = JSON.parse(env.packed) as { kind?: unknown; rows?: unknown; reasons?: unknown; items?: unknown } | null;
    if (!m || typeof m !== 'object' || m.kind !== env.kind || !Array.isArray(m.rows) || !Array.isArray(m.reasons) || m.rows.length > LIMITS.items) return null;
    const reasons = m.reasons as unknown[];
    // Shapes are checked by checkContentMessage next; here a row only becomes the object it stands for.
    m.items = (m.rows as unknown[]).map((row) => {
      if (!Array.isArray(row)) return null;
      const [name, label, checked, verdict, rule, reason, effect] = row as unknown[];
      return { name, checked: checked === 1, verdict, reason: typeof reason === 'number' ? reasons[reason] : undefined, ...(rule ? { rule } : {}), ...(label ? { label } : {}), ...(effect ? { effect } : {}) };
    });
    delete m.rows;
    delete m.reasons;
    return m;
  } catch {
    return null;
  }
}

/** Structural check of a content-script message. Returns null when malformed. */
export function checkContentMessage(raw: unknown): ContentMessage | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const m = raw as Record<string, unknown>;
  if (m.kind === 'keyhole/step') {
    if (!isStr(m.playbookId, 64) || !isStr(m.stepId, 64) || !isStr(m.note, LIMITS.note)) return null;
    if (m.status !== 'current' && m.status !== 'done' && m.status !== 'attention') return null;
    if (m.at !== undefined && (typeof m.at !== 'number' || !Number.isFinite(m.at))) return null;
    return { kind: m.kind, playbookId: m.playbookId, stepId: m.stepId, status: m.status, note: m.note, ...(typeof m.at === 'number' ? { at: m.at } : {}) };
  }
  if (m.kind === 'keyhole/findings') {
    if (!isStr(m.playbookId, 64) || !isStr(m.checkId, 120) || !isStr(m.title, LIMITS.title) || !isStr(m.stepId, 64)) return null;
    if (typeof m.saved !== 'boolean' || !Array.isArray(m.items) || m.items.length > LIMITS.items) return null;
    const items: Finding[] = [];
    for (const i of m.items as unknown[]) {
      if (typeof i !== 'object' || i === null) return null;
      const f = i as Record<string, unknown>;
      if (!isStr(f.name, LIMITS.name) || typeof f.checked !== 'boolean' || !VERDICTS.has(f.verdict as string) || !isStr(f.reason, LIMITS.note)) return null;
      const rule = f.rule === 'required' || f.rule === 'forbidden' || f.rule === 'other' ? f.rule : undefined;
      const effect = typeof f.effect === 'string' && EFFECTS.has(f.effect) ? (f.effect as Finding['effect']) : undefined;
      const label = isStr(f.label, LIMITS.name) ? f.label : undefined;
      items.push({ name: f.name, checked: f.checked, verdict: f.verdict as Finding['verdict'], reason: f.reason, ...(rule ? { rule } : {}), ...(effect ? { effect } : {}), ...(label ? { label } : {}) });
    }
    let notSeen: NotSeen[] | undefined;
    if (m.notSeen !== undefined) {
      if (!Array.isArray(m.notSeen) || m.notSeen.length > LIMITS.notSeen) return null;
      notSeen = [];
      for (const n of m.notSeen as unknown[]) {
        if (typeof n !== 'object' || n === null) return null;
        const r = n as Record<string, unknown>;
        if (!isStr(r.rule, LIMITS.name) || !isStr(r.reason, LIMITS.note) || typeof r.mayBeElsewhere !== 'boolean') return null;
        notSeen.push({ rule: r.rule, reason: r.reason, mayBeElsewhere: r.mayBeElsewhere });
      }
    }
    if (m.at !== undefined && (typeof m.at !== 'number' || !Number.isFinite(m.at))) return null;
    if (m.unverified !== undefined && (typeof m.unverified !== 'number' || !Number.isInteger(m.unverified) || m.unverified < 0 || m.unverified > LIMITS.items)) return null;
    const at = typeof m.at === 'number' ? { at: m.at } : {};
    const unverified = typeof m.unverified === 'number' && m.unverified > 0 ? { unverified: m.unverified } : {};
    return { kind: m.kind, playbookId: m.playbookId, checkId: m.checkId, title: m.title, stepId: m.stepId, saved: m.saved, items, ...(notSeen ? { notSeen } : {}), ...unverified, ...at };
  }
  if (m.kind === 'keyhole/identity') {
    if (!isStr(m.playbookId, 64) || typeof m.object !== 'string' || !OBJECT_KIND.test(m.object)) return null;
    const okId = (v: unknown) => v === undefined || (typeof v === 'string' && OBJECT_ID.test(v));
    const okName = (v: unknown) => typeof v === 'string' && v.trim().length > 0 && v.length <= LIMITS.objectName;
    const out: Extract<ContentMessage, { kind: 'keyhole/identity' }> = { kind: m.kind, playbookId: m.playbookId, object: m.object };
    if (m.record !== undefined) {
      const r = m.record as Record<string, unknown> | null;
      if (typeof r !== 'object' || r === null || !okId(r.id) || !okName(r.name) || !HOWS.has(r.how as string)) return null;
      out.record = { name: (r.name as string).trim(), how: r.how as IdentityHow, ...(r.id ? { id: r.id as string } : {}) };
    }
    if (m.reject !== undefined) {
      const r = m.reject as Record<string, unknown> | null;
      if (typeof r !== 'object' || r === null || !okId(r.id) || (r.name !== undefined && !okName(r.name)) || (!r.id && !r.name)) return null;
      out.reject = { ...(r.id ? { id: r.id as string } : {}), ...(r.name ? { name: (r.name as string).trim() } : {}) };
    }
    if (!out.record && !out.reject) return null;
    return out;
  }
  return null;
}
