/**
 * Finds a control the way a person describes it: by role and visible name, by label, by title, inside the
 * container around some text ("the Manage button in the tile titled Service users"), with ordered fallbacks.
 */
import type { Locator, Role, Target, TextMatch } from '../format/types.ts';
import { actionableProxy, isVisible, labelTexts, nameTexts, textCandidates } from './dom.ts';
import { isSilent, stripDecorations } from './identity.ts';
import { describeMatch, looseKey, textMatches } from './text.ts';
import { PLAIN_MARKUP, withExtra, type ConsoleMarkup } from './markup.ts';

export const ROLE_SELECTORS: Record<Role, string> = {
  button: 'button, [role=button], input[type=button], input[type=submit], input[type=reset], a[class*=button]',
  link: 'a[href], [role=link]',
  checkbox: 'input[type=checkbox], [role=checkbox], [role=switch]',
  radio: 'input[type=radio], [role=radio]',
  textbox:
    'input:not([type]), input[type=text], input[type=email], input[type=search], input[type=tel], input[type=url], input[type=number], textarea, [role=textbox], [role=searchbox], [contenteditable=true]',
  combobox: 'select, [role=combobox], [role=listbox]',
  option: '[role=option], option',
  tab: '[role=tab]',
  menuitem: '[role=menuitem], [role=menuitemcheckbox], [role=menuitemradio]',
  heading: 'h1, h2, h3, h4, h5, h6, [role=heading]',
  dialog: '[role=dialog], [role=alertdialog], dialog[open], [aria-modal=true]',
  any: '*',
};

/** Open dialogs: ARIA, <dialog>, and the plain `.modal` class most CSS frameworks share. */
const DIALOG = '[role=dialog], [role=alertdialog], dialog[open], [aria-modal=true], .modal';

interface Selectors {
  roles: Record<Role, string>;
  dialog: string;
}
const compiled = new WeakMap<ConsoleMarkup, Selectors>();

/** The role and dialog selectors with a console's extra markup (compiled once per markup object). */
function selectors(markup: ConsoleMarkup): Selectors {
  let s = compiled.get(markup);
  if (!s) {
    const roles = { ...ROLE_SELECTORS };
    for (const role of Object.keys(roles) as Role[]) roles[role] = withExtra(roles[role], markup.roles?.[role]);
    s = { roles, dialog: withExtra(DIALOG, markup.dialog) };
    compiled.set(markup, s);
  }
  return s;
}

export function toList(target: Target | undefined): Locator[] {
  if (!target) return [];
  return Array.isArray(target) ? target : [target];
}

/**
 * THE RULE for comparing a whole text (identity.ts has the details): a text node of the element first, as written
 * or with its textual decorations stripped ("Name (Custom)", "Name (3)", "Name ✎"); then the element's text
 * without decoration subtrees (badges, counters, icons, tooltips, visually hidden text, in-name buttons), as
 * written or stripped; last its raw text. Text inside icons (ligatures such as "delete"), tooltips and visually
 * hidden helpers is never an anchor of its own. Case, whitespace and quote style never matter (text.ts).
 */
function textNodeMatches(data: string, match: TextMatch): boolean {
  if (textMatches(data, match)) return true;
  const stripped = stripDecorations(data);
  return stripped !== data.trim() && !!stripped && textMatches(stripped, match);
}

const squash = (s: string) => looseKey(s).replace(/\s+/g, '');
/** Cheap precheck: decorations only add text, so a match's words must appear in the element's raw text. */
function mightMatch(raw: string, match: TextMatch): boolean {
  if (raw.length > 300) return false;
  const words = typeof match === 'string' ? [match] : Array.isArray(match) ? match : match.regex ? null : [...(match.equals ?? []), ...(match.startsWith ?? []), ...(match.contains ?? [])];
  if (!words) return true;
  const hay = squash(raw);
  return words.some((w) => hay.includes(squash(w)));
}

/** Elements whose own text (a text node of theirs) matches, or whose text does under the name rule. */
function elementsByText(root: ParentNode, match: TextMatch, css?: string): Element[] {
  const doc = (root as Node).ownerDocument ?? (root as Document);
  const walker = doc.createTreeWalker(root as Node, 4 /* NodeFilter.SHOW_TEXT */);
  const out: Element[] = [];
  const seen = new Set<Element>();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const data = node.nodeValue ?? '';
    if (data.length > 300 || !data.trim()) continue;
    let el: Element | null = node.parentElement;
    if (!el || seen.has(el)) continue;
    const tag = el.tagName;
    if (tag === 'SCRIPT' || tag === 'STYLE' || tag === 'NOSCRIPT' || tag === 'TEMPLATE') continue;
    if (isSilent(el)) continue;
    // Prefer the whole element's text when the text is split ("Title<span>:</span>", "Name<span>badge</span>").
    if (!textNodeMatches(data, match)) {
      if (!mightMatch(el.textContent ?? '', match) || !textCandidates(el).some((t) => textMatches(t, match))) continue;
    }
    if (css) {
      const host: Element | null = el.matches(css) ? el : el.closest(css);
      if (!host) continue;
      el = host;
    }
    seen.add(el);
    out.push(el);
  }
  return out;
}

function candidates(loc: Locator, root: ParentNode, sel: Selectors): Element[] {
  const roleSel = loc.role ? sel.roles[loc.role] : null;
  if (roleSel || loc.css) {
    // Both: the CSS (usually the narrower, e.g. input[name=save]) is queried and the role filters, not the other
    // way round (a role's selector list matched over a whole 3,000-box page): the same elements, in document order.
    const list = Array.from(root.querySelectorAll(loc.css ?? roleSel!));
    return roleSel && loc.css ? list.filter((el) => el.matches(roleSel)) : list;
  }
  if (loc.name) return elementsByText(root, loc.name);
  if (loc.label) return Array.from(root.querySelectorAll(`${sel.roles.textbox}, select, ${sel.roles.checkbox}, ${sel.roles.radio}`));
  return [];
}

/** Raw texts first (cheap); the name rule's candidates only when the raw text could hold the name. */
function texts(get: (full: boolean) => string[], match: TextMatch): boolean {
  const quick = get(false);
  if (quick.some((t) => textMatches(t, match))) return true;
  if (!quick.some((t) => mightMatch(t, match))) return false;
  return get(true).some((t) => textMatches(t, match));
}

function passes(el: Element, loc: Locator, sel: Selectors): boolean {
  if (loc.name && !texts((full) => nameTexts(el, full), loc.name)) {
    // Roleless text search already matched on text; only role/css candidates need the name check.
    if (loc.role || loc.css) return false;
  }
  if (loc.label && !texts((full) => labelTexts(el, full), loc.label)) return false;
  if (loc.inDialog && !el.closest(sel.dialog)) return false;
  if (!loc.hidden && !isVisible(el)) return false;
  return true;
}

/**
 * Narrow matches to the nearest container around an anchor text (tile, section, row). Anchors whose
 * container is smallest win, so a page title with the same words does not widen the scope.
 */
function scopeWithin(matches: Element[], loc: Locator, root: ParentNode): Element[] {
  if (!loc.within || matches.length === 0) return matches;
  const anchors = elementsByText(root, loc.within.text, loc.within.css);
  const container = loc.within.container;
  if (container) {
    // Strict: only matches in the anchor's own container (its row), never a neighbour's.
    const out: Element[] = [];
    for (const anchor of anchors) {
      const box = anchor.closest(container);
      if (!box) continue;
      for (const m of matches) if ((m === box || box.contains(m)) && m !== anchor && !out.includes(m)) out.push(m);
    }
    return out;
  }
  const scored: Array<{ steps: number; inside: Element[] }> = [];
  for (const anchor of anchors) {
    let steps = 0;
    for (let box: Element | null = anchor; box; box = box.parentElement, steps++) {
      const inside = matches.filter((m) => box!.contains(m) && m !== anchor);
      if (inside.length) {
        scored.push({ steps, inside });
        break;
      }
      if (box === root) break;
    }
  }
  scored.sort((a, b) => a.steps - b.steps);
  const out: Element[] = [];
  for (const { inside } of scored) for (const m of inside) if (!out.includes(m)) out.push(m);
  return out;
}

export function locateAll(loc: Locator, root: ParentNode, markup: ConsoleMarkup = PLAIN_MARKUP): Element[] {
  const sel = selectors(markup);
  const found = candidates(loc, root, sel).filter((el) => passes(el, loc, sel));
  // Roleless text searches may return both a wrapper and its child; keep the innermost.
  const inner = loc.role || loc.css ? found : found.filter((el) => !found.some((o) => o !== el && el.contains(o)));
  return scopeWithin(inner, loc, root);
}

/**
 * First match of the first locator that finds anything. A locator by role or CSS without an anchor text stops at
 * its nth match (locateAll's order): the rest of a large page's candidates are never named or measured.
 */
export function locate(target: Target | undefined, root: ParentNode, markup: ConsoleMarkup = PLAIN_MARKUP): Element | null {
  for (const loc of toList(target)) {
    let el: Element | undefined;
    if (loc.within || !(loc.role || loc.css)) el = locateAll(loc, root, markup)[loc.nth ?? 0];
    else {
      const sel = selectors(markup);
      let n = loc.nth ?? 0;
      // Anything of a role or selector, hidden or not (e.g. "the page has checkboxes"): the first one, by one
      // native query that stops there (a list of every box on a large page costs milliseconds).
      if (loc.hidden && !n && !loc.name && !loc.label && !loc.inDialog && !(loc.role && loc.css)) el = root.querySelector(loc.css ?? sel.roles[loc.role!]) ?? undefined;
      else el = candidates(loc, root, sel).find((c) => passes(c, loc, sel) && n-- === 0);
    }
    if (el) return el;
  }
  return null;
}

export function locateActionable(target: Target | undefined, root: ParentNode, markup: ConsoleMarkup = PLAIN_MARKUP): Element | null {
  const el = locate(target, root, markup);
  return el ? actionableProxy(el) : null;
}

/** Words for "what to look for" when nothing is found. */
export function describeTarget(target: Target | undefined): string {
  const loc = toList(target)[0];
  if (!loc) return 'the control';
  const role = loc.role && loc.role !== 'any' ? loc.role.replace('combobox', 'picklist').replace('textbox', 'field') : 'control';
  const what = loc.name ? `the ${role} ${describeMatch(loc.name)}` : loc.label ? `the ${role} labelled ${describeMatch(loc.label)}` : `the ${role}`;
  return loc.within ? `${what} near ${describeMatch(loc.within.text)}` : what;
}
