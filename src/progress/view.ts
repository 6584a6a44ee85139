/** What the popup, the report and the checklist show for a run. Pure: no browser APIs. */
import type { Finding, Playbook, Step } from '../format/types.ts';
import { fillTemplate } from '../core/text.ts';
import type { Run, Snapshot } from './state.ts';

type StepView = 'done' | 'current' | 'attention' | 'todo';

export const STEP_LABEL: Record<StepView, string> = {
  todo: 'To do',
  current: 'Current',
  done: 'Done',
  attention: 'Needs attention',
};

export function stepStatus(step: Step, run: Run): StepView {
  const rec = run.steps[step.id];
  if (rec?.status === 'attention') return 'attention';
  if (rec?.status === 'done') return 'done';
  if (run.current?.stepId === step.id) return 'current';
  return 'todo';
}

/** Steps the popup lists: warning steps (lockout guards) only while they are the current one. */
export function listedSteps(pb: Playbook, run: Run): Step[] {
  return pb.steps.filter((s) => !s.warning || run.current?.stepId === s.id || run.steps[s.id]);
}

/** Group steps by stage, stages in order of first appearance (alternatives may interleave stages). */
export function byStage(steps: Step[]): Array<{ stage: string; steps: Step[] }> {
  const out: Array<{ stage: string; steps: Step[] }> = [];
  for (const s of steps) {
    const group = out.find((g) => g.stage === s.stage);
    if (group) group.steps.push(s);
    else out.push({ stage: s.stage, steps: [s] });
  }
  return out;
}

/**
 * The step the admin works on: the one the content script reports (unless done), else the first step after
 * the last done one, else the first not done.
 */
export function currentStep(pb: Playbook, run: Run): Step | null {
  const reported = run.current ? pb.steps.find((s) => s.id === run.current!.stepId) : undefined;
  if (reported && run.steps[reported.id]?.status !== 'done') return reported;
  const open = (s: Step) => !s.warning && !s.optional && run.steps[s.id]?.status !== 'done';
  let lastDone = -1;
  pb.steps.forEach((s, i) => {
    if (run.steps[s.id]?.status === 'done') lastDone = i;
  });
  return pb.steps.slice(lastDone + 1).find(open) ?? pb.steps.find(open) ?? null;
}

/** Has revoking started: from the popup or the reminder, or the admin did a revoke step? */
export function revokeStarted(pb: Playbook, run: Run): boolean {
  return !!run.revokeStartedAt || pb.steps.some((s) => s.phase === 'revoke' && !!run.steps[s.id]);
}

/**
 * Has access been revoked? The one definition, used by the checklist, the reminder and the content scripts
 * (which then guide only the revoke steps): the last required revoke step (not a warning, not optional) is done.
 * Its evidence is the end state itself (Salesforce: the user seen frozen and inactive; HiBob: the deletion
 * confirmed), so it stands even when an earlier revoke step was done another way and never recorded.
 */
export function revokeDone(pb: Playbook, run: Run): boolean {
  const revoke = pb.steps.filter((s) => s.phase === 'revoke' && !s.warning && !s.optional);
  const last = revoke[revoke.length - 1];
  return !!last && run.steps[last.id]?.status === 'done';
}

/**
 * The admin's tenant host: what the background recorded from the content script's sender, else the app's
 * only host when the playbook names exactly one literal host (e.g. ^app\.hibob\.com$).
 */
export function tenantHost(pb: Playbook, run: Run): string | null {
  if (run.tenant) return run.tenant;
  if (pb.app.hosts.length === 1) {
    const m = /^\^?((?:[a-z0-9-]+\\\.)+[a-z]{2,})\$?$/i.exec(pb.app.hosts[0]);
    if (m) return m[1].replace(/\\\./g, '.').toLowerCase();
  }
  return null;
}

function urlFor(open: string, tenant: string, params: Record<string, string>): string | null {
  const origin = `https://${tenant}`;
  const filled = fillTemplate(open, { ...params, origin });
  const raw = /^https:\/\//i.test(filled) ? filled : `${origin}${filled.startsWith('/') ? '' : '/'}${filled}`;
  try {
    const url = new URL(raw);
    // Never leave the admin's tenant, whatever an (imported) playbook writes in `open`.
    if (url.protocol !== 'https:' || url.hostname !== tenant) return null;
    return url.href;
  } catch {
    return null;
  }
}

/**
 * The console page for a step on the admin's tenant: the step's own `open`, else the nearest earlier step of
 * the same phase that has one (e.g. the list page a form step starts from).
 */
export function stepUrl(pb: Playbook, step: Step, run: Run): string | null {
  const tenant = tenantHost(pb, run);
  if (!tenant) return null;
  const i = pb.steps.findIndex((s) => s.id === step.id);
  for (let j = i; j >= 0; j--) {
    const s = pb.steps[j];
    if (s.phase !== step.phase) break;
    if (s.open) return urlFor(s.open, tenant, run.params);
  }
  return null;
}

/** The app's start page on the admin's tenant, for steps no playbook path leads to. */
export function appHomeUrl(pb: Playbook, run: Run): string | null {
  const tenant = tenantHost(pb, run);
  return tenant ? `https://${tenant}/` : null;
}

/** The console page where the revoke steps start. */
export function revokeStepUrl(pb: Playbook, run: Run): string | null {
  const first = pb.steps.find((s) => s.phase === 'revoke' && s.open);
  return first ? stepUrl(pb, first, run) : null;
}

export interface FindingRow extends Finding {
  checkId: string;
  checkTitle: string;
}

interface FindingsSummary {
  missing: FindingRow[];
  forbidden: FindingRow[];
  review: FindingRow[];
  ok: number;
  checks: number;
}

function snapshots(run: Run): Snapshot[] {
  return Object.values(run.findings).sort((a, b) => a.title.localeCompare(b.title));
}

/** Findings so far across every permission check of the run. */
export function findingsSummary(run: Run): FindingsSummary {
  const out: FindingsSummary = { missing: [], forbidden: [], review: [], ok: 0, checks: 0 };
  for (const snap of snapshots(run)) {
    out.checks++;
    for (const item of snap.items) {
      if (item.verdict === 'ok') out.ok++;
      // Names as the page shows them (the normalised `name` is for matching).
      else out[item.verdict].push({ ...item, name: item.label || item.name, checkId: snap.checkId, checkTitle: snap.title });
    }
  }
  return out;
}

/** A date an admin reads: "Mon, 24 Nov 2025, 09:30" in their locale. */
export function formatWhen(ms: number, locale?: string): string {
  return new Date(ms).toLocaleString(locale, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}
