/**
 * What Keyhole says to the admin lives in the extension's message catalog, public/_locales/en/messages.json, read
 * through the browser's i18n API (`i18n.getMessage`: synchronous, no permission, open to content scripts). The
 * words stay out of the content script that every console page parses, and the guide can be translated.
 *
 * The core does not touch browser APIs: the entry point that has one hands its lookup in (`useTexts`); the unit
 * tests hand in one that reads the same file. Without a lookup, or for a key the catalog lacks, a text is its key.
 */
import type messages from '../../public/_locales/en/messages.json';

export type TextKey = keyof typeof messages;

/** A message by key, with its placeholders filled in order (`$1`, `$2`, …). */
type TextLookup = (key: string, substitutions: string[]) => string;

let lookup: TextLookup = () => '';
/**
 * Texts read once per key and placeholders: every box's reason may ask, and every pass redraws the card's counts.
 * Each lookup is an extension API call (in Chrome it also reads the UI language: about 1 ms a pass on a busy page).
 * Bounded: a text's placeholders are counts and names, few per page.
 */
const read = new Map<string, string>();
const READ_MAX = 500;

export function useTexts(fn: TextLookup): void {
  lookup = fn;
  read.clear();
}

export function t(key: TextKey, ...subs: Array<string | number>): string {
  const memo = [key, ...subs].join('\u0000');
  let v = read.get(memo);
  if (v === undefined) {
    if (read.size >= READ_MAX) read.clear();
    read.set(memo, (v = lookup(key, subs.map(String)) || key));
  }
  return v;
}
