/** The consoles Keyhole knows, by host: what the content script hands the core for the frame it runs in. */
import { PLAIN_MARKUP, type ConsoleMarkup } from '../core/markup.ts';
import { consoleOfHost, type ConsoleId } from './hosts.ts';
import { HIBOB_MARKUP } from './hibob/markup.ts';
import { SALESFORCE_MARKUP } from './salesforce/markup.ts';

const MARKUP: Record<ConsoleId, ConsoleMarkup> = { hibob: HIBOB_MARKUP, salesforce: SALESFORCE_MARKUP };

/** The markup conventions of the console this host belongs to; plain ARIA/HTML elsewhere. */
export function markupForHost(hostname: string): ConsoleMarkup {
  const id = consoleOfHost(hostname);
  return id ? MARKUP[id] : PLAIN_MARKUP;
}

// The permission catalogs are not here: the content script imports this module, and the catalogs reach it as
// data (src/consoles/catalog-data.ts). The registry is src/consoles/catalogs.ts (background and tests).
