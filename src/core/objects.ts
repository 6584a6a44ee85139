/**
 * The playbook's objects as one page shows them: for each object whose pages include this one, the evidence
 * (id from the URL, the title's name candidates, built-in markers) and whether it is the playbook's object
 * (identity.ts `recognise`). Pure: a document, a URL and what is known; the agent sends what it learns.
 */
import type { Playbook } from '../format/types.ts';
import { evaluate, pageMatches, type PageContext } from './conditions.ts';
import { locate } from './locator.ts';
import { compileRegex } from './text.ts';
import { displayName, nameCandidates, recognise, type IdentityRecord, type KnownOthers, type PageEvidence, type Recognition } from './identity.ts';

export interface SeenObject {
  kind: string;
  recognition: Recognition;
  evidence: PageEvidence;
  /** What Keyhole knew (or the playbook's suggestion when it knew nothing). */
  record: IdentityRecord;
  /** The page's name for the object, decorations stripped ('' when unreadable). */
  pageName: string;
}

export function seeObjects(
  playbook: Pick<Playbook, 'objects'>,
  base: PageContext,
  records: Record<string, IdentityRecord> = {},
  others: Record<string, KnownOthers> = {},
): Map<string, SeenObject> {
  const out = new Map<string, SeenObject>();
  for (const [kind, spec] of Object.entries(playbook.objects ?? {})) {
    if (!spec.pages?.length || !spec.pages.some((p) => pageMatches(p, base))) continue;
    const re = spec.id ? compileRegex(spec.id.path) : null;
    const id = re ? (base.url.pathname.match(re)?.[1] ?? null) : null;
    const title = spec.title ? locate(spec.title, base.doc) : null;
    const names = title ? nameCandidates(title) : [];
    const evidence: PageEvidence = { id, names, builtIn: spec.builtIn ? evaluate(spec.builtIn, base) : false };
    const record: IdentityRecord = records[kind] ?? { kind, name: spec.name, how: 'name', at: 0 };
    out.set(kind, { kind, recognition: recognise(evidence, record, others[kind]), evidence, record, pageName: title ? displayName(title) : '' });
  }
  return out;
}

/** The page context with the objects' recognition attached (what `{ identity, is }` conditions read). */
export function withIdentity(base: PageContext, seen: Map<string, SeenObject>): PageContext {
  return { ...base, identity: (kind) => seen.get(kind)?.recognition };
}
