/**
 * Managed rollout (issue 12), the pure part: what an organisation's IT pushes through the browser's enterprise
 * policy into `storage.managed` (schema: public/managed-schema.json; examples in docs/managed-rollout.md), and how it
 * wins over local settings:
 * - `playbooks`: playbook JSON texts, validated like an imported file, offered beside the built-in playbooks; a
 *   policy playbook replaces a locally imported one with the same id (a built-in id is refused).
 * - `revokeReminderDays`: the reminder of every new run; the admin may shorten it, never lengthen or switch it off.
 * - `allowImports: false`: no import, and playbooks imported before are no longer offered (they stay in storage, so
 *   they come back if IT allows imports again).
 * The background reads storage.managed and enforces this (background/policy.ts); the popup and options page read it
 * too and say so (popup/PolicyNotice.tsx).
 */
import { parsePlaybook } from '../format/schema.ts';
import type { Playbook } from '../format/types.ts';

export type Policy = {
  /** Some value is set by policy (the popup shows the policy notice). */
  managed: boolean;
  revokeReminderDays: number | null;
  allowImports: boolean;
  /** Valid policy playbooks by id. */
  playbooks: Record<string, Playbook>;
  /** What in the policy Keyhole could not use, one line each (shown in the popup). */
  problems: string[];
};

type ManagedPlaybook = Playbook & { managed?: true };

export const NO_POLICY: Policy = { managed: false, revokeReminderDays: null, allowImports: true, playbooks: {}, problems: [] };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The policy from the raw storage.managed object (pure). Unknown keys are ignored; wrong types are problems. */
export function parsePolicy(raw: unknown, builtinIds: ReadonlySet<string> = new Set()): Policy {
  if (!isRecord(raw) || Object.keys(raw).length === 0) return NO_POLICY;
  const problems: string[] = [];
  let revokeReminderDays: number | null = null;
  let allowImports = true;
  const playbooks: Record<string, Playbook> = {};
  const known = ['revokeReminderDays', 'allowImports', 'playbooks'];
  if ('revokeReminderDays' in raw) {
    const d = raw.revokeReminderDays;
    if (typeof d === 'number' && Number.isInteger(d) && d >= 1 && d <= 365) revokeReminderDays = d;
    else problems.push('revokeReminderDays: expected a whole number of days from 1 to 365');
  }
  if ('allowImports' in raw) {
    if (typeof raw.allowImports === 'boolean') allowImports = raw.allowImports;
    else {
      // Fail closed: a policy that meant to restrict imports but is malformed still restricts them.
      allowImports = false;
      problems.push('allowImports: expected true or false (imports are off until it is fixed)');
    }
  }
  if ('playbooks' in raw) {
    const list = raw.playbooks;
    if (!Array.isArray(list)) problems.push('playbooks: expected a list of playbook JSON texts');
    else
      list.forEach((item, i) => {
        const r = parsePlaybook(item);
        if (!r.ok) problems.push(`playbooks[${i}]: ${r.errors[0] ?? 'invalid'}${r.errors.length > 1 ? ` (and ${r.errors.length - 1} more)` : ''}`);
        else if (r.playbook.id in Object.prototype) problems.push(`playbooks[${i}]: id "${r.playbook.id}" is a reserved name`);
        else if (builtinIds.has(r.playbook.id)) problems.push(`playbooks[${i}]: id "${r.playbook.id}" is a built-in playbook id`);
        else if (playbooks[r.playbook.id]) problems.push(`playbooks[${i}]: id "${r.playbook.id}" is listed twice`);
        else playbooks[r.playbook.id] = r.playbook;
      });
  }
  const managed = known.some((k) => k in raw);
  return { managed, revokeReminderDays, allowImports, playbooks, problems };
}

/** Locally imported playbooks as the policy leaves them: hidden when imports are off; policy playbooks added (and winning). */
export function withPolicy(local: Record<string, Playbook>, policy: Policy): Record<string, ManagedPlaybook> {
  const out: Record<string, ManagedPlaybook> = policy.allowImports ? { ...local } : {};
  for (const [id, pb] of Object.entries(policy.playbooks)) out[id] = { ...pb, managed: true };
  return out;
}

export const isManaged = (pb: Playbook): boolean => (pb as ManagedPlaybook).managed === true;

/** Why an import is refused by policy, as an import error line; null when allowed. */
export function importRefused(policy: Policy): string | null {
  return policy.allowImports ? null : "(root): your organisation's policy does not allow importing playbooks";
}

/** The reminder days a new run starts with: the policy's, else the playbook's own. */
export function startRevokeDays(playbookDays: number | null, policy: Policy): number | null {
  return policy.revokeReminderDays ?? playbookDays;
}

/** Why the admin's choice of reminder days is refused by policy (longer than, or off while, the policy sets it); null when allowed. */
export function revokeDaysRefused(days: number | null, policy: Policy): string | null {
  const max = policy.revokeReminderDays;
  if (max === null) return null;
  if (days === null) return `Your organisation's policy requires a revoke reminder (at most ${max} days).`;
  return days > max ? `Your organisation's policy sets the reminder to at most ${max} days.` : null;
}
