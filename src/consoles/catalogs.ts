/**
 * Every console's permission catalog, by the name a check gives (`PermissionCheck.catalog`). The catalogs are
 * large (the Salesforce one is ~95 kB of source): only the background (and tests) import this registry. The
 * content script never does: it reads the catalogs the background publishes beside the active playbook
 * (background/publish-guide.ts, src/consoles/catalog-data.ts), so they are not parsed on every console page.
 */
import type { Catalog } from '../core/effects.ts';
import type { ConsoleId } from './hosts.ts';
import { HIBOB_CATALOG } from './hibob/catalog.ts';
import { SALESFORCE_CATALOG } from './salesforce/catalog.ts';

const CATALOGS: Record<ConsoleId, Catalog> = { hibob: HIBOB_CATALOG, salesforce: SALESFORCE_CATALOG };

/** The permission catalog a check names, if Keyhole has it. */
export function catalogNamed(name: string | undefined): Catalog | undefined {
  return name && Object.hasOwn(CATALOGS, name) ? CATALOGS[name as ConsoleId] : undefined;
}
