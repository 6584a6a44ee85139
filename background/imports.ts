/** Importing and removing playbooks (options page). Stored playbooks are read back by src/builtins.ts. */
import browser from 'webextension-polyfill';
import { STORAGE } from '../src/messages.ts';
import { parsePlaybook } from '../src/format/schema.ts';
import { isBuiltinId } from '../src/builtins.ts';
import { exclusive, isRecord } from './store.ts';

const MAX_BYTES = 1_000_000;

/** The stored imports as a plain record; anything else (damaged storage) counts as none. */
function storedImports(v: unknown): Record<string, unknown> {
  return isRecord(v) ? { ...v } : {};
}

function oneLine(s: string): string {
  const t = s.replace(/\s+/g, ' ');
  return t.length > 500 ? `${t.slice(0, 499)}…` : t;
}

type ImportResult = { ok: true; id: string } | { ok: false; errors: string[] };

/** Check a playbook file and store it; a rejected file leaves storage as it was. */
export async function importPlaybook(json: unknown): Promise<ImportResult> {
  if (typeof json !== 'string') return { ok: false, errors: ['(root): expected the text of a JSON file'] };
  if (json.length > MAX_BYTES) return { ok: false, errors: ['(root): the file is larger than 1 MB'] };
  const r = parsePlaybook(json);
  // One short line per problem: a JSON syntax error quotes the file around the bad character.
  if (!r.ok) return { ok: false, errors: r.errors.slice(0, 50).map(oneLine) };
  // "constructor" fits the id pattern but is a name every plain object inherits: never a storage key.
  if (r.playbook.id in Object.prototype) return { ok: false, errors: [`id: "${r.playbook.id}" is a reserved name`] };
  if (isBuiltinId(r.playbook.id)) return { ok: false, errors: [`id: "${r.playbook.id}" is a built-in playbook id`] };
  const playbook = r.playbook;
  await exclusive(async () => {
    const got = await browser.storage.local.get(STORAGE.imported);
    const imported = { ...storedImports(got[STORAGE.imported]), [playbook.id]: playbook };
    await browser.storage.local.set({ [STORAGE.imported]: imported });
  });
  return { ok: true, id: playbook.id };
}

/** Remove an imported playbook (built-ins stay). */
export async function removePlaybook(id: string): Promise<{ ok: boolean; error?: string }> {
  if (isBuiltinId(id)) return { ok: false, error: 'built-in playbooks cannot be removed' };
  await exclusive(async () => {
    const got = await browser.storage.local.get(STORAGE.imported);
    const imported = storedImports(got[STORAGE.imported]);
    delete imported[id];
    await browser.storage.local.set({ [STORAGE.imported]: imported });
  });
  return { ok: true };
}
