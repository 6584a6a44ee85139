/**
 * Turns observed checkbox states into the verdicts of the automation contract:
 *   ok        required and on, or anything else that is off
 *   missing   required, off
 *   forbidden on, must be off
 *   review    on, neither required nor forbidden (never blocks; listed with its reason)
 * Items are indexed once (name, rule, reason) and re-read cheaply on every pass.
 */
import type { CheckboxGroup, Finding, NotSeen, PermissionCheck, Rule, Verdict } from '../format/types.ts';
import { columnHeader, headingHolders, labelTexts, outerRowLabel, ownText, readChecked, rowLabel, sectionOf, textCandidates } from './dom.ts';
import { t } from './texts.ts';
import { ROLE_SELECTORS, locate, locateAll, toList } from './locator.ts';
import { describeMatch, looseKey, normalize, textMatches } from './text.ts';
import { PLAIN_MARKUP, type ConsoleMarkup } from './markup.ts';
import { judgeItem, judgeReadability, lookup, catalogLanguages, type Catalog, type EffectOrUnknown, type PlaybookSays, type Readability } from './effects.ts';

/** `unverified`: Keyhole cannot read the page and does not know the item: no verdict (fail closed). */
type RuleKind = 'required' | 'forbidden' | 'other' | 'ignored' | 'unverified';

interface Classified {
  kind: RuleKind;
  reason: string;
  /** Set when the check's catalog judged the item. */
  effect?: EffectOrUnknown;
  /** The catalog (or a playbook rule) knows this label: it counts as readable. */
  known?: boolean;
}

/**
 * Each rule list is indexed once: by loose key (text.ts) for the rules that match exact strings, and under '' for
 * the others (a pattern, a prefix, a substring: asked about every name). A 3,000-box page asks each list about
 * every box.
 */
const ruleIndexes = new WeakMap<Rule[], Map<string, number[]>>();

/** The first rule of the list (in its order) that matches the name and, if it names one, the section. */
function firstRule(rules: Rule[] | undefined, name: string, section: string): Rule | undefined {
  if (!rules) return;
  let ix = ruleIndexes.get(rules);
  if (!ix) {
    ruleIndexes.set(rules, (ix = new Map()));
    rules.forEach(({ match: m }, i) => {
      for (const k of typeof m === 'string' || Array.isArray(m) ? [m].flat().map(looseKey) : ['']) ix!.get(k)?.push(i) ?? ix!.set(k, [i]);
    });
  }
  let at = Infinity;
  // Every candidate is still checked by textMatches: the index only spares the rules that cannot match.
  for (const i of [...(ix.get(looseKey(name)) ?? []), ...(ix.get('') ?? [])]) {
    const r = rules[i];
    if (i < at && textMatches(name, r.match) && (!r.section || textMatches(section, r.section))) at = i;
  }
  return rules[at];
}

/** What the playbook's rules say of an item, if any rule matches. */
function playbookSays(name: string, check: PermissionCheck, group: CheckboxGroup | undefined, section: string): PlaybookSays | undefined {
  const hit = (rules: Rule[] | undefined) => firstRule(rules, name, section);
  // Forbidden wins over required: a rule set that both requires and forbids an item is unsafe.
  const forbidden = hit(check.forbidden);
  if (forbidden) return { kind: 'forbidden', reason: forbidden.reason };
  const required = hit(check.required);
  if (required) return { kind: 'required', reason: required.reason };
  if (group?.requireAll) return { kind: 'required', reason: group.reason ?? 'Every option must be selected.' };
  const allowed = hit(check.allow);
  if (allowed) return { kind: 'allowed', reason: allowed.reason };
  const review = hit(check.review);
  if (review) return { kind: 'review', reason: review.reason };
  return undefined;
}

/**
 * How an item is judged. Without a catalog (or in a group that holds no permissions): by the playbook's rules only.
 * With one: the playbook where it speaks, then the item's effect (src/core/effects.ts).
 */
export function classify(name: string, check: PermissionCheck, group?: CheckboxGroup, section = '', catalog?: Catalog, readable = true): Classified {
  const says = playbookSays(name, check, group, section);
  if (!catalog || group?.catalog === false) {
    if (says?.kind === 'forbidden' || says?.kind === 'required') return { kind: says.kind, reason: says.reason };
    if (says) return { kind: 'other', reason: says.reason };
    if (group?.ignoreOthers) return { kind: 'ignored', reason: '' };
    return { kind: 'other', reason: check.defaultReviewReason };
  }
  const found = lookup(catalog, name, section);
  const j = judgeItem({ found, playbook: says, readable, ignoreOthers: group?.ignoreOthers });
  return { kind: j.kind, reason: j.reason, effect: j.effect, known: !!found || !!says };
}

export function verdictFor(kind: RuleKind, checked: boolean): Verdict | null {
  switch (kind) {
    case 'required':
      return checked ? 'ok' : 'missing';
    case 'forbidden':
      return checked ? 'forbidden' : 'ok';
    case 'other':
      return checked ? 'review' : 'ok';
    default:
      return null;
  }
}

const DEFAULT_ITEMS = ROLE_SELECTORS.checkbox;

export interface IndexedItem extends Classified {
  el: Element;
  name: string;
  /** The name as the page writes it (whitespace collapsed). */
  label: string;
  section: string;
  group: CheckboxGroup;
}

interface NameCaches {
  // Weak: an SPA that re-renders rows must not have its removed rows kept alive by the index.
  sections: WeakMap<Element, string>;
  columns: WeakMap<Element, string[]>;
  /** Control → its first label, built once per indexing pass (`input.labels` walks the whole document per call). */
  labels?: Map<Element, HTMLLabelElement>;
  /** The document's elements that hold a heading (dom.ts headingHolders), built once per indexing pass. */
  headed?: Set<Element>;
}

function labelMap(root: ParentNode): Map<Element, HTMLLabelElement> {
  const map = new Map<Element, HTMLLabelElement>();
  for (const l of Array.from(root.querySelectorAll('label'))) {
    const c = l.control;
    if (c && !map.has(c)) map.set(c, l);
  }
  return map;
}

/** A checkbox's own name: ARIA, its label, its title; the row's label cell only when it has none. */
function itemLabel(el: Element, caches?: NameCaches): string {
  const aria = el.getAttribute('aria-label');
  if (aria) return aria;
  if (el.tagName !== 'INPUT') {
    const own = ownText(el);
    if (own.trim()) return own;
  } else {
    const label = caches?.labels ? caches.labels.get(el) : (el as HTMLInputElement).labels?.[0];
    // The label's words without its decorations (a "New" badge, a pencil, a counter): the shared name rule.
    if (label) return textCandidates(label)[0] ?? '';
  }
  const title = el.getAttribute('title');
  if (title) return title;
  return labelTexts(el)[0] ?? '';
}

function nameItem(el: Element, group: CheckboxGroup, subject: string, caches: NameCaches, markup: ConsoleMarkup): { name: string; label: string } {
  const template = group.name ?? '{label}';
  const name = template.replace(/\{(label|row|column|section|subject)\}/g, (_, key: string) => {
    switch (key) {
      case 'label':
        return itemLabel(el, caches);
      case 'row':
        return rowLabel(el) || itemLabel(el, caches);
      case 'column':
        return columnHeader(el, caches.columns, markup);
      case 'section':
        return sectionOf(el, caches.sections);
      default:
        return subject;
    }
  });
  return { name: normalize(name), label: name.replace(/[\s\u00A0\u2007\u202F\u200B]+/g, ' ').trim() };
}

/** Limits of one indexing slice: items named at most, and (with a clock) milliseconds spent at most. */
export interface SliceBudget {
  maxNew: number;
  ms?: number;
  now?: () => number;
}

interface SliceResult {
  /** The pass is complete: every element present when it began was looked at, removed items are forgotten. */
  done: boolean;
  changed: boolean;
  added: IndexedItem[];
  /** Items named and classified in this slice (the costly work; at most `maxNew`). */
  named: number;
}

interface IndexPass {
  queue: Array<[CheckboxGroup, Element]>;
  cursor: number;
  present: Set<Element>;
  changed: boolean;
  /** A delta pass: its queue holds only the boxes of what the page added since the last pass began. */
  delta: boolean;
}

/** Stands in for a catalog a check names but Keyhole does not have: it knows no label. */
const NO_CATALOG: Catalog = { console: '', language: '', entries: [] };
const UNAVAILABLE: Readability = { readable: false, known: 0, total: 0 };

/** How far above a changed node `relabel` looks for boxes, and how many boxes one changed node may name again. */
const RELABEL = { depth: 5, max: 12 };

/**
 * A delta pass stands in for a full one while the page added at most this many nodes since the last pass began
 * (more, and one page-wide query is cheaper than one per added node).
 */
const DELTA_MAX_NODES = 400;

/** How many elements a slice looks at between two reads of the clock. */
const TIME_CHECK_EVERY = 16;
const DEFAULT_SLICE: SliceBudget = { maxNew: Infinity };

/** The checkboxes of one permission check on one page, named and classified once. */
export class CheckboxIndex {
  readonly items = new Map<Element, IndexedItem>();
  #caches: NameCaches = { sections: new WeakMap(), columns: new WeakMap() };
  #subjects = new Map<CheckboxGroup, string>();
  #skipped = new WeakMap<CheckboxGroup, WeakSet<Element>>();
  /** Catalog-judged items the index skips (ignored), and whether their labels are known: they count for readability. */
  #ignoredKnown = new Map<Element, boolean>();
  /** Checkboxes of catalog groups outside every heading the check names (a page whose headings Keyhole cannot read). */
  #unsectioned = new Set<Element>();
  #judged = false;
  #read: Readability;
  #pass: IndexPass | null = null;
  /**
   * The page's additions since the current (or last) pass began, which the next pass may look at alone (see
   * `noteChanges`); null: not followed, or too many, and the next pass looks at the whole page.
   */
  #added: Node[] | null = null;
  /** A full pass has completed, so a delta pass can stand in for the next one. */
  #fullDone = false;
  readonly #catalog: Catalog | undefined;
  /** The check names a catalog Keyhole does not have (absent or malformed data): the page can never be read. */
  readonly catalogUnavailable: boolean;

  readonly #root: Document;

  constructor(
    readonly check: PermissionCheck,
    root: Document,
    readonly markup: ConsoleMarkup = PLAIN_MARKUP,
    /**
     * The console's permission catalog, when the check names one. `null`: the check names one that is not
     * available. Then nothing is judged by effect, unknown labels get no verdict and the page counts as
     * unreadable from the first item on (fail closed; the playbook's own rules still judge what they name).
     */
    catalog?: Catalog | null,
    /**
     * The caller hands over every change of the page (`noteChanges`, from the index's creation on): no change noted
     * then means none made. Any other caller's passes are all full.
     */
    readonly follow = false,
  ) {
    this.#root = root;
    this.catalogUnavailable = catalog === null;
    this.#catalog = catalog === null ? NO_CATALOG : catalog;
    this.#read = this.catalogUnavailable ? UNAVAILABLE : { readable: true, known: 0, total: 0 };
  }

  /** Can Keyhole read this page's permission labels? (Always true without a catalog.) */
  get readability(): Readability {
    return this.#read;
  }

  /** Items on the page Keyhole cannot judge (unknown labels on an unreadable page): they get no verdict. */
  unverifiedCount(): number {
    let n = 0;
    for (const item of this.items.values()) if (item.kind === 'unverified') n++;
    return n;
  }

  /** Subject text for templates (e.g. the object a settings page is about). */
  subjectOf(group: CheckboxGroup): string {
    let s = this.#subjects.get(group);
    if (s === undefined) {
      const el = group.subject ? locate(group.subject, this.#root, this.markup) : null;
      s = el ? (el.textContent ?? '').trim() : '';
      this.#subjects.set(group, s);
    }
    return s;
  }

  /**
   * Begin a pass and build what naming needs without naming anything, one part per call (on a page just loaded,
   * each a task of its own before the first slice): the queue; the label map; the heading holders; the catalog's
   * index. True once all are built.
   */
  prepare(): boolean {
    if (!this.#pass) {
      this.#pass = this.#beginPass();
      return false;
    }
    // Each a page-wide query (a scan of every element for an attribute selector): a task each.
    if (!this.#caches.labels) {
      this.#caches.labels = labelMap(this.#root);
      return false;
    }
    if (!this.#caches.headed) {
      this.#caches.headed = headingHolders(this.#root);
      return false;
    }
    if (this.#catalog) lookup(this.#catalog, '');
    return true;
  }

  /**
   * The page's changes (MutationObserver records of the document): the next pass may then look only at the boxes
   * of the nodes they added (a delta pass), instead of querying the whole page for every box. That holds when a
   * full pass has completed since the index was made, every group searches the whole document (a scope may be
   * found by its words, which a change elsewhere can move), and the page added at most DELTA_MAX_NODES nodes. A box
   * can only enter the document in an added subtree, or by becoming a box (`role` or `type` set); boxes the page
   * removed are dropped by every pass, which checks every item is still in the document. A pass that starts while
   * changes are unnoted (none of these hold) is a full pass, as before. Only for a caller that hands over every
   * record (`follow`).
   */
  noteChanges(records: Iterable<MutationRecord>): void {
    const a = this.#added;
    if (!a) return;
    for (const r of records) {
      if (r.type === 'childList') for (const n of Array.from(r.addedNodes)) if (n.nodeType === 1) a.push(n);
      if (r.attributeName === 'role' || r.attributeName === 'type') a.push(r.target);
    }
    if (a.length > DELTA_MAX_NODES) this.#added = null;
  }

  /** Where a group's boxes are: its scopes (hidden ones too), else the whole page. */
  #scopes(group: CheckboxGroup): ParentNode[] {
    return group.scope ? toList(group.scope).flatMap((loc) => locateAll({ ...loc, hidden: true }, this.#root, this.markup)) : [this.#root];
  }

  /** True while a sliced indexing pass has elements left to look at. */
  get pending(): boolean {
    return this.#pass !== null;
  }

  /**
   * One bounded slice of an indexing pass, so a large page is indexed in tasks that yield to the page in between.
   * A slice names (and classifies) at most `budget.maxNew` new items, and stops early when `budget.now()` shows
   * `budget.ms` spent (checked every few elements). Known and skipped elements cost a map lookup and are not
   * counted. The pass resumes where the last slice stopped; elements the page removed meanwhile are skipped, and
   * elements added meanwhile are found by the next pass. When a pass completes (`done`), removed items are
   * forgotten and the page's readability is judged again (which may re-classify every catalog-judged item).
   * `added` lists the items this slice indexed. Until the pass is done, an item whose verdict depends on the
   * page's readability (an unknown label: `known` false) must not be marked: see `settled`.
   */
  refreshSlice(budget: SliceBudget = DEFAULT_SLICE): SliceResult {
    const start = budget.now ? budget.now() : 0;
    const pass = (this.#pass ??= this.#beginPass());
    const added: IndexedItem[] = [];
    let looked = 0;
    while (pass.cursor < pass.queue.length) {
      if (added.length >= budget.maxNew) break;
      if (budget.now && budget.ms !== undefined && ++looked % TIME_CHECK_EVERY === 0 && budget.now() - start >= budget.ms) break;
      const [group, el] = pass.queue[pass.cursor++];
      if (pass.present.has(el) || !el.isConnected) continue;
      let skipped = this.#skipped.get(group);
      if (!skipped) this.#skipped.set(group, (skipped = new WeakSet()));
      if (skipped.has(el)) continue;
      if (this.items.has(el)) {
        pass.present.add(el);
        continue;
      }
      // Items this group does not judge are remembered, so later passes stay cheap; another group may take them.
      // The label map is built for the first element that needs a name (a pass over known boxes never builds it).
      this.#caches.labels ??= labelMap(this.#root);
      // In a shadow root, headings are looked for the slow way (the pass's holders are the document's), and so in a
      // delta pass: new rows stop at a known row above them, where a page-wide query of headings would cost more.
      const section = sectionOf(el, this.#caches.sections, !pass.delta && el.getRootNode() === this.#root ? (this.#caches.headed ??= headingHolders(this.#root)) : undefined);
      const outside = !!group.section && !textMatches(section, group.section);
      if (outside && this.#catalog && group.catalog !== false) this.#unsectioned.add(el);
      const named = outside ? null : nameItem(el, group, this.subjectOf(group), this.#caches, this.markup);
      // A box under a heading the group names whose name Keyhole cannot read (no label, no title) is judged as an
      // unknown permission: never skipped, so a ticked one is never waved through (fail closed).
      const c = named?.name || (named && group.section && this.#catalog && group.catalog !== false) ? classify(named!.name, this.check, group, section, this.#catalog, this.#read.readable) : null;
      if (!c || c.kind === 'ignored') {
        if (c && c.effect) this.#ignoredKnown.set(el, !!c.known);
        skipped.add(el);
        continue;
      }
      pass.present.add(el);
      const item: IndexedItem = { el, name: named!.name, label: named!.label || t('unnamedBox', outerRowLabel(el)), section, group, ...c };
      this.items.set(el, item);
      added.push(item);
      pass.changed = true;
    }
    if (pass.cursor < pass.queue.length) return { done: false, changed: added.length > 0, added, named: added.length };
    this.#pass = null;
    let changed = pass.changed;
    this.#caches.labels = undefined; // labels and headings may change before the next pass
    this.#caches.headed = undefined;
    // A full pass saw every box on the page (the others are gone); a delta pass only the added ones: any item no
    // longer in the document is gone.
    for (const el of Array.from(this.items.keys())) {
      if (pass.delta ? !el.isConnected : !pass.present.has(el)) {
        this.items.delete(el);
        changed = true;
      }
    }
    if (!pass.delta) this.#fullDone = true;
    if (this.#catalog && (changed || !this.#judged)) {
      this.#judged = true;
      if (this.#rejudge()) changed = true;
    }
    return { done: true, changed, added, named: added.length };
  }

  /**
   * Boxes whose label may have changed in place (a recycled row of a virtual list, a re-rendered title): for each
   * changed node, the boxes of its nearest ancestor within RELABEL.depth levels that holds any, at most
   * RELABEL.max of them (a node above many rows, e.g. a table body that gained rows, names nothing: new rows are
   * new elements). A box whose name is not the one indexed is forgotten and queued for the pass to name and
   * classify again, as a new element, so it is never judged by the words it had before (fail closed). A box
   * skipped before (no name, or one its group ignores) is looked at again the same way. Returns the boxes
   * forgotten: their old verdicts must go.
   */
  relabel(nodes: Iterable<Node>): Element[] {
    const sel = this.check.groups.map((g) => g.items ?? DEFAULT_ITEMS).join();
    const out: Element[] = [];
    for (const node of nodes) {
      for (let e = node.parentElement, depth = 0; e && depth < RELABEL.depth; depth++, e = e.parentElement) {
        const boxes = e.querySelectorAll(sel);
        if (!boxes.length) continue;
        if (boxes.length <= RELABEL.max) for (const b of Array.from(boxes)) if (!out.includes(b) && this.#forgetRenamed(b)) out.push(b);
        break;
      }
    }
    return out;
  }

  #forgetRenamed(el: Element): boolean {
    // A pass under way names boxes by the label map it built: this box's label may be another element now.
    const labels = this.#caches.labels;
    const label = labels && (el as HTMLInputElement).labels?.[0];
    if (label) labels.set(el, label);
    else labels?.delete(el);
    const item = this.items.get(el);
    if (item && nameItem(el, item.group, this.subjectOf(item.group), this.#caches, this.markup).name === item.name) return false;
    let again = false;
    for (const g of this.check.groups) {
      if (g === item?.group || this.#skipped.get(g)?.delete(el)) {
        // Named again by the pass under way, else by the next one (a delta pass too: it is among the additions).
        if (this.#pass) this.#pass.queue.push([g, el]);
        else this.#added?.push(el);
        again = true;
      }
    }
    // A new element (a re-rendered row) is the pass's anyway: nothing to forget.
    if (again) {
      this.items.delete(el);
      this.#pass?.present.delete(el);
    }
    return again;
  }

  /**
   * Whether an item's verdict is final before the pass completes: without a catalog always; with one, only when
   * the catalog or a playbook rule knows its label (an unknown label is reviewed on a readable page and left
   * without a verdict on an unreadable one, which only the complete pass can tell: fail closed until then).
   */
  settled(item: IndexedItem): boolean {
    return !this.#catalog || !item.effect || !!item.known;
  }

  /**
   * The elements a pass looks at, in document order per group and scope (one native query each); for a delta pass
   * (see `noteChanges`), the boxes in and among the nodes added since the last pass began. Changes from now on are
   * the next pass's.
   */
  #beginPass(): IndexPass {
    const queue: Array<[CheckboxGroup, Element]> = [];
    const added = this.#added;
    this.#added = this.follow ? [] : null;
    const delta = !!added && this.#fullDone && this.check.groups.every((g) => !g.scope);
    for (const group of this.check.groups) {
      const sel = group.items ?? DEFAULT_ITEMS;
      if (delta) {
        for (const n of added!) {
          const e = n as Element;
          if (!e.isConnected) continue;
          if (e.matches(sel)) queue.push([group, e]);
          for (const el of Array.from(e.querySelectorAll(sel))) queue.push([group, el]);
        }
        continue;
      }
      for (const scope of this.#scopes(group)) for (const el of Array.from((scope as ParentNode).querySelectorAll(sel))) queue.push([group, el]);
    }
    return { queue, cursor: 0, present: new Set(), changed: false, delta };
  }

  /**
   * Judge the page's language from every catalog-judged label; when that changes, judge every item again (returns
   * true then). A page whose checkboxes all sit under headings the check does not name cannot be read either.
   */
  #rejudge(): boolean {
    const known: boolean[] = [];
    // A box with no name says nothing of the page's language (an object grid whose boxes have no titles is not German).
    for (const item of this.items.values()) if (item.effect && item.name) known.push(!!item.known);
    for (const [el, k] of this.#ignoredKnown) {
      if (!el.isConnected) this.#ignoredKnown.delete(el);
      else known.push(k);
    }
    for (const el of this.#unsectioned) if (!el.isConnected) this.#unsectioned.delete(el);
    let next = judgeReadability(known, { htmlLang: this.#root.documentElement?.getAttribute('lang'), languages: catalogLanguages(this.#catalog!) });
    // No permission section Keyhole can read, or no catalog: unreadable.
    if ((!known.length && this.#unsectioned.size) || this.catalogUnavailable) next = { ...next, readable: false };
    const flipped = next.readable !== this.#read.readable;
    this.#read = next;
    if (!flipped) return false;
    for (const item of this.items.values()) {
      if (!item.effect) continue;
      const c = classify(item.name, this.check, item.group, item.section, this.#catalog, next.readable);
      item.kind = c.kind;
      item.reason = c.reason;
      item.effect = c.effect;
    }
    return true;
  }

  /**
   * Virtual lists render only the options in view. For a `requireAll` group, the scrolled container (between an
   * item and the group's scope) that still has options below the fold, so "every option" is not judged from
   * the first screenful alone. Null when there is none or the list is scrolled to its end.
   */
  moreBelow(): Element | null {
    for (const group of this.check.groups) {
      if (!group.requireAll) continue;
      const scopes = this.#scopes(group);
      for (const scope of scopes) {
        const first = (scope as ParentNode).querySelector(group.items ?? DEFAULT_ITEMS);
        if (!first) continue;
        const top = scope === this.#root ? this.#root.body : (scope as Element);
        for (let n: Element | null = first.parentElement; n; n = n.parentElement) {
          if (n.scrollHeight - n.clientHeight > 1 && n.scrollTop + n.clientHeight < n.scrollHeight - 1) {
            let overflow = '';
            try {
              overflow = getComputedStyle(n).overflowY;
            } catch {
              /* no computed style */
            }
            if (overflow === 'auto' || overflow === 'scroll') return n;
          }
          if (n === top) break;
        }
      }
    }
    return null;
  }
}

/**
 * Index a page's items in one go (every slice at once): what tests, the bench and any caller without a page to
 * yield to use. A function, not a method, so the content script (which only slices) does not carry it.
 */
export function refreshAll(index: CheckboxIndex): boolean {
  let changed = false;
  for (;;) {
    const r = index.refreshSlice({ maxNew: Infinity });
    changed ||= r.changed;
    if (r.done) return changed;
  }
}

/** The findings of every indexed item in its current state (a function for the same reason as refreshAll). */
export function findingsOf(index: CheckboxIndex): Finding[] {
  const out: Finding[] = [];
  for (const item of index.items.values()) {
    const checked = readChecked(item.el, index.markup);
    const verdict = verdictFor(item.kind, checked);
    if (verdict) out.push(findingOf(item, checked, verdict));
  }
  return out;
}

type RuleName = NonNullable<Finding['rule']>;

/** The finding of one indexed item in a given state. */
export function findingOf(item: IndexedItem, checked: boolean, verdict: Verdict): Finding {
  const rule: RuleName = item.kind === 'required' || item.kind === 'forbidden' ? item.kind : 'other';
  return { name: item.name, checked, verdict, reason: item.reason, rule, label: item.label, ...(item.effect ? { effect: item.effect } : {}) };
}

interface Summary {
  missing: number;
  forbidden: number;
  review: number;
  ok: number;
}

export function summarize(findings: Finding[]): Summary {
  const s: Summary = { missing: 0, forbidden: 0, review: 0, ok: 0 };
  for (const f of findings) s[f.verdict]++;
  return s;
}

/** Required rules that no item on the page matches (e.g. a renamed permission, a collapsed section). */
export function absentRequiredRules(check: PermissionCheck, findings: Finding[]): Rule[] {
  return check.required.filter((r) => !findings.some((f) => textMatches(f.name, r.match)));
}

/** How a rule is called in a sentence. */
export function ruleLabel(r: Rule): string {
  const m = r.match;
  if (typeof m === 'string') return m;
  if (Array.isArray(m)) return m[0];
  return m.equals?.[0] ?? m.startsWith?.[0] ?? m.contains?.[0] ?? r.reason;
}

/**
 * The required items a snapshot records as not seen on the page, as the checklist shows them: the rule's words,
 * its reason, and whether it may legitimately be listed on another page.
 */
export function notSeenOf(check: PermissionCheck, findings: Finding[], absent: Rule[] = absentRequiredRules(check, findings)): NotSeen[] {
  return absent.map((r) => ({ rule: describeMatch(r.match), reason: r.reason, mayBeElsewhere: !!check.requiredMayBeElsewhere }));
}
