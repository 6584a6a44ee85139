/** Evaluates playbook conditions and page matchers against a document. Pure: no browser APIs. */
import type { Condition, PageMatcher } from '../format/types.ts';
import { locate } from './locator.ts';
import { readChecked, readValue } from './dom.ts';
import { textMatches } from './text.ts';
import { pageUrlMatches, urlMatches } from './url-match.ts';
import type { ConsoleMarkup } from './markup.ts';

export interface PageContext {
  doc: Document;
  url: URL;
  /** The console's markup conventions (plain ARIA/HTML when absent). */
  markup?: ConsoleMarkup;
  /** Is this page about the playbook's object of this kind? Undefined where the page is not one of its pages. */
  identity?: (kind: string) => 'same' | 'other' | 'unsure' | undefined;
  /**
   * Whether each locator (by its JSON) found something, within one pass over an unchanged page: many steps share
   * a page's signature, and each `exists` is a search of the whole page.
   */
  found?: Map<string, boolean>;
}

/** Does the locator find an element? Memoised in the pass's context, when it has a memo. */
function found(loc: Parameters<typeof locate>[0], ctx: PageContext): boolean {
  const key = ctx.found && JSON.stringify(loc);
  let hit = key ? ctx.found!.get(key) : undefined;
  if (hit === undefined) {
    hit = locate(loc, ctx.doc, ctx.markup) !== null;
    if (key) ctx.found!.set(key, hit);
  }
  return hit;
}

export function evaluate(cond: Condition | undefined, ctx: PageContext): boolean {
  if (!cond) return true;
  const root = ctx.doc;
  const markup = ctx.markup;
  if ('all' in cond) return cond.all.every((c) => evaluate(c, ctx));
  if ('any' in cond) return cond.any.some((c) => evaluate(c, ctx));
  if ('not' in cond) return !evaluate(cond.not, ctx);
  if ('exists' in cond) return found(cond.exists, ctx);
  if ('absent' in cond) return !found(cond.absent, ctx);
  if ('url' in cond) return urlMatches(cond.url, ctx.url);
  if ('title' in cond) return textMatches(root.title ?? '', cond.title);
  if ('identity' in cond) return ctx.identity?.(cond.identity) === cond.is;
  if ('checked' in cond) {
    const el = locate(cond.checked, root, markup);
    return el !== null && readChecked(el, markup) === cond.is;
  }
  if ('value' in cond) {
    const el = locate(cond.value, root, markup);
    if (!el) return false;
    const value = readValue(el);
    if (cond.nonEmpty && !value.trim()) return false;
    if (cond.equals && !textMatches(value, cond.equals)) return false;
    return true;
  }
  return false;
}

export function pageMatches(page: PageMatcher | undefined, ctx: PageContext): boolean {
  return pageUrlMatches(page, ctx.url) && evaluate(page!.signature, ctx);
}
