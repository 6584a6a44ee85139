/**
 * The playbook registry: every grantee playbook Keyhole ships, parsed and checked once (the first time it is
 * asked for) and kept; and the imported playbooks, read from storage by one function for the popup and the
 * worker alike, listed beside them. Built-ins win over an imported playbook with the same id.
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

/**
 * The imported playbooks in storage (`keyhole.imported`: id → playbook), each checked again with the schema: a
 * value that does not parse, or is stored under another id, is left out; damaged storage counts as none.
 */
export function importedPlaybooks(stored: unknown): Record<string, Playbook> {
  const out: Record<string, Playbook> = {};
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return out;
  for (const [id, v] of Object.entries(stored)) {
    const r = parsePlaybook(v);
    if (r.ok && r.playbook.id === id) out[id] = r.playbook;
  }
  return out;
}
