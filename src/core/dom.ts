/**
 * Reading the page the way a person does: visible text, labels, titles, ARIA. No generated ids.
 * Pure DOM code; runs in happy-dom for unit tests.
 */
import { normalize } from './text.ts';
import { PLAIN_MARKUP, type ConsoleMarkup } from './markup.ts';
import { candidatesOf, cleanText, ownText as identityOwnText } from './identity.ts';

const MAX_TEXT = 300;

export function ownText(el: Element): string {
  const t = el.textContent ?? '';
  return t.length > MAX_TEXT ? '' : t;
}

/**
 * The texts a whole-text comparison tries, per the one name rule (identity.ts): the element's own text, its text
 * without decoration subtrees, both with textual decorations stripped, and last its raw text (so `contains`,
 * `startsWith` and `regex` matches still see everything).
 */
export function textCandidates(el: Element): string[] {
  const raw = ownText(el);
  if (!raw.trim()) return [];
  // The clean text first: a caller that names an element by the first candidate gets its whole words.
  const clean = cleanText(el);
  const out = candidatesOf(identityOwnText(el), clean);
  const c = clean.replace(/\s+/g, ' ').trim();
  if (c) {
    const i = out.indexOf(c);
    if (i > 0) out.splice(i, 1);
    if (i !== 0) out.unshift(c);
  }
  if (!out.includes(raw)) out.push(raw);
  return out;
}

function byIdRefs(el: Element, attr: string): string[] {
  const ids = el.getAttribute(attr);
  if (!ids) return [];
  const doc = el.ownerDocument;
  return ids
    .split(/\s+/)
    .map((id) => doc.getElementById(id)?.textContent ?? '')
    .filter(Boolean);
}

function isFormControl(el: Element): el is HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement {
  const tag = el.tagName;
  return tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA';
}

/** Labels of a form control or custom control, most specific first. */
export function labelTexts(el: Element, full = true): string[] {
  const texts = (l: Element) => (full ? textCandidates(l) : [l.textContent ?? '']);
  const out: string[] = [];
  const aria = el.getAttribute('aria-label');
  if (aria) out.push(aria);
  out.push(...byIdRefs(el, 'aria-labelledby'));
  if (isFormControl(el)) {
    const labels = (el as HTMLInputElement).labels;
    if (labels && labels.length) {
      for (const l of Array.from(labels)) out.push(...texts(l));
    } else {
      const id = el.getAttribute('id');
      if (id) {
        const l = el.ownerDocument.querySelector(`label[for="${cssEscape(id)}"]`);
        if (l) out.push(...texts(l));
      }
      const wrap = el.closest('label');
      if (wrap) out.push(...texts(wrap));
    }
  }
  const row = rowLabel(el);
  if (row) out.push(row);
  const ph = el.getAttribute('placeholder');
  if (ph) out.push(ph);
  const title = el.getAttribute('title');
  if (title) out.push(title);
  const named = out.filter((t) => t.trim());
  // Nothing names it: a label written before the field and tied to nothing (no `for`, not wrapping it).
  // Never for a box: a box's name decides its verdict, and a neighbour's words are no evidence of it.
  if (!named.length && !el.matches(BOX)) {
    const f = fieldLabel(el);
    if (f) named.push(f);
  }
  return named;
}

const CONTROL = 'input, select, textarea, [role=combobox], [role=textbox], [role=listbox], [role=checkbox], [role=radio], [role=switch]';
const BOX = 'input[type=checkbox], input[type=radio], [role=checkbox], [role=radio], [role=switch]';
/** A sibling that ends the search: another field, or a label tied to one. */
const OTHER_FIELD = `${CONTROL}, label[for]`;

/**
 * The nearest earlier sibling with short text (≤ 80 characters) and no control, of the control or of one of its
 * three nearest ancestors. A control (or a `label[for]`) met first means the text before it is another field's
 * label: nothing.
 */
function fieldLabel(el: Element): string {
  for (let e: Element | null = el, up = 0; e && up < 4; e = e.parentElement, up++) {
    for (let s = e.previousElementSibling; s; s = s.previousElementSibling) {
      if (s.matches(OTHER_FIELD) || s.querySelector(CONTROL)) return '';
      const t = ownText(s).trim();
      if (t) return t.length <= 80 ? t : '';
    }
  }
  return '';
}

const GRID_CELL = '[role=gridcell], [role=cell], [role=rowheader]';

/** The nearest earlier cell in the same table (or ARIA grid) row that has text and no control: the row's label. */
export function rowLabel(el: Element): string {
  const cell = el.closest('td, th') ?? el.closest(GRID_CELL);
  if (!cell) return '';
  for (let c = cell.previousElementSibling; c; c = c.previousElementSibling) {
    if (c.querySelector('input, select, textarea, [role=checkbox]')) continue;
    const t = ownText(c).trim();
    if (t) return t;
  }
  return '';
}

/** The row label of the element's row, else of the row around its table (a grid of boxes nested in a labelled cell). */
export function outerRowLabel(el: Element): string {
  let r = '';
  for (let e: Element | null | undefined = el; e && !r; e = e.closest('td, th')?.parentElement) r = rowLabel(e);
  return r;
}

/** Every string a person might call this control by. */
/** `full` false: only the raw texts (a cheap first pass; the name rule's candidates come with `full`). */
export function nameTexts(el: Element, full = true): string[] {
  const out: string[] = [];
  const aria = el.getAttribute('aria-label');
  if (aria) out.push(aria);
  out.push(...byIdRefs(el, 'aria-labelledby'));
  if (el.tagName === 'INPUT') {
    const type = (el as HTMLInputElement).type;
    if (type === 'button' || type === 'submit' || type === 'reset') out.push((el as HTMLInputElement).value);
    else out.push(...labelTexts(el, full));
  } else if (el.tagName === 'SELECT' || el.tagName === 'TEXTAREA') {
    out.push(...labelTexts(el, full));
  } else {
    out.push(...(full ? textCandidates(el) : [ownText(el)]));
    const img = el.querySelector('img[alt]');
    if (img) out.push(img.getAttribute('alt') ?? '');
  }
  const title = el.getAttribute('title');
  if (title) out.push(title);
  const alt = el.getAttribute('alt');
  if (alt) out.push(alt);
  // Icon-only buttons are often named only by their tooltip (aria-describedby).
  if (!out.some((t) => t.trim())) out.push(...byIdRefs(el, 'aria-describedby'));
  return out.filter((t) => t.trim());
}

function cssEscape(s: string): string {
  if (typeof CSS !== 'undefined' && typeof CSS.escape === 'function') return CSS.escape(s);
  return s.replace(/["\\\]]/g, '\\$&');
}

export function isVisible(el: Element): boolean {
  if (el.closest('[hidden]')) return false;
  // Where checkVisibility is missing (happy-dom), only the [hidden] check above counts.
  if ((el as Element & { checkVisibility?: (o?: object) => boolean }).checkVisibility?.({ visibilityProperty: true }) === false) return false;
  // happy-dom and detached layouts report no boxes; treat "no layout engine" as visible.
  return el.getClientRects().length > 0 || !hasLayout(el);
}

/** False in DOM emulations without a layout engine (every box is 0×0 there). */
function hasLayout(el: Element): boolean {
  const root = el.ownerDocument.documentElement;
  return !!root && root.getBoundingClientRect().width > 0;
}

/** actionableProxy's answer per input, once the page had a layout to judge it by (while it is on the page). */
const proxies = new WeakMap<Element, Element>();

/**
 * Where a person actually clicks: a visually hidden native checkbox is operated through its label. Judged once
 * per input on a laid-out page: it reads the box's layout and styles, which after a page change would make
 * Keyhole lay the page out (the same first problem is the target of pass after pass).
 */
export function actionableProxy(el: Element): Element {
  if (el.tagName !== 'INPUT') return el;
  let proxy = proxies.get(el);
  // A label the page re-rendered since is judged again (never a target that left the page).
  if (!proxy?.isConnected) {
    proxy = proxyOf(el as HTMLInputElement);
    if (hasLayout(el)) proxies.set(el, proxy);
  }
  return proxy;
}

function proxyOf(input: HTMLInputElement): Element {
  const el: Element = input;
  const r = input.getBoundingClientRect();
  const tiny = hasLayout(el) && (r.width < 4 || r.height < 4 || !isVisible(el));
  let opaque = true;
  try {
    opaque = getComputedStyle(input).opacity !== '0';
  } catch {
    /* no computed style */
  }
  if (!tiny && opaque) return el;
  const label = input.labels?.[0] ?? input.closest('label');
  return label ?? input.parentElement ?? el;
}

/** A control's current value as text. Never reads password fields. */
export function readValue(el: Element): string {
  if (el.tagName === 'INPUT') {
    const input = el as HTMLInputElement;
    if (input.type === 'password' || input.type === 'hidden') return '';
    return input.value;
  }
  if (el.tagName === 'TEXTAREA') return (el as HTMLTextAreaElement).value;
  if (el.tagName === 'SELECT') {
    const sel = el as HTMLSelectElement;
    const opt = sel.selectedOptions?.[0] ?? sel.options[sel.selectedIndex];
    return opt ? opt.textContent ?? opt.value : '';
  }
  return ownText(el);
}

/** Checked state of a native checkbox, an ARIA checkbox/switch/option, or a "selected" list item. */
export function readChecked(el: Element, markup: ConsoleMarkup = PLAIN_MARKUP): boolean {
  if (el.tagName === 'INPUT') return (el as HTMLInputElement).checked;
  const aria = el.getAttribute('aria-checked') ?? el.getAttribute('aria-selected') ?? el.getAttribute('aria-pressed');
  if (aria !== null) return aria === 'true' || aria === 'mixed';
  const inner = el.querySelector('input[type=checkbox]') as HTMLInputElement | null;
  if (inner) return inner.checked;
  if (el.classList.contains('selected') || el.classList.contains('checked')) return true;
  return !!markup.checkedClasses?.some((c) => el.classList.contains(c));
}

const HEADING = 'h1, h2, h3, h4, h5, h6, [role=heading], legend, caption';

/** A per-element cache; a WeakMap lets removed elements go. */
type ElementCache<T> = Pick<WeakMap<Element, T>, 'get' | 'set'>;

/**
 * Every element of `root` that is, or holds, a heading: one query for a whole pass, so `sectionOf` need not query
 * each earlier sibling it steps over (a 3,000-box page has thousands of heading-free cells and rows).
 */
export function headingHolders(root: ParentNode): Set<Element> {
  const out = new Set<Element>();
  for (const h of Array.from(root.querySelectorAll(HEADING))) for (let n: Element | null = h; n && !out.has(n); n = n.parentElement) out.add(n);
  return out;
}

/**
 * Text of the nearest heading above the element (within its ancestors' earlier siblings). `held`, when given, is
 * every element of the element's root that holds a heading (headingHolders, built once per pass).
 */
export function sectionOf(el: Element, cache?: ElementCache<string>, held?: ReadonlySet<Element>): string {
  const chain: Element[] = [];
  let result = '';
  for (let node: Element | null = el; node && node !== el.ownerDocument.body; node = node.parentElement) {
    const cached = cache?.get(node);
    if (cached !== undefined) {
      result = cached;
      break;
    }
    chain.push(node);
    let found = '';
    let known: string | undefined;
    for (let sib = node.previousElementSibling; sib && !found; sib = sib.previousElementSibling) {
      if (held && !held.has(sib)) {
        if ((known = cache?.get(sib)) !== undefined) break;
        continue;
      }
      if (sib.matches(HEADING)) found = sib.textContent ?? '';
      else {
        const inner = sib.querySelectorAll(HEADING);
        if (inner.length) found = inner[inner.length - 1].textContent ?? '';
        // A heading-free sibling whose section is known has the same section as this node: stop here, so a long
        // list of rows costs one step per row instead of a scan of every earlier row.
        else if ((known = cache?.get(sib)) !== undefined) break;
      }
    }
    if (found) {
      result = found;
      break;
    }
    if (known !== undefined) {
      if (cache) for (const n of chain) cache.set(n, known);
      return known;
    }
  }
  const clean = normalize(result);
  if (cache) for (const n of chain) cache.set(n, clean);
  return clean;
}

/** The header of the ARIA grid column a cell sits in: by aria-colindex, else by the markup's column key, else by position. */
function gridColumnHeader(cell: Element, markup: ConsoleMarkup): string {
  const grid = cell.closest('[role=grid], [role=treegrid], [role=table]');
  if (!grid) return '';
  const headers = Array.from(grid.querySelectorAll('[role=columnheader]'));
  const colIndex = cell.getAttribute('aria-colindex');
  if (colIndex) {
    const h = headers.find((x) => x.getAttribute('aria-colindex') === colIndex);
    if (h) return h.textContent ?? '';
  }
  for (const key of markup.columnKeys ?? []) {
    const id = cell.getAttribute(key);
    const h = id ? headers.find((x) => x.getAttribute(key) === id) : undefined;
    if (h) return h.textContent ?? '';
  }
  const row = cell.closest('[role=row]');
  if (!row) return '';
  const index = Array.from(row.querySelectorAll(GRID_CELL)).filter((c) => c.closest('[role=row]') === row).indexOf(cell);
  return index >= 0 ? headers[index]?.textContent ?? '' : '';
}

/** The header text of the column a cell sits in. */
export function columnHeader(el: Element, cache?: ElementCache<string[]>, markup: ConsoleMarkup = PLAIN_MARKUP): string {
  const cell = el.closest('td, th') as HTMLTableCellElement | null;
  const table = cell?.closest('table');
  if (!cell || !table) {
    const gridCell = el.closest(GRID_CELL);
    return gridCell ? gridColumnHeader(gridCell, markup) : '';
  }
  let headers = cache?.get(table);
  if (!headers) {
    headers = [];
    const headRow = (table as HTMLTableElement).tHead?.rows[0] ?? Array.from((table as HTMLTableElement).rows).find((r) => r.querySelector('th') && !r.querySelector('td'));
    if (headRow) for (const th of Array.from(headRow.cells)) for (let i = 0; i < (th.colSpan || 1); i++) headers.push(th.textContent ?? '');
    cache?.set(table, headers);
  }
  let index = 0;
  for (let c = cell.previousElementSibling as HTMLTableCellElement | null; c; c = c.previousElementSibling as HTMLTableCellElement | null) index += c.colSpan || 1;
  return headers[index] ?? '';
}
