/** The consoles Keyhole knows, by host: what the content script hands the core for the frame it runs in. */
import { PLAIN_MARKUP, type ConsoleMarkup } from '../core/markup.ts';
import { consoleOfHost, type ConsoleId } from './hosts.ts';
import { HIBOB_MARKUP } from './hibob/markup.ts';
import { SALESFORCE_MARKUP } from './salesforce/markup.ts';
import type { Catalog } from '../core/effects.ts';
import { HIBOB_CATALOG } from './hibob/catalog.ts';
import { SALESFORCE_CATALOG } from './salesforce/catalog.ts';

const MARKUP: Record<ConsoleId, ConsoleMarkup> = { hibob: HIBOB_MARKUP, salesforce: SALESFORCE_MARKUP };

/** The markup conventions of the console this host belongs to; plain ARIA/HTML elsewhere. */
export function markupForHost(hostname: string): ConsoleMarkup {
  const id = consoleOfHost(hostname);
  return id ? MARKUP[id] : PLAIN_MARKUP;
}

const CATALOGS: Record<ConsoleId, Catalog> = { hibob: HIBOB_CATALOG, salesforce: SALESFORCE_CATALOG };

/** The permission catalog a check names (`PermissionCheck.catalog`), if Keyhole has it. */
export function catalogNamed(name: string | undefined): Catalog | undefined {
  return name && Object.hasOwn(CATALOGS, name) ? CATALOGS[name as ConsoleId] : undefined;
}
