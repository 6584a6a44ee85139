/**
 * The completion checklist: evidence an admin hands to a security reviewer. Pure functions from
 * (playbook, run) to a plain object, to Markdown, and to JSON.
 *
 * Whitelist, never dump: every field below is copied one by one from a known field of the playbook or the
 * run, as a string, number, boolean or null; unknown fields of the state never reach an export, and
 * strings that look like credentials (JWTs, bearer tokens, session ids, "password=…") are redacted anyway.
 */
import type { Finding, Playbook, PermissionCheck } from '../format/types.ts';
import { groupReviews } from '../core/effects.ts';
import { defaultParams, instantiate } from '../core/instantiate.ts';
import { describeIdentity } from '../core/identity.ts';
import type { Run } from './state.ts';
import { completeLegacySnapshot } from './legacy.ts';
import { revokeDone, tenantHost } from './view.ts';

export const CHECKLIST_FORMAT = 'keyhole-checklist';
export const CHECKLIST_FORMAT_VERSION = 1;

export interface ChecklistStep {
  id: string;
  phase: 'grant' | 'notify' | 'revoke';
  stage: string;
  title: string;
  status: 'done' | 'attention' | 'open';
  /** How Keyhole knows: it saw the evidence on the page, or the admin marked it done. */
  how: 'observed' | 'manual' | null;
  at: string | null;
  note: string | null;
  /** Keyhole cannot observe this step; only the admin can mark it. */
  manualOnly: boolean;
  optional: boolean;
  /** The step applies only on some pages (an alternative to another step). */
  conditional: boolean;
  /** The host it was observed on (null: marked by the admin, or open). */
  tenant: string | null;
}

export interface ChecklistItem {
  name: string;
  on: boolean;
  reason: string;
}

export interface ChecklistCheck {
  id: string;
  title: string;
  stepId: string;
  observedAt: string;
  savedAt: string | null;
  tenant: string;
  /** Every required item and whether it is on. */
  required: Array<ChecklistItem & { ok: boolean }>;
  /** Required rules the page did not show at all. */
  requiredNotSeen: Array<{ rule: string; reason: string; mayBeElsewhere: boolean }>;
  /** Every forbidden item on the page: off (confirmed) or on (a violation). */
  forbidden: ChecklistItem[];
  /** Items that are on, neither required nor forbidden: each with the reason to review it. */
  review: ChecklistItem[];
  /** The review items grouped by what they grant, with counts and one line each (names as the page shows them). */
  reviewGroups: Array<{ key: string; label: string; line: string; count: number; items: Array<{ name: string; reason: string }> }>;
  /** False when the page's labels were in a language Keyhole cannot read: the check is not verified. */
  verified: boolean;
  /** Items that got no verdict because Keyhole could not read them. */
  unverifiedItems: number;
}

/** One object the playbook created or opened, and how Keyhole identified it. */
export interface ChecklistObject {
  kind: string;
  label: string;
  name: string;
  id: string | null;
  /** created: seen created; asked: the admin confirmed it; name / id: recognised on its page; suggested: not seen. */
  how: 'created' | 'asked' | 'name' | 'id' | 'suggested';
  at: string | null;
  line: string;
  /** Ids and names the admin said are other objects. */
  notThese: string[];
}

export interface Checklist {
  format: typeof CHECKLIST_FORMAT;
  formatVersion: number;
  generatedAt: string;
  playbook: { id: string; version: string; title: string };
  /** The grantee (the playbook's `vendor` field; the export keeps the name). */
  vendor: string;
  app: string;
  /** The tenant this checklist is for (one per tenant): its name (e.g. a Salesforce org's My Domain) and host. */
  tenantKey: string | null;
  tenant: string | null;
  params: Array<{ name: string; label: string; value: string }>;
  startedAt: string;
  steps: ChecklistStep[];
  /** How each object was identified (recorded when Keyhole saw it created or opened). */
  objects: ChecklistObject[];
  permissions: ChecklistCheck[];
  checksNotObserved: Array<{ stepId: string; title: string }>;
  revoke: { afterDays: number | null; dueAt: string | null; done: boolean };
  open: string[];
}

const MAX = 300;

const SECRET_PATTERNS: RegExp[] = [
  /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, // JWT
  /\bBearer\s+\S+/gi,
  /\b00D[A-Za-z0-9]{12,15}![A-Za-z0-9._-]+/g, // Salesforce session id
  /\b(?:sid|session(?:[_-]?id)?|token|access[_-]?token|refresh[_-]?token|password|passwd|pwd|secret|api[_-]?key|cookie|authorization)\s*[=:]\s*\S+/gi,
  /[A-Za-z0-9+/_-]{32,}={0,2}/g, // long opaque strings
];

/** A string safe to export: plain text, bounded, and with anything credential-like redacted. */
export function clean(value: unknown, max = MAX): string {
  if (typeof value !== 'string' && typeof value !== 'number') return '';
  let s = String(value).replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  for (const re of SECRET_PATTERNS) s = s.replace(re, '(redacted)');
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

const iso = (ms: unknown): string | null => (typeof ms === 'number' && Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString() : null);

function checkFor(pb: Playbook, stepId: string): PermissionCheck | undefined {
  return pb.steps.find((s) => s.id === stepId)?.permissions;
}

/**
 * Build the checklist of one run. `pb` is the playbook as registered; the run's parameters are filled in here.
 * The permission sections reshape the snapshots the pages sent (items with their verdict, rule and reason, and the
 * required items not seen); no rule is matched here.
 */
export function buildChecklist(raw: Playbook, run: Run, now: number): Checklist {
  const pb = instantiate(raw, { ...defaultParams(raw), ...pickParams(raw, run) });

  const steps: ChecklistStep[] = pb.steps
    .filter((s) => !s.warning)
    .map((s) => {
      const rec = run.steps[s.id];
      const status = rec?.status === 'done' ? 'done' : rec?.status === 'attention' ? 'attention' : 'open';
      return {
        id: clean(s.id, 64),
        phase: s.phase,
        stage: clean(s.stage),
        title: clean(s.title),
        status,
        how: rec ? (rec.how === 'manual' ? 'manual' : 'observed') : null,
        at: rec ? iso(rec.at) : null,
        note: rec ? clean(rec.note) : null,
        manualOnly: !!s.manual && !s.page,
        optional: !!s.optional,
        conditional: !!s.when,
        tenant: rec?.tenant ? clean(rec.tenant, 253) : null,
      };
    });

  const permissions: ChecklistCheck[] = Object.values(run.findings)
    .filter((snap) => snap && Array.isArray(snap.items))
    .sort((a, b) => pb.steps.findIndex((s) => s.id === a.stepId) - pb.steps.findIndex((s) => s.id === b.stepId) || String(a.checkId).localeCompare(String(b.checkId)))
    .map((stored) => {
      const check = checkFor(pb, stored.stepId);
      const snap = completeLegacySnapshot(stored, check);
      const out: ChecklistCheck = {
        id: clean(snap.checkId, 120),
        title: clean(snap.title),
        stepId: clean(snap.stepId, 64),
        observedAt: iso(snap.at) ?? '',
        savedAt: iso(snap.savedAt),
        tenant: clean(snap.tenant, 120),
        required: [],
        requiredNotSeen: [],
        forbidden: [],
        review: [],
        reviewGroups: [],
        verified: !(typeof snap.unverified === 'number' && snap.unverified > 0),
        unverifiedItems: typeof snap.unverified === 'number' && snap.unverified > 0 ? snap.unverified : 0,
      };
      const reviewed: Array<{ name: string; reason: string; effect?: Finding['effect'] }> = [];
      for (const item of snap.items) {
        const row = { name: clean(item.label || item.name), on: item.checked === true, reason: clean(item.reason) };
        if (item.verdict === 'review') reviewed.push({ name: row.name, reason: row.reason, effect: item.effect });
        if (item.verdict === 'missing') out.required.push({ ...row, ok: false });
        else if (item.verdict === 'forbidden') out.forbidden.push(row);
        else if (item.verdict === 'review') out.review.push(row);
        else if (item.verdict === 'ok' && row.on) out.required.push({ ...row, ok: true });
        else if (item.verdict === 'ok' && item.rule === 'forbidden') out.forbidden.push(row);
        // Other items that are off are neither evidence nor a risk: left out.
      }
      if (reviewed.some((r) => r.effect)) out.reviewGroups = groupReviews(reviewed, { from: check?.reviewFrom ? clean(check.reviewFrom) : undefined }).map((g) => ({ key: g.key, label: g.label, line: g.line, count: g.items.length, items: g.items }));
      for (const n of snap.notSeen ?? []) out.requiredNotSeen.push({ rule: clean(n.rule), reason: clean(n.reason), mayBeElsewhere: n.mayBeElsewhere === true });
      return out;
    });

  const observedChecks = new Set(Object.values(run.findings).map((s) => s.stepId));
  const checksNotObserved = pb.steps
    .filter((s) => s.permissions && !observedChecks.has(s.id))
    .map((s) => ({ stepId: clean(s.id, 64), title: clean(s.permissions!.title) }));

  const objects: ChecklistObject[] = Object.entries(pb.objects ?? {}).map(([kind, spec]) => {
    const rec = run.identities?.[kind];
    const name = clean(rec?.name ?? spec.name, 120);
    const id = rec?.id ? clean(rec.id, 64) : null;
    const how = rec ? rec.how : 'suggested';
    const others = run.others?.[kind];
    return {
      kind: clean(kind, 40),
      label: clean(spec.label),
      name,
      id,
      how,
      at: rec ? iso(rec.at) : null,
      line: clean(rec ? describeIdentity({ ...rec, name, ...(id ? { id } : {}) }, spec.label) : describeIdentity({ kind, name, how: 'name', at: 0 }, spec.label)),
      notThese: [...(others?.ids ?? []), ...(others?.names ?? [])].map((x) => clean(x, 120)),
    };
  });

  const done = revokeDone(pb, run);
  const revoke = { afterDays: typeof run.revokeDays === 'number' ? run.revokeDays : null, dueAt: iso(run.revokeDueAt), done };

  return {
    format: CHECKLIST_FORMAT,
    formatVersion: CHECKLIST_FORMAT_VERSION,
    generatedAt: new Date(now).toISOString(),
    playbook: { id: clean(pb.id, 64), version: clean(pb.version, 32), title: clean(pb.title) },
    vendor: clean(pb.vendor.name),
    app: clean(pb.app.name),
    tenantKey: run.tenantKey ? clean(run.tenantKey, 253) : null,
    tenant: tenantHost(pb, run) ? clean(tenantHost(pb, run), 253) : null,
    params: Object.entries(pb.params).map(([name, p]) => ({ name: clean(name, 64), label: clean(p.label), value: clean(pickParams(raw, run)[name] ?? p.default) })),
    startedAt: iso(run.startedAt) ?? '',
    steps,
    objects,
    permissions,
    checksNotObserved,
    revoke,
    open: openItems(pb, steps, permissions, checksNotObserved, revoke),
  };
}

/** Only the playbook's declared parameters, as strings. */
function pickParams(pb: Playbook, run: Run): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(pb.params)) if (typeof run.params?.[k] === 'string') out[k] = run.params[k];
  return out;
}

function openItems(pb: Playbook, steps: ChecklistStep[], checks: ChecklistCheck[], notObserved: Checklist['checksNotObserved'], revoke: Checklist['revoke']): string[] {
  const open: string[] = [];
  for (const s of steps) {
    if (s.status === 'done' || s.phase === 'revoke') continue;
    const tags = [s.optional && 'optional', s.conditional && 'only if it applies', s.status === 'attention' && 'needs attention'].filter(Boolean);
    open.push(`Step not done: ${s.title}${tags.length ? ` (${tags.join(', ')})` : ''}`);
  }
  for (const c of checks) {
    for (const i of c.required) if (!i.ok) open.push(`${c.title}: required “${i.name}” is off`);
    for (const r of c.requiredNotSeen) if (!r.mayBeElsewhere) open.push(`${c.title}: required “${r.rule}” was not seen on the page`);
    for (const i of c.forbidden) if (i.on) open.push(`${c.title}: forbidden “${i.name}” is on`);
    if (c.reviewGroups.length) for (const g of c.reviewGroups) open.push(`${c.title}: review ${g.line}`);
    else for (const i of c.review) open.push(`${c.title}: review “${i.name}” (on)`);
    if (!c.verified) open.push(`${c.title}: not verified (Keyhole could not read the page’s permission names; switch your language to English and check again)`);
    if (!c.savedAt) open.push(`${c.title}: Keyhole did not see these settings saved`);
  }
  for (const c of notObserved) open.push(`Permission check not observed: ${c.title}`);
  if (!revoke.done) {
    const revokeSteps = pb.steps.some((s) => s.phase === 'revoke');
    if (revokeSteps) open.push(revoke.dueAt ? `Revoke access by ${revoke.dueAt.slice(0, 10)}` : 'Revoke access when it is no longer needed');
  }
  return open;
}

// ---------------------------------------------------------------------------------------------------------

/** Escape text for a Markdown paragraph or table cell. */
export function md(s: string): string {
  return s.replace(/([\\`*_[\]<>|])/g, '\\$1');
}

const when = (isoStr: string | null) => (isoStr ? isoStr.replace('T', ' ').replace(/:\d\d\.\d+Z$/, ' UTC') : '—');

export function checklistMarkdown(c: Checklist): string {
  const L: string[] = [];
  L.push(`# Keyhole completion checklist: ${md(c.playbook.title)}`, '');
  L.push(`- Playbook: \`${c.playbook.id}\` version ${md(c.playbook.version)}`);
  L.push(`- Vendor: ${md(c.vendor)}`);
  L.push(`- App: ${md(c.app)}`);
  const tenantName = c.tenantKey && c.tenant && c.tenantKey !== c.tenant ? `${md(c.tenant)} (tenant ${md(c.tenantKey)})` : c.tenant ? md(c.tenant) : c.tenantKey ? md(c.tenantKey) : null;
  L.push(`- Tenant: ${tenantName ?? 'not recorded yet'}`);
  for (const p of c.params) L.push(`- ${md(p.label)}: ${md(p.value)}`);
  L.push(`- Started: ${when(c.startedAt)}`);
  L.push(`- Generated: ${when(c.generatedAt)}`);
  L.push(`- Revoke reminder: ${c.revoke.done ? 'access revoked' : c.revoke.dueAt ? `due ${when(c.revoke.dueAt)}` : c.revoke.afterDays ? `${c.revoke.afterDays} days after access is granted (not armed yet)` : 'none'}`);
  L.push('');
  L.push('## Steps', '');
  L.push('| Step | Status | When | How | Tenant | Evidence |', '| --- | --- | --- | --- | --- | --- |');
  for (const s of c.steps) {
    const status = s.status === 'done' ? 'Done' : s.status === 'attention' ? 'Needs attention' : s.optional ? 'Open (optional)' : 'Open';
    const how = s.how === 'manual' ? (s.manualOnly ? 'Manual' : 'Manual (Keyhole could have observed it)') : s.how === 'observed' ? 'Observed' : '—';
    L.push(`| ${md(s.title)} | ${status} | ${when(s.at)} | ${how} | ${s.tenant ? md(s.tenant) : '—'} | ${s.note ? md(s.note) : '—'} |`);
  }
  L.push('');
  if (c.objects?.length) {
    L.push('## Objects and how Keyhole identified them', '');
    for (const o of c.objects) {
      L.push(`- ${md(o.line)}${o.at ? ` (${when(o.at)})` : ''}`);
      if (o.notThese.length) L.push(`  - Not this ${md(o.label)} (your answer): ${o.notThese.map(md).join(', ')}`);
    }
    L.push('');
  }
  L.push('## Permissions', '');
  if (!c.permissions.length) L.push('No permission check was observed.', '');
  for (const p of c.permissions) {
    L.push(`### ${md(p.title)}`, '');
    L.push(`Observed ${when(p.observedAt)} on ${md(p.tenant || 'unknown host')}; ${p.savedAt ? `saved ${when(p.savedAt)}` : 'not seen saved'}.`, '');
    L.push('Required:', '');
    if (!p.required.length && !p.requiredNotSeen.length) L.push('- (none on this page)');
    for (const i of p.required) L.push(`- [${i.ok ? 'x' : ' '}] ${md(i.name)}: ${i.ok ? 'on' : '**off (missing)**'}. ${md(i.reason)}`);
    for (const r of p.requiredNotSeen) L.push(`- [ ] ${md(r.rule)}: ${r.mayBeElsewhere ? 'not on this page (may be listed elsewhere)' : '**not seen**'}. ${md(r.reason)}`);
    L.push('', 'Forbidden:', '');
    if (!p.forbidden.length) L.push('- (none on this page)');
    for (const i of p.forbidden) L.push(`- [${i.on ? ' ' : 'x'}] ${md(i.name)}: ${i.on ? '**ON, must be off**' : 'confirmed off'}. ${md(i.reason)}`);
    if (!p.verified) {
      L.push('', `**Not verified**: the page’s permission names were in a language Keyhole cannot read, so ${p.unverifiedItems} item(s) got no verdict. Switch your language to English and check again.`);
    }
    L.push('', 'Review:', '');
    if (!p.review.length) L.push('- (nothing to review)');
    if (p.reviewGroups.length) {
      for (const g of p.reviewGroups) {
        L.push(`- **${md(g.line)}**`);
        for (const i of g.items) L.push(`  - ${md(i.name)}: on. ${md(i.reason)}`);
      }
    } else for (const i of p.review) L.push(`- ${md(i.name)}: on. ${md(i.reason)}`);
    L.push('');
  }
  if (c.checksNotObserved.length) {
    L.push('Not observed:', '');
    for (const n of c.checksNotObserved) L.push(`- ${md(n.title)}`);
    L.push('');
  }
  L.push('## Still open', '');
  if (!c.open.length) L.push('Nothing: every step is done and access has been revoked.');
  for (const o of c.open) L.push(`- ${md(o)}`);
  L.push('');
  L.push('_Keyhole records step ids, permission names and verdicts, hosts and times only; never a password, token, session id or cookie._', '');
  return L.join('\n');
}

export function checklistJson(c: Checklist): string {
  return `${JSON.stringify(c, null, 2)}\n`;
}

/** keyhole-<playbook>-<tenant>-<date>.<ext>, safe on every file system. */
export function exportFilename(c: Checklist, ext: 'md' | 'json'): string {
  const safe = (s: string) => s.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80);
  const tenant = c.tenant || c.tenantKey;
  const parts = ['keyhole', safe(c.playbook.id), tenant ? safe(tenant) : 'no-tenant', c.generatedAt.slice(0, 10)];
  return `${parts.join('-')}.${ext}`;
}

