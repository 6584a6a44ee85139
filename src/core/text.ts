/**
 * Text normalisation and matching. Console UIs differ in case, whitespace, quote style (employees' vs
 * employee’s), non-breaking spaces, padded button values (" Save ") and decorations ("+ Create", "Name:",
 * "Name *"). Every comparison in Keyhole goes through `normalize`.
 */
import type { TextMatch } from '../format/types.ts';

/** Small memo for the two hot string functions: a 3,000-row page asks for the same few thousand names every pass. */
function memo(fn: (s: string) => string): (s: string) => string {
  const cache = new Map<string, string>();
  return (s) => {
    if (s.length > 200) return fn(s); // names are short; whole-element texts are not worth keeping
    let v = cache.get(s);
    if (v === undefined) {
      if (cache.size >= 20000) cache.clear();
      v = fn(s);
      cache.set(s, v);
    }
    return v;
  };
}

export function normalize(input: string | null | undefined): string {
  if (!input) return '';
  return normalizeMemo(input);
}

const normalizeMemo = memo((input) => {
  // Curly, low and prime quotes, the acute accent and the backtick are the page's way of writing ' and ".
  let s = input.normalize('NFKC').replace(/[\u2018\u2019\u201A\u201B\u2032\u00B4`]/g, "'").replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"');
  s = s.replace(/[\s\u00A0\u2007\u202F\u200B]+/g, ' ').trim().toLowerCase();
  // Decorations that are not part of a control's name.
  s = s.replace(/^[+*•]\s*/, '').replace(/\s*[:*]$/, '').trim();
  return s;
});

/** Same word regardless of the possessive apostrophe's place: "employees'" == "employee's" == "employees". */
export const looseKey = memo((input: string): string => normalize(input).replace(/'s\b/g, 's').replace(/s'(?=\s|$)/g, 's').replace(/'/g, ''));

const regexCache = new Map<string, RegExp | null>();
export function compileRegex(source: string): RegExp | null {
  let re = regexCache.get(source);
  if (re === undefined) {
    try {
      re = new RegExp(source, 'i');
    } catch {
      re = null;
    }
    regexCache.set(source, re);
  }
  return re;
}

function asList(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** Does one candidate string satisfy the match? Exact comparisons are made on loose keys. */
export function textMatches(candidate: string, match: TextMatch): boolean {
  const key = looseKey(candidate);
  if (!key && !(typeof match === 'object' && !Array.isArray(match) && match.regex)) return false;
  if (typeof match === 'string') return key === looseKey(match);
  if (Array.isArray(match)) return match.some((m) => key === looseKey(m));
  if (match.regex) {
    const re = compileRegex(match.regex);
    if (re && re.test(normalize(candidate))) return true;
  }
  if (asList(match.equals).some((m) => key === looseKey(m))) return true;
  if (asList(match.startsWith).some((m) => key.startsWith(looseKey(m)))) return true;
  if (asList(match.contains).some((m) => key.includes(looseKey(m)))) return true;
  return false;
}

export function describeMatch(match: TextMatch): string {
  if (typeof match === 'string') return `“${match}”`;
  if (Array.isArray(match)) return match.map((m) => `“${m}”`).join(' or ');
  const parts = [...asList(match.equals), ...asList(match.startsWith), ...asList(match.contains)];
  return parts.length ? parts.map((m) => `“${m}”`).join(' or ') : 'the matching text';
}

/** A literal string inside a regex source (e.g. a status name in a pattern). */
export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Replace {{param}} placeholders with playbook parameter values. Unknown names stay visible. */
export function fillTemplate(text: string, params: Record<string, string>): string {
  return text.replace(/\{\{\s*([a-zA-Z0-9_]+)\s*\}\}/g, (all, name: string) => (name in params ? params[name] : all));
}

