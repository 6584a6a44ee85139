/**
 * The catalogs a content script receives for a playbook, exactly as in the extension: published by the background
 * beside the active playbook (background/publish-guide.ts), through storage (a JSON round trip here), read back and
 * checked by src/consoles/catalog-data.ts.
 */
import type { Playbook } from '../../src/format/types.ts';
import { guideDataFor } from '../../background/publish-guide.ts';
import { catalogsOf, type Catalogs } from '../../src/consoles/catalog-data.ts';

export function publishedCatalogs(playbook: Playbook): Catalogs {
  return catalogsOf(JSON.parse(JSON.stringify(guideDataFor({ playbook, startedAt: 0 }))));
}
