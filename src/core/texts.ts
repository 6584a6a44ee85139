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
/** Texts without placeholders, read once: every box's reason may ask (an extension API call each, otherwise). */
const fixed = new Map<string, string>();

export function useTexts(fn: TextLookup): void {
  lookup = fn;
  fixed.clear();
}

export function t(key: TextKey, ...subs: Array<string | number>): string {
  if (subs.length) return lookup(key, subs.map(String)) || key;
  let v = fixed.get(key);
  if (v === undefined) fixed.set(key, (v = lookup(key, []) || key));
  return v;
}
