// Keyhole's texts live in the extension's message catalog (public/_locales/en/messages.json, src/core/texts.ts).
// Every key the code asks for must be there with as many placeholders as the call fills, in the format browsers load.
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { posix } from 'node:path';
import messages from '../../public/_locales/en/messages.json';
import { t, useTexts } from '../../src/core/texts.ts';
import { getMessage } from './setup-texts.ts';

type Entry = { message: string; description?: string; placeholders?: Record<string, { content: string }> };
const catalog = messages as Record<string, Entry>;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = posix.join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : /\.tsx?$/.test(n) ? [p] : [];
  });
}

/** Every `t('key', …)` call in the product's code: its key and how many substitutions it passes. */
function calls(): Array<{ file: string; key: string; args: number }> {
  const out: Array<{ file: string; key: string; args: number }> = [];
  for (const file of ['src', 'content-scripts', 'background', 'popup'].flatMap(walk)) {
    const code = readFileSync(file, 'utf8');
    for (const m of code.matchAll(/\bt\(\s*'([A-Za-z0-9_]+)'\s*(,|\))/g)) {
      // Count the top-level commas up to the call's closing parenthesis.
      let depth = 1;
      let args = 0;
      for (let i = m.index! + m[0].length - 1; i < code.length && depth > 0; i++) {
        const c = code[i];
        if (i === m.index! + m[0].length - 1 && c === ',') {
          args = 1;
          continue;
        }
        if ('([{'.includes(c)) depth++;
        else if (')]}'.includes(c)) depth--;
        else if (c === ',' && depth === 1) args++;
      }
      out.push({ file, key: m[1], args });
    }
  }
  return out;
}

describe('the message catalog', () => {
  it('is in the format browsers load: names, messages, placeholders as $1…$9, no stray $', () => {
    expect(Object.keys(catalog).length).toBeGreaterThan(20);
    for (const [key, e] of Object.entries(catalog)) {
      expect(key, key).toMatch(/^[A-Za-z0-9_@]+$/);
      expect(typeof e.message, key).toBe('string');
      const used = [...e.message.matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((m) => m[1].toLowerCase());
      expect(used.sort(), key).toEqual(Object.keys(e.placeholders ?? {}).sort());
      expect(e.message.replace(/\$[A-Za-z0-9_@]+\$/g, ''), key).not.toContain('$');
      for (const p of Object.values(e.placeholders ?? {})) expect(p.content, key).toMatch(/^\$[1-9]$/);
    }
  });

  it('has every key the code asks for, with as many placeholders as each call fills', () => {
    const found = calls();
    expect(found.length).toBeGreaterThan(20);
    for (const c of found) {
      const e = catalog[c.key];
      expect(e, `${c.file}: ${c.key}`).toBeDefined();
      expect(Object.keys(e.placeholders ?? {}).length, `${c.file}: ${c.key}`).toBe(c.args);
    }
    // …and nothing in the catalog that no code asks for (except through a table of keys, like the effects' reasons).
    const asked = new Set(found.map((c) => c.key));
    const tables = ['src', 'content-scripts'].flatMap(walk).map((f) => readFileSync(f, 'utf8')).join('\n');
    for (const key of Object.keys(catalog)) expect(asked.has(key) || tables.includes(`'${key}'`), key).toBe(true);
  });

  it('fills placeholders in order, as i18n.getMessage does; a key the catalog lacks is shown as itself', () => {
    expect(t('savedProblems', 2, 1)).toBe('Saved with 2 missing and 1 forbidden permission(s).');
    expect(t('planUntick', 'Modify All Data', 'Admin.', 'Untick it.')).toBe('Untick “Modify All Data”: Admin.\n\nUntick it.');
    expect(getMessage('no such key')).toBe('');
    expect(t('no such key' as never)).toBe('no such key');
    // Without a lookup (a context with no i18n API), keys: never another text.
    useTexts(() => '');
    try {
      expect(t('planSave')).toBe('planSave');
    } finally {
      useTexts(getMessage);
    }
  });

  it('asks the browser once per text and placeholders (each ask is an extension API call; a busy page redraws often)', () => {
    const asked: string[] = [];
    useTexts((key, subs) => (asked.push(`${key}|${subs.join(',')}`), getMessage(key, subs)));
    try {
      for (let i = 0; i < 5; i++) {
        expect(t('savedProblems', 2, 1)).toBe('Saved with 2 missing and 1 forbidden permission(s).');
        expect(t('savedProblems', 3, 0)).toBe('Saved with 3 missing and 0 forbidden permission(s).');
        expect(t('planSave')).toBe(getMessage('planSave'));
      }
      // Other placeholders are another text; "2, 1" is not "21" (the memo's key keeps them apart).
      expect(t('savedProblems', 21, '')).toBe('Saved with 21 missing and  forbidden permission(s).');
      expect(asked).toEqual(['savedProblems|2,1', 'savedProblems|3,0', 'planSave|', 'savedProblems|21,']);
    } finally {
      useTexts(getMessage);
    }
  });
});
