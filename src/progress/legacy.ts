/**
 * Snapshots stored by earlier Keyhole versions, before the page sent its whole judgement: their items may lack the
 * `rule` that judged them, and the snapshot has no `notSeen`. Only for those, the missing facts are filled in here
 * from the playbook's rules. A snapshot recorded now carries both, and the checklist only reshapes it.
 */
import type { PermissionCheck } from '../format/types.ts';
import { textMatches } from '../core/text.ts';
import { notSeenOf } from '../core/validator.ts';
import type { Snapshot } from './state.ts';

export function completeLegacySnapshot(snap: Snapshot, check: PermissionCheck | undefined): Snapshot {
  const legacyItems = snap.items.some((i) => !i.rule);
  if (!legacyItems && snap.notSeen) return snap;
  return {
    ...snap,
    items: legacyItems
      ? snap.items.map((i) => (i.rule || !check?.forbidden.some((r) => textMatches(i.name, r.match)) ? i : { ...i, rule: 'forbidden' as const }))
      : snap.items,
    notSeen: snap.notSeen ?? (check ? notSeenOf(check, snap.items) : []),
  };
}
