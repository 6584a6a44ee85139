/**
 * The permission catalogs as data passed from the background to the content script. The background publishes,
 * beside the active playbook in storage.local, the catalogs its checks name (background/publish-guide.ts); the
 * content script reads them back here, checking every field, because a verdict is only as good as its catalog.
 *
 * Fail closed: a catalog that is absent or malformed is not used at all (`catalogFor` answers null), and a check
 * that names a catalog Keyhole does not have judges nothing by effect: unknown labels get no verdict, the page
 * counts as unreadable, Save is never the target (src/core/validator.ts, CheckboxIndex with a null catalog).
 * Never "fine" for want of data.
 *
 * Pure: no browser API, no console knowledge; this module must stay small (it is in the content script).
 */
import { EFFECTS, type Catalog, type CatalogEntry, type CatalogPattern } from '../core/effects.ts';
import { compileRegex } from '../core/text.ts';

/** The field of the published active playbook that holds the catalogs, by name. */
export const CATALOGS_FIELD = 'catalogs';

/** Catalogs by the name checks give them. */
export type Catalogs = Readonly<Record<string, Catalog>>;

/** The catalog names a playbook's permission checks use. */
export function catalogNamesOf(steps: ReadonlyArray<{ permissions?: { catalog?: string } }>): string[] {
  return [...new Set(steps.flatMap((s) => (s.permissions?.catalog ? [s.permissions.catalog] : [])))];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isText = (v: unknown): v is string => isString(v) && v.length > 0;
/** Absent, or a list of strings. */
const isTextList = (v: unknown): boolean => v === undefined || (Array.isArray(v) && v.every(isString));
/** An effect Keyhole knows, what it grants, and where that comes from. */
const isJudged = (v: Record<string, unknown>): boolean => (EFFECTS as readonly unknown[]).includes(v.effect) && isString(v.grants) && isString(v.source);

function isEntry(v: unknown): v is CatalogEntry {
  return isObject(v) && isText(v.key) && isText(v.label) && isJudged(v) && (v.basis === 'reviewed' || v.basis === 'label') && isTextList(v.aliases);
}

function isPattern(v: unknown): v is CatalogPattern {
  // A pattern that does not compile would silently judge nothing: the whole catalog is refused instead.
  return isObject(v) && isText(v.id) && isText(v.regex) && isJudged(v) && isTextList(v.sections) && compileRegex(v.regex) !== null;
}

function isTranslations(v: unknown): boolean {
  return isObject(v) && Object.values(v).every((table) => isObject(table) && Object.values(table).every(isString));
}

/** A well-formed catalog with at least one entry (an empty one would leave every label unknown yet look usable). */
export function isCatalog(v: unknown): v is Catalog {
  if (!isObject(v) || !isText(v.console) || !isText(v.language)) return false;
  if (!Array.isArray(v.entries) || v.entries.length === 0 || !v.entries.every(isEntry)) return false;
  if (v.patterns !== undefined && !(Array.isArray(v.patterns) && v.patterns.every(isPattern))) return false;
  return v.translations === undefined || isTranslations(v.translations);
}

/** The well-formed catalogs in published data (anything else is dropped: its checks then fail closed). */
export function readCatalogs(data: unknown): Catalogs {
  const out: Record<string, Catalog> = {};
  if (!isObject(data)) return out;
  for (const [name, catalog] of Object.entries(data)) if (isCatalog(catalog)) out[name] = catalog;
  return out;
}

/** The catalogs published for the active run (`guide[CATALOGS_FIELD]`, background/publish-guide.ts), checked. */
export function catalogsOf(guide: unknown): Catalogs {
  return readCatalogs(isObject(guide) ? guide[CATALOGS_FIELD] : undefined);
}

/**
 * The catalog a check names: undefined when it names none (the playbook's rules judge alone), null when it names
 * one that is not available (fail closed), else the catalog.
 */
export function catalogFor(catalogs: Catalogs, name: string | undefined): Catalog | null | undefined {
  if (!name) return undefined;
  return Object.hasOwn(catalogs, name) ? catalogs[name] : null;
}
