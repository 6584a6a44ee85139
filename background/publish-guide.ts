/**
 * What the content scripts need besides the playbook, published with it (one storage value, so a content script
 * never sees a playbook without the catalogs its checks name, or another playbook's):
 *   - the permission catalogs the playbook's checks name (read back and checked by src/consoles/catalog-data.ts;
 *     a check whose catalog is missing or malformed fails closed there);
 *   - the overlay's stylesheet (read back by content-scripts/guide-data.ts).
 * Neither is bundled into the content script (issue 13: ≤ 25 kB gzipped, and no web-accessible resource a page
 * could fetch to fingerprint Keyhole).
 */
import type { ActivePlaybook } from '../src/messages.ts';
import type { Catalog } from '../src/core/effects.ts';
import { catalogNamed } from '../src/consoles/catalogs.ts';
import { CATALOGS_FIELD, catalogNamesOf } from '../src/consoles/catalog-data.ts';
import overlayCss from '../styles/overlay.css?inline';

interface GuideData {
  [CATALOGS_FIELD]: Record<string, Catalog>;
  /** Same name as content-scripts/guide-data.ts reads (tests/unit/guide-data.test.ts checks the round trip). */
  overlayCss: string;
}

export function withGuideData(active: ActivePlaybook): ActivePlaybook & GuideData {
  const catalogs: Record<string, Catalog> = {};
  for (const name of catalogNamesOf(active.playbook.steps)) {
    const c = catalogNamed(name);
    if (c) catalogs[name] = c;
  }
  return { ...active, [CATALOGS_FIELD]: catalogs, overlayCss };
}
