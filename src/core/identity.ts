/**
 * Identity: which object a page is about, and the one rule Keyhole uses to compare a name with an element's text.
 *
 * THE NAME RULE (every locator that compares a whole text uses it, through `nameCandidates` / `hasName`):
 *   1. Own text first: the element's direct text nodes, e.g. <h1>Acme Sync Access<span class=badge>New</span></h1>
 *      reads "Acme Sync Access".
 *   2. Then descendant text without decorations: subtrees that are badges, chips, counters, icons (svg, img, icon
 *      fonts, ligature icons), tooltips, visually-hidden or aria-hidden text, and in-name affordances (buttons such
 *      as an edit pencil) are skipped.
 *   3. Then that text with textual decorations stripped: a trailing count "(3)" / "· 3", a parenthesised marker
 *      such as "(Custom)" or "(Default)" (a short fixed list: a qualifier like "(old)" is part of the name, because
 *      it names ANOTHER object), pictographs and icon-font glyphs, a trailing "Edit" affordance, a short label
 *      prefix ("Profile: …"), and surrounding quotes.
 *   Every candidate is compared case-, whitespace- and quote-insensitively (text.ts `looseKey`). Only the page's
 *   side is stripped; the expected name is taken as written, so an admin who names a group "X (Custom)" still
 *   matches it exactly.
 *
 * Pure: no browser APIs beyond the DOM nodes passed in, no console strings. Consoles may pass extra decoration
 * selectors (their framework conventions) as data.
 */
import { looseKey, normalize } from './text.ts';

// ---------------------------------------------------------------- decorations (structure)

/** Elements that are never part of a name, whatever the console. */
const DECORATION_CSS = [
  'svg', 'img', 'picture', 'i', 'sup', 'kbd', 'select', 'option', 'script', 'style', 'template', 'noscript',
  'button', '[role=button]', '[role=tooltip]', '[role=img]', '[role=status]', '[aria-hidden=true]', '[hidden]',
].join(', ');

/** Class-name tokens of decorations: badge, chip, pill, counter, icon, tooltip, visually hidden / assistive text. */
const DECORATION_WORDS =
  'badges?|chips?|pills?|tags?|counters?|counts?|icons?|tooltips?|popovers?|sr-only|visually-?hidden|assistive(?:-?text)?|screen-?reader(?:-text)?|hidden|help-?orb|help-?button|edit-?(?:pencil|icon|button)';
const DECORATION_TOKEN = new RegExp(`(^|[-_])(${DECORATION_WORDS})($|[-_])`, 'i');
/** camelCase class names of classic UIs: "helpOrb", "pencilIcon", "assistiveText". */
const DECORATION_CAMEL = /^(assistiveText|helpOrb|helpButton|[a-z]+(Icon|Icons|Badge|Orb|Tooltip|Counter))$/;
/** Modifier classes on a container ("has-icon", "with-badge") do not make it a decoration. */
const MODIFIER = /^(has|with|no|show|hide)-/i;

function classMatches(cls: string | null, token: RegExp, camel: RegExp | null): boolean {
  if (!cls) return false;
  for (const t of cls.split(/\s+/)) {
    if (!t || MODIFIER.test(t)) continue;
    if (token.test(t) || (camel && camel.test(t))) return true;
  }
  return false;
}

/** Text that is only a count: "3", "(3)", "12 members", "[2]". */
const COUNT_ONLY = /^[([]?\s*\d[\d,.]*\s*[a-z]{0,12}\s*[)\]]?$/i;

interface NameOptions {
  /** Extra CSS for decoration elements of one console's framework (passed as data by the console). */
  decorations?: string;
}

/** Is this element (not its ancestors) a decoration that is never part of a name? */
function isDecoration(el: Element, opts: NameOptions = {}): boolean {
  try {
    if (el.matches(DECORATION_CSS)) return true;
    if (opts.decorations && el.matches(opts.decorations)) return true;
  } catch {
    /* an invalid extra selector is ignored */
  }
  if (classMatches(el.getAttribute('class'), DECORATION_TOKEN, DECORATION_CAMEL)) return true;
  // A leaf whose whole text is a number is a counter ("Members 3", "<span>(12)</span>").
  if (el.childElementCount === 0) {
    const t = (el.textContent ?? '').trim();
    if (t && t.length <= 20 && COUNT_ONLY.test(t)) return true;
  }
  return false;
}

/** Text nobody reads as part of the page's words: icons (ligatures), tooltips, visually hidden or aria-hidden text. */
const SILENT_CSS = 'svg, [aria-hidden=true], [role=tooltip], script, style, template, noscript';
const SILENT_TOKEN = /(^|[-_])(icons?|tooltips?|sr-only|visually-?hidden|screen-?reader(?:-text)?)($|[-_])/i;
const SILENT_CAMEL = /^[a-z]+(Icon|Icons|Tooltip)$/;
export function isSilent(el: Element): boolean {
  for (let e: Element | null = el, i = 0; e && i < 3; e = e.parentElement, i++) {
    if (e.matches(SILENT_CSS)) return true;
    if (classMatches(e.getAttribute('class'), SILENT_TOKEN, SILENT_CAMEL)) return true;
  }
  return false;
}

/** The element's own text: its direct text nodes only. */
export function ownText(el: Element): string {
  let s = '';
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 3) s += n.nodeValue ?? '';
  return s;
}

const MAX_TEXT = 300;

/** Descendant text with decoration subtrees skipped (the element itself is never skipped). */
export function cleanText(el: Element, opts: NameOptions = {}): string {
  let out = '';
  const walk = (node: Node, depth: number): void => {
    for (let n = node.firstChild; n && out.length <= MAX_TEXT; n = n.nextSibling) {
      if (n.nodeType === 3) out += n.nodeValue ?? '';
      else if (n.nodeType === 1 && depth < 12 && !isDecoration(n as Element, opts)) {
        const tag = (n as Element).tagName;
        // Block-level children are separate words ("<div>Name</div><div>Description</div>").
        const block = tag === 'DIV' || tag === 'P' || tag === 'LI' || tag === 'BR' || tag === 'TD' || tag === 'TH';
        if (block) out += ' ';
        walk(n, depth + 1);
        if (block) out += ' ';
      }
    }
  };
  walk(el, 0);
  return out.length > MAX_TEXT ? '' : out;
}

// ---------------------------------------------------------------- decorations (text)

/** Parenthesised markers that decorate a name without naming another object. Qualifiers like "(old)" are NOT here. */
const MARKERS = ['custom', 'standard', 'default', 'managed', 'system', 'beta', 'new', 'edited', 'you', 'me', 'current', 'recommended'];
const TRAILING_MARKER = new RegExp(`\\s*[([](?:${MARKERS.join('|')})[)\\]]\\s*$`, 'i');
const TRAILING_COUNT = /\s*(?:[([]\s*\d[\d,.]*\s*[a-z]{0,12}\s*[)\]]|[·•|–—]\s*\d[\d,.]*(?:\s*[a-z]{0,12})?)\s*$/i;
const SYMBOLS = /[\p{Extended_Pictographic}\p{So}\uFE0F\u200D\uE000-\uF8FF\u2190-\u21FF\u2600-\u27BF]/gu;
const TRAILING_EDIT = /\s+(?:edit|rename|edit name)$/i;
const LABEL_PREFIX = /^[^:]{1,30}:\s+(?=\S)/;
const QUOTES_AROUND = /^[\s"'“”‘’«»]+|[\s"'“”‘’«»]+$/g;

/** Strip textual decorations from a page text (see the rule at the top). Returns '' when nothing is left. */
export function stripDecorations(text: string): string {
  let s = (text ?? '').replace(SYMBOLS, ' ').replace(/\s+/g, ' ').trim();
  for (let i = 0; i < 4; i++) {
    const before = s;
    s = s.replace(TRAILING_COUNT, '').replace(TRAILING_MARKER, '').trim();
    const noEdit = s.replace(TRAILING_EDIT, '').trim();
    if (noEdit) s = noEdit;
    if (s === before) break;
  }
  const noPrefix = s.replace(LABEL_PREFIX, '');
  // A prefix is a short label ("Profile:", "Permission group:"), at most three words.
  if (noPrefix !== s && s.slice(0, s.length - noPrefix.length).trim().split(/\s+/).length <= 3) s = noPrefix;
  return s.replace(QUOTES_AROUND, '').trim();
}

// ---------------------------------------------------------------- comparing names

/** Every reading of the element's name under the rule, most specific first, without duplicates. */
export function nameCandidates(el: Element, opts: NameOptions = {}): string[] {
  return candidatesOf(ownText(el), cleanText(el, opts));
}

/** The rule's candidates from an element's own text and clean text (for callers that already have them). */
export function candidatesOf(own: string, clean: string): string[] {
  const out: string[] = [];
  const add = (s: string) => {
    const t = s.replace(/\s+/g, ' ').trim();
    if (t && t.length <= MAX_TEXT && !out.includes(t)) out.push(t);
  };
  add(own);
  add(clean);
  add(stripDecorations(own));
  add(stripDecorations(clean));
  return out;
}

/** The name to record for an element: its own text, else its clean text, with textual decorations stripped. */
export function displayName(el: Element, opts: NameOptions = {}): string {
  const own = stripDecorations(ownText(el));
  if (own) return own.replace(/\s+/g, ' ').trim();
  return stripDecorations(cleanText(el, opts)).replace(/\s+/g, ' ').trim();
}

/** The comparison key of a name: case, whitespace, quote style and possessive apostrophes ignored. */
const nameKey = (s: string): string => looseKey(s);

/** Does one page text name `name` under the rule (as written, or once its decorations are stripped)? */
export function sameName(pageText: string, name: string): boolean {
  const want = nameKey(name);
  if (!want) return false;
  return nameKey(pageText) === want || nameKey(stripDecorations(pageText)) === want;
}

/** Does the element carry this name (any of its candidates)? */
export function hasName(el: Element, name: string, opts: NameOptions = {}): boolean {
  return nameCandidates(el, opts).some((c) => sameName(c, name));
}

type NameRelation = 'same' | 'similar' | 'different' | 'unreadable';

/**
 * How the page's name relates to the expected one. `similar` is positive evidence of ANOTHER object: one name
 * extends the other with words of its own ("Acme Sync (old)", "Acme Sync 2", "Copy of …").
 */
export function compareNames(pageNames: string[], name: string): NameRelation {
  const names = pageNames.map((n) => n.trim()).filter(Boolean);
  if (!names.length || !nameKey(name)) return 'unreadable';
  if (names.some((n) => sameName(n, name))) return 'same';
  const want = words(name);
  for (const n of names) {
    const got = words(stripDecorations(n) || n);
    if (!got.length) continue;
    if (containsRun(got, want) || containsRun(want, got)) return 'similar';
  }
  return 'different';
}

function words(s: string): string[] {
  return normalize(s)
    .replace(/[()[\]{}"“”«»,;.!?·•|–—-]/g, ' ')
    .split(/\s+/)
    .map((w) => looseKey(w))
    .filter(Boolean);
}

/** Does `big` contain `small` as a contiguous run of words (and more)? */
function containsRun(big: string[], small: string[]): boolean {
  if (!small.length || big.length <= small.length) return false;
  for (let i = 0; i + small.length <= big.length; i++) {
    if (small.every((w, j) => big[i + j] === w)) return true;
  }
  return false;
}

// ---------------------------------------------------------------- identity records

/**
 * How Keyhole knows an object is the playbook's: `created` it saw the admin create it (name as typed),
 * `asked` the admin said so, `id` / `name` it was recognised on a page by its id / by its name.
 */
export type IdentityHow = 'id' | 'name' | 'asked' | 'created';

export interface IdentityRecord {
  /** The object kind, as the playbook names it (e.g. "group", "profile", "serviceUser"). */
  kind: string;
  /** The console's id of the object (from its URL or its row), once Keyhole has seen it. */
  id?: string;
  /** Its name as the admin typed or confirmed it (or, before anything was seen, the playbook's suggestion). */
  name: string;
  how: IdentityHow;
  /** When it was recorded (0: never observed, only the playbook's suggestion). */
  at: number;
}

export interface PageEvidence {
  /** The object id the page shows (URL or row), when it shows one. */
  id?: string | null;
  /** Name candidates of the element that names the page's object (see `nameCandidates`). */
  names: string[];
  /** Positive evidence from the console that the page's object cannot be the playbook's (e.g. a built-in one). */
  builtIn?: boolean;
}

export interface KnownOthers {
  /** Ids the admin said are not the playbook's object. */
  ids?: string[];
  /** Names the admin said are not the playbook's object. */
  names?: string[];
}

export type Recognition = 'same' | 'other' | 'unsure';

/** A record that rests on more than the playbook's suggested name: an id, or an observed or confirmed name. */
export function isConfirmed(record: IdentityRecord | null | undefined): boolean {
  return !!record && (!!record.id || record.how === 'created' || record.how === 'asked' || record.how === 'id');
}

/**
 * Is the page about the recorded object? Id first, then the name rule. `other` only with positive evidence that
 * it is another object: an id the admin rejected, another id under another name, a built-in object, a similar name
 * that extends ours ("… (old)", "… 2"), or a clearly different name when our name is confirmed. Otherwise `unsure`
 * (another id under our exact name among them: the object may have been deleted and made again).
 */
export function recognise(page: PageEvidence, record: IdentityRecord | null | undefined, others: KnownOthers = {}): Recognition {
  const id = page.id?.trim() || '';
  if (id && others.ids?.includes(id)) return 'other';
  // Another id under our exact name: most likely ours deleted and made again (the admin is asked, once per id);
  // under any other name, another object.
  if (record?.id && id) return record.id === id ? 'same' : !page.builtIn && compareNames(page.names, record.name) === 'same' ? 'unsure' : 'other';
  if (page.builtIn) return 'other';
  if (!record) return 'unsure';
  const rel = compareNames(page.names, record.name);
  if (rel === 'same') return 'same';
  if (rel === 'unreadable') return 'unsure';
  if (page.names.some((n) => others.names?.some((o) => sameName(n, o)))) return 'other';
  // A name Keyhole saw typed but never on its object's page (no id yet) may not have been saved (a dialog abandoned):
  // no evidence against another name, so ask rather than refuse.
  const typedOnly = record.how === 'created' && !record.id;
  if (rel === 'similar') return typedOnly ? 'unsure' : 'other';
  return isConfirmed(record) && !typedOnly ? 'other' : 'unsure';
}

/** One line for the checklist: how the object was identified. */
export function describeIdentity(record: IdentityRecord, label = record.kind): string {
  const what = `${label} “${record.name}”${record.id ? ` (id ${record.id})` : ''}`;
  switch (record.how) {
    case 'created':
      return `${what}: Keyhole saw you create it${record.id ? ' and recognised its pages by id' : ' and recognised its pages by name'}.`;
    case 'asked':
      return `${what}: you confirmed it in Keyhole's question.`;
    case 'id':
      return `${what}: recognised by its id.`;
    default:
      return record.at ? `${what}: recognised by its name${record.id ? ', then by its id' : ''}.` : `${what}: the suggested name; Keyhole has not seen it yet.`;
  }
}
