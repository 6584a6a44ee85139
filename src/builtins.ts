/**
 * The built-in registry: every grantee playbook Keyhole ships, parsed and checked once (the first time it is
 * asked for) and kept; and the imported playbooks listed beside them. Built-ins win over an imported playbook
 * with the same id.
 */
import type { Playbook } from './format/types.ts';
import { parsePlaybook } from './format/schema.ts';
import { BUILTIN_PLAYBOOKS } from './grantees/index.ts';

let parsed: readonly Playbook[] | null = null;

export function builtinPlaybooks(): Playbook[] {
  parsed ??= BUILTIN_PLAYBOOKS.map((raw) => {
    const r = parsePlaybook(raw);
    if (!r.ok) throw new Error(`built-in playbook ${(raw as { id?: string }).id} is invalid: ${r.errors.join('; ')}`);
    return deepFreeze(r.playbook);
  });
  return [...parsed];
}

/** Shared by every caller: frozen, so no caller can change another's copy. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export function isBuiltinId(id: string): boolean {
  return builtinPlaybooks().some((p) => p.id === id);
}

export function allPlaybooks(imported: Record<string, Playbook>): Array<Playbook & { imported?: boolean }> {
  const builtins = builtinPlaybooks();
  const ids = new Set(builtins.map((p) => p.id));
  return [...builtins, ...Object.values(imported).filter((p) => !ids.has(p.id)).map((p) => ({ ...p, imported: true }))];
}
