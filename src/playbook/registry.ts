/** Built-in and imported playbooks, side by side. */
import type { Playbook } from '../core/types.ts';
import { parsePlaybook } from './schema.ts';
import { BUILTIN_PLAYBOOKS } from '../vendors/index.ts';

export function builtinPlaybooks(): Playbook[] {
  return BUILTIN_PLAYBOOKS.map((raw) => {
    const r = parsePlaybook(raw);
    if (!r.ok) throw new Error(`built-in playbook ${(raw as { id?: string }).id} is invalid: ${r.errors.join('; ')}`);
    return r.playbook;
  });
}

export function allPlaybooks(imported: Record<string, Playbook>): Array<Playbook & { imported?: boolean }> {
  const builtins = builtinPlaybooks();
  const ids = new Set(builtins.map((p) => p.id));
  return [...builtins, ...Object.values(imported).filter((p) => !ids.has(p.id)).map((p) => ({ ...p, imported: true }))];
}
