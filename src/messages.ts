/**
 * The message protocol between content scripts, the popup and the background worker. Messages are
 * checked by shape and by sender in the background (background/guard.ts); nothing here trusts the page.
 */
import type { Finding, NotSeen, Playbook } from './format/types.ts';

export const STORAGE = {
  state: 'keyhole.state',
  active: 'keyhole.active',
  imported: 'keyhole.imported',
} as const;

export type ContentMessage =
  | { kind: 'keyhole/step'; playbookId: string; stepId: string; status: 'current' | 'done' | 'attention'; note: string }
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
      /** When the content script observed these states (its clock): a late retry never overwrites a newer view. */
      at?: number;
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
  | { kind: 'keyhole/test-fire-reminder'; playbookId: string };

export type Message = ContentMessage | PopupMessage;

export interface ActivePlaybook {
  /** The playbook with its parameters already filled in. */
  playbook: Playbook;
  startedAt: number;
  /** Every required revoke step is done: guide only the revoke steps from now on. */
  revoked?: boolean;
}

export const LIMITS = { items: 6000, notSeen: 200, name: 300, note: 300, title: 200 } as const;

const VERDICTS = new Set(['ok', 'missing', 'forbidden', 'review']);
const isStr = (v: unknown, max = 200): v is string => typeof v === 'string' && v.length <= max;

/** Structural check of a content-script message. Returns null when malformed. */
export function checkContentMessage(raw: unknown): ContentMessage | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const m = raw as Record<string, unknown>;
  if (m.kind === 'keyhole/step') {
    if (!isStr(m.playbookId, 64) || !isStr(m.stepId, 64) || !isStr(m.note, LIMITS.note)) return null;
    if (m.status !== 'current' && m.status !== 'done' && m.status !== 'attention') return null;
    return { kind: m.kind, playbookId: m.playbookId, stepId: m.stepId, status: m.status, note: m.note };
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
      items.push({ name: f.name, checked: f.checked, verdict: f.verdict as Finding['verdict'], reason: f.reason, ...(rule ? { rule } : {}) });
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
    const at = typeof m.at === 'number' ? { at: m.at } : {};
    return { kind: m.kind, playbookId: m.playbookId, checkId: m.checkId, title: m.title, stepId: m.stepId, saved: m.saved, items, ...(notSeen ? { notSeen } : {}), ...at };
  }
  return null;
}
