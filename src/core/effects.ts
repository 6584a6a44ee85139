/**
 * Verdicts by what a permission grants. A console's catalog (src/consoles/<console>/catalog.ts) says, for each
 * permission label it knows, its *effect*; this module turns effects into verdicts, judges whether Keyhole can
 * read a permission page at all (its language), and groups review items so an admin can act on them.
 *
 *   read          more reading than the vendor needs           → review "extra read"
 *   self-service  the user's own Chatter, topics, reports, UI   → review "recommended off"
 *   write         creates, changes, deletes or sends, or runs code that can   → forbidden
 *   admin         changes users, access, sharing or setup, or bypasses sharing → forbidden
 *   (unknown)     not in the catalog                            → forbidden when on (fail closed: Keyhole cannot
 *                                                                  tell what it grants, so a least-privilege grant
 *                                                                  keeps it off unless the playbook names it);
 *                                                                  no verdict at all on a page Keyhole cannot read
 *
 * The playbook names what the vendor needs (required wins) and may narrow (forbid) or widen (allow) an item.
 * Pure: no DOM, no browser API, no console strings.
 */
import { compileRegex, looseKey, normalize } from './text.ts';
import { t, type TextKey } from './texts.ts';

export type Effect = 'read' | 'self-service' | 'write' | 'admin';
export type EffectOrUnknown = Effect | 'unknown';
export const EFFECTS: readonly Effect[] = ['read', 'self-service', 'write', 'admin'];

/** One permission the console shows, by its stable key (e.g. an API name). */
export interface CatalogEntry {
  key: string;
  /** The label on the page in the catalog's own language; `aliases` are other wordings of the same permission. */
  label: string;
  aliases?: readonly string[];
  effect: Effect;
  /** What it lets the holder do, in one sentence a security reviewer can sign. */
  grants: string;
  /** Where the entry's facts come from. */
  source: string;
  /** `reviewed`: the effect was judged by hand from the source; `label`: derived from the label's wording. */
  basis: 'reviewed' | 'label';
}

/** A family of labels (object and field permissions, rows by their verbs), judged by a pattern over the name. */
export interface CatalogPattern {
  id: string;
  /** Regular expression (case-insensitive) over the normalised name. */
  regex: string;
  /** Only under these section headings (e.g. object CRUD only in an object-permissions section). */
  sections?: readonly string[];
  effect: Effect;
  grants: string;
  source: string;
}

export interface Catalog {
  console: string;
  /** The language the entries' labels are in (BCP 47 primary subtag, e.g. "en"). */
  language: string;
  entries: readonly CatalogEntry[];
  /** Tried in order after the exact labels. Patterns read the catalog's own language only. */
  patterns?: readonly CatalogPattern[];
  /** Labels in other languages: language → entry key → label on the page. Partial tables are fine. */
  translations?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export interface Lookup {
  effect: Effect;
  grants: string;
  /** Entry key, or the pattern id. */
  key: string;
  source: string;
  /** The language whose label matched. */
  lang: string;
  basis: 'reviewed' | 'label' | 'pattern';
}

interface CompiledPattern {
  p: CatalogPattern;
  /** Null: an invalid expression, which matches nothing. */
  re: RegExp | null;
  /** The loose keys of its sections (textMatches' rule for a list of strings), when it has any. */
  sections: Set<string> | null;
}

interface Index {
  labels: Map<string, Lookup>;
  patterns: CompiledPattern[];
  language: string;
}
const indexes = new WeakMap<Catalog, Index>();

function indexOf(catalog: Catalog): Index {
  let ix = indexes.get(catalog);
  if (ix) return ix;
  const labels = new Map<string, Lookup>();
  const byKey = new Map<string, CatalogEntry>();
  const add = (label: string, e: CatalogEntry, lang: string) => {
    const k = looseKey(label);
    if (k && !labels.has(k)) labels.set(k, { effect: e.effect, grants: e.grants, key: e.key, source: e.source, lang, basis: e.basis });
  };
  for (const e of catalog.entries) {
    byKey.set(e.key, e);
    add(e.label, e, catalog.language);
    for (const a of e.aliases ?? []) add(a, e, catalog.language);
  }
  for (const [lang, table] of Object.entries(catalog.translations ?? {})) {
    for (const [key, label] of Object.entries(table)) {
      const e = byKey.get(key);
      if (e) add(label, e, lang);
    }
  }
  // Compiled once per catalog: a 3,000-box page looks up every box's name against every pattern.
  const patterns = (catalog.patterns ?? []).map((p) => ({ p, re: compileRegex(p.regex), sections: p.sections ? new Set(p.sections.map(looseKey)) : null }));
  ix = { labels, patterns, language: catalog.language };
  indexes.set(catalog, ix);
  return ix;
}

/** What the catalog knows of a permission named `name` (found under the heading `section`), or null. */
export function lookup(catalog: Catalog, name: string, section = ''): Lookup | null {
  const ix = indexOf(catalog);
  const exact = ix.labels.get(looseKey(name));
  if (exact) return exact;
  const sectionKey = looseKey(section);
  const normal = normalize(name);
  for (const { p, re, sections } of ix.patterns) {
    if (sections && (!sectionKey || !sections.has(sectionKey))) continue;
    if (re?.test(normal)) return { effect: p.effect, grants: p.grants, key: p.id, source: p.source, lang: ix.language, basis: 'pattern' };
  }
  return null;
}

/** Every language the catalog has labels for (its own first). */
export function catalogLanguages(catalog: Catalog): string[] {
  return [catalog.language, ...Object.keys(catalog.translations ?? {}).filter((l) => l !== catalog.language)];
}

// ---------------------------------------------------------------- verdicts

type Verdict = 'ok' | 'missing' | 'forbidden' | 'review';

/** The message (src/core/texts.ts) that says why an item of each effect is judged as it is. */
const EFFECT_REASON: Record<EffectOrUnknown, TextKey> = {
  read: 'reasonRead',
  'self-service': 'reasonSelfService',
  write: 'reasonWrite',
  admin: 'reasonAdmin',
  unknown: 'reasonUnknown',
};

/** The reason Keyhole gives for an item of this effect (after the catalog's `grants`, when known). */
export function effectReason(effect: EffectOrUnknown, grants?: string): string {
  const why = t(EFFECT_REASON[effect]);
  return grants && effect !== 'unknown' ? `${grants} ${why}` : why;
}

/** The verdict of a checkbox judged by its effect alone (no playbook rule applies). */
export function verdictForEffect(effect: EffectOrUnknown, checked: boolean, grants?: string): { verdict: Verdict; reason: string } {
  const reason = effectReason(effect, grants);
  if (!checked) return { verdict: 'ok', reason };
  return { verdict: effect === 'write' || effect === 'admin' || effect === 'unknown' ? 'forbidden' : 'review', reason };
}

/** What the playbook says of an item: required, forbidden, allowed despite its effect (widen), or a review reason. */
export interface PlaybookSays {
  kind: 'required' | 'forbidden' | 'allowed' | 'review';
  reason: string;
}

/**
 * How an item is judged:
 *   required / forbidden   as in the playbook (verdict ok|missing, ok|forbidden); forbidden also by effect
 *                          (write/admin), and for an item no rule names and the catalog does not know (fail closed)
 *   other                  reviewed when on
 *   ignored                no verdict (the group ignores harmless others)
 *   unverified             no verdict: Keyhole cannot read this page and does not know the item (fail closed)
 */
type JudgedKind = 'required' | 'forbidden' | 'other' | 'ignored' | 'unverified';

interface Judged {
  kind: JudgedKind;
  reason: string;
  effect: EffectOrUnknown;
}

interface JudgeInput {
  /** The catalog's answer for the item, if any. */
  found: Lookup | null;
  /** The playbook's rule for the item, if one matched. */
  playbook?: PlaybookSays;
  /** False when the page's language is one Keyhole cannot read (see judgeReadability). */
  readable: boolean;
  /** The group ignores items that neither a rule nor a write/admin effect concerns (e.g. field Read Access). */
  ignoreOthers?: boolean;
}

/**
 * Playbook first where it speaks (forbidden over required: a rule set that does both is unsafe), then the
 * effect: write/admin are forbidden unless the playbook allows them, read/self-service are reviewed, unknown
 * items are forbidden on a readable page (never "review": that would offer Save for a box Keyhole cannot judge)
 * and left without a verdict on an unreadable one.
 */
export function judgeItem({ found, playbook, readable, ignoreOthers }: JudgeInput): Judged {
  const effect: EffectOrUnknown = found?.effect ?? 'unknown';
  if (playbook?.kind === 'forbidden') return { kind: 'forbidden', reason: playbook.reason, effect };
  if (playbook?.kind === 'required') return { kind: 'required', reason: playbook.reason, effect };
  if (playbook?.kind === 'allowed') return { kind: 'other', reason: playbook.reason, effect };
  if (effect === 'write' || effect === 'admin') return { kind: 'forbidden', reason: effectReason(effect, found?.grants), effect };
  // A playbook rule matched the label, so Keyhole read it; otherwise an unknown label on an unreadable page gets nothing.
  if (playbook?.kind === 'review') return { kind: 'other', reason: playbook.reason, effect };
  if (!found && !readable) return { kind: 'unverified', reason: '', effect };
  if (ignoreOthers) return { kind: 'ignored', reason: '', effect };
  if (!found) return { kind: 'forbidden', reason: effectReason('unknown'), effect };
  return { kind: 'other', reason: effectReason(effect, found?.grants), effect };
}

// ---------------------------------------------------------------- readability (language)

export interface Readability {
  readable: boolean;
  /** Labels the catalog knows, of the labels on the page. */
  known: number;
  total: number;
  /** The page's declared language, when given. */
  lang?: string;
}

interface ReadabilityOptions {
  /** `<html lang>` (or the frame's), e.g. "nl-NL". Only a language the catalog has no labels for decides alone. */
  htmlLang?: string | null;
  /** Languages the catalog has labels for (catalogLanguages). */
  languages: readonly string[];
  /** Below this share of known labels the page is unreadable. Default 0.5: "most labels unknown". */
  threshold?: number;
}

export function primaryLanguage(tag: string | null | undefined): string {
  return (tag ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
}

/**
 * Can Keyhole read this permission page? Unreadable when its declared language is one the catalog has no
 * labels for, or when most of its permission labels are unknown (another language, or a page Keyhole does
 * not understand). An unreadable page fails closed: unknown boxes get no verdict and Save is never the target.
 */
export function judgeReadability(labels: readonly boolean[], opts: ReadabilityOptions): Readability {
  // One entry per permission label on the page: whether Keyhole knows it (the index decided that as it named it).
  const total = labels.length;
  const known = labels.filter(Boolean).length;
  const lang = primaryLanguage(opts.htmlLang) || undefined;
  const threshold = opts.threshold ?? 0.5;
  // No labels: nothing to misread. A declared language the catalog has no labels for decides alone.
  const readable = !total || (!(lang && !opts.languages.map(primaryLanguage).includes(lang)) && known / total >= threshold);
  return { readable, known, total, lang };
}

// ---------------------------------------------------------------- review groups

interface ReviewItem {
  name: string;
  reason: string;
  /** Undefined for items that are not permissions (e.g. a lifecycle status value). */
  effect?: EffectOrUnknown;
}

interface ReviewGroup {
  key: EffectOrUnknown | 'other';
  label: string;
  /** One line: the count and what to do ("31 extra read permissions from Read Only: fine for reading; untick to narrow."). */
  line: string;
  items: Array<{ name: string; reason: string }>;
}

interface GroupOptions {
  /** Where the items came from, e.g. "Read Only" (the profile the admin cloned). */
  from?: string;
}

const GROUP_ORDER: Array<ReviewGroup['key']> = ['write', 'admin', 'unknown', 'read', 'self-service', 'other'];

/** "1 write permission", "3 write permissions". */
const count = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;

function groupText(key: ReviewGroup['key'], n: number, from?: string): { label: string; line: string } {
  const src = from ? ` from ${from}` : '';
  switch (key) {
    case 'read':
      return { label: t('reviewRead'), line: t('reviewReadLine', count(n, 'extra read permission') + src) };
    case 'self-service':
      return { label: t('reviewSelf'), line: t('reviewSelfLine', count(n, 'self-service permission') + src) };
    case 'unknown':
      return { label: t('reviewUnknown'), line: t('reviewUnknownLine', count(n, 'permission')) };
    case 'write':
    case 'admin':
      return { label: t(key === 'write' ? 'reviewWrite' : 'reviewAdmin'), line: t('reviewAllowedLine', count(n, `${key} permission`)) };
    default:
      return { label: t('reviewOther'), line: t('reviewOtherLine', count(n, 'other item')) };
  }
}

/** Review items grouped by effect, with counts and one line each; groups in a fixed order, items as given. */
export function groupReviews(items: readonly ReviewItem[], opts: GroupOptions = {}): ReviewGroup[] {
  const byKey = new Map<ReviewGroup['key'], ReviewGroup['items']>();
  for (const it of items) {
    const key = it.effect ?? 'other';
    let list = byKey.get(key);
    if (!list) byKey.set(key, (list = []));
    list.push({ name: it.name, reason: it.reason });
  }
  const out: ReviewGroup[] = [];
  for (const key of GROUP_ORDER) {
    const list = byKey.get(key);
    if (!list?.length) continue;
    out.push({ key, ...groupText(key, list.length, key === 'read' || key === 'self-service' ? opts.from : undefined), items: list });
  }
  return out;
}
