/**
 * What the content scripts need besides the playbook, published under a storage key of its own
 * (STORAGE.guide), stamped with the run it belongs to (guideStamp):
 *   - the permission catalogs the playbook's checks name (read back and checked by src/consoles/catalog-data.ts;
 *     a check whose catalog is missing or malformed fails closed there);
 *   - the overlay's stylesheet (read back by content-scripts/guide-data.ts).
 * Neither is bundled into the content script (issue 13: ≤ 25 kB gzipped, and no web-accessible resource a page
 * could fetch to fingerprint Keyhole). Nor is either in the active playbook's value: every console page reads that
 * one at load (the Salesforce catalog alone is ~375 kB of JSON), while the guide data is read only where a guide
 * starts, and written only when the run changes (not on every identity or revoke update).
 */
import { guideStamp, type ActivePlaybook } from '../src/messages.ts';
import type { Catalog } from '../src/core/effects.ts';
import { catalogNamed } from '../src/consoles/catalogs.ts';
import { CATALOGS_FIELD, catalogNamesOf } from '../src/consoles/catalog-data.ts';
import overlayCss from '../styles/overlay.css?inline';

interface GuideData {
  /** The run (guideStamp) this data was published for: a content script uses no other run's. */
  for: string;
  [CATALOGS_FIELD]: Record<string, Catalog>;
  /** Same name as content-scripts/guide-data.ts reads (tests/unit/catalog-data.test.ts checks the round trip). */
  overlayCss: string;
}

export function guideDataFor(active: ActivePlaybook): GuideData {
  const catalogs: Record<string, Catalog> = {};
  for (const name of catalogNamesOf(active.playbook.steps)) {
    const c = catalogNamed(name);
    if (c) catalogs[name] = c;
  }
  return { for: guideStamp(active), [CATALOGS_FIELD]: catalogs, overlayCss };
}
