/** Verdicts by effect, the playbook's precedence, the language fallback and review groups (src/core/effects.ts). */
import { describe, expect, it } from 'vitest';
import {
  effectReason, groupReviews, judgeItem, judgeReadability, lookup, primaryLanguage, verdictForEffect, type Catalog, type CatalogPattern,
  type Effect, type Lookup,
} from '../../src/core/effects.ts';
import { SALESFORCE_CATALOG } from '../../src/consoles/salesforce/catalog.ts';

function catalogOf(entries: Array<{ key: string; label: string; effect: Effect }>, patterns: Array<Omit<CatalogPattern, 'grants' | 'source'>> = []): Catalog {
  return {
    console: 'test',
    language: 'en',
    entries: entries.map((e) => ({ ...e, grants: `${e.label}.`, source: 'test', basis: 'reviewed' as const })),
    patterns: patterns.map((p) => ({ ...p, grants: 'test', source: 'test' })),
  };
}

const found = (effect: Lookup['effect'], grants = 'Does a thing.'): Lookup => ({ effect, grants, key: 'K', source: 's', lang: 'en', basis: 'reviewed' });

describe('verdictForEffect', () => {
  it('forbids write and admin when on, says what they could do', () => {
    expect(verdictForEffect('write', true, 'Sends outbound messages.')).toEqual({
      verdict: 'forbidden',
      reason: 'Sends outbound messages. That is write access: a read-only grant must not have it.',
    });
    expect(verdictForEffect('admin', true, 'Assigns permission sets.').verdict).toBe('forbidden');
    expect(verdictForEffect('admin', true, 'Assigns permission sets.').reason).toContain('admin access');
  });

  it('reviews read as extra read, self-service as recommended off; forbids unknown (fail closed)', () => {
    expect(verdictForEffect('read', true)).toEqual({ verdict: 'review', reason: expect.stringContaining('Extra read') });
    expect(verdictForEffect('self-service', true).reason).toContain('recommended off');
    expect(verdictForEffect('unknown', true)).toEqual({ verdict: 'forbidden', reason: expect.stringContaining('Unknown to Keyhole') });
  });

  it('is ok for every effect when the box is off', () => {
    for (const e of ['read', 'self-service', 'write', 'admin', 'unknown'] as const) expect(verdictForEffect(e, false).verdict, e).toBe('ok');
  });

  it('uses the catalog’s words when it has them', () => {
    expect(effectReason('read', 'Runs reports.')).toMatch(/^Runs reports\. Extra read/);
    expect(effectReason('unknown', 'ignored')).toContain('Unknown to Keyhole');
  });
});

describe('judgeItem: the playbook names what it needs, the effect decides the rest', () => {
  it('required wins over the effect; forbidden wins over required', () => {
    expect(judgeItem({ found: found('read'), playbook: { kind: 'required', reason: 'needed' }, readable: true })).toMatchObject({ kind: 'required', reason: 'needed' });
    expect(judgeItem({ found: found('write'), playbook: { kind: 'required', reason: 'needed' }, readable: true }).kind).toBe('required');
    expect(judgeItem({ found: found('read'), playbook: { kind: 'forbidden', reason: 'no' }, readable: true })).toMatchObject({ kind: 'forbidden', reason: 'no' });
  });

  it('forbids write/admin even where the playbook only gives a review reason; allows them only when told', () => {
    expect(judgeItem({ found: found('write'), playbook: { kind: 'review', reason: 'hmm' }, readable: true })).toMatchObject({ kind: 'forbidden', effect: 'write' });
    expect(judgeItem({ found: found('admin'), readable: true }).kind).toBe('forbidden');
    expect(judgeItem({ found: found('write'), playbook: { kind: 'allowed', reason: 'vendor needs it' }, readable: true })).toMatchObject({ kind: 'other', reason: 'vendor needs it', effect: 'write' });
  });

  it('reviews read and self-service, with the playbook’s reason when it has one', () => {
    expect(judgeItem({ found: found('read'), readable: true })).toMatchObject({ kind: 'other', effect: 'read' });
    expect(judgeItem({ found: found('self-service'), playbook: { kind: 'review', reason: 'why' }, readable: true })).toMatchObject({ kind: 'other', reason: 'why' });
  });

  it('forbids unknown items on a readable page (never review: Save would be offered), gives them nothing on an unreadable one', () => {
    expect(judgeItem({ found: null, readable: true })).toMatchObject({ kind: 'forbidden', effect: 'unknown', reason: expect.stringContaining('Unknown to Keyhole') });
    // An English label Keyhole can read but does not know, whose wording sounds harmless or not, is never "fine".
    expect(judgeItem({ found: null, readable: true }).reason).toMatch(/keeps it off/);
    // The playbook may still name it: a rule's review reason makes it a review item, an allow rule too.
    expect(judgeItem({ found: null, playbook: { kind: 'review', reason: 'asked for' }, readable: true })).toMatchObject({ kind: 'other', reason: 'asked for' });
    expect(judgeItem({ found: null, playbook: { kind: 'allowed', reason: 'vendor needs it' }, readable: true }).kind).toBe('other');
    // A group that ignores harmless others (field Read Access) still ignores unknown field names.
    expect(judgeItem({ found: null, readable: true, ignoreOthers: true }).kind).toBe('ignored');
    expect(judgeItem({ found: null, readable: false })).toMatchObject({ kind: 'unverified', effect: 'unknown' });
    // Known items keep their verdicts on an unreadable page (a translated Modify All Data is still forbidden).
    expect(judgeItem({ found: found('admin'), readable: false }).kind).toBe('forbidden');
    expect(judgeItem({ found: found('read'), readable: false }).kind).toBe('other');
  });

  it('lets a group ignore harmless others but never a write', () => {
    expect(judgeItem({ found: found('read'), readable: true, ignoreOthers: true }).kind).toBe('ignored');
    expect(judgeItem({ found: found('write'), readable: true, ignoreOthers: true }).kind).toBe('forbidden');
  });
});

describe('judgeReadability: fail closed where Keyhole cannot read the page', () => {
  const known = (l: string) => lookup(SALESFORCE_CATALOG, l) !== null;
  const english = ['API Enabled', 'Api Only User', 'Modify All Data', 'View Setup and Configuration', 'Run Reports', 'Export Reports'];
  const dutch = ['API ingeschakeld', 'Alleen-API-gebruiker', 'Alle gegevens wijzigen', 'Setup en configuratie weergeven', 'Rapporten uitvoeren', 'Rapporten exporteren'];

  it('reads an English page', () => {
    expect(judgeReadability(english.map(known), { languages: ['en', 'ja'], htmlLang: 'en-US' })).toMatchObject({ readable: true, known: 6, total: 6 });
  });

  it('cannot read a page whose labels are mostly unknown, even when <html lang> says English', () => {
    const r = judgeReadability([...dutch, 'API Enabled'].map(known), { languages: ['en', 'ja'], htmlLang: 'en' });
    expect(r).toMatchObject({ readable: false, known: 1, total: 7 });
  });

  it('cannot read a page declared in a language it has no labels for, even if some labels are English', () => {
    expect(judgeReadability(english.map(known), { languages: ['en', 'ja'], htmlLang: 'nl-NL' })).toMatchObject({ readable: false, lang: 'nl' });
  });

  it('reads a Japanese page only as far as its table goes', () => {
    const ja = ['API の有効化', 'API 限定ユーザー', 'すべてのデータの編集', '設定・定義を参照する'];
    expect(judgeReadability(ja.map(known), { languages: ['en', 'ja'], htmlLang: 'ja' }).readable).toBe(true);
    expect(judgeReadability([...ja, 'unbekannt 1', 'unbekannt 2', 'unbekannt 3', 'unbekannt 4', 'unbekannt 5'].map(known), { languages: ['en', 'ja'], htmlLang: 'ja' }).readable).toBe(false);
  });

  it('has nothing to judge on a page without permission labels', () => {
    expect(judgeReadability([].map(known), { languages: ['en'] }).readable).toBe(true);
  });

  it('takes the primary language of a tag', () => {
    expect(primaryLanguage('nl_NL')).toBe('nl');
    expect(primaryLanguage(' EN-gb ')).toBe('en');
    expect(primaryLanguage(null)).toBe('');
  });
});

describe('groupReviews: one line per effect, counts, names as the page shows them', () => {
  const items = [
    ...Array.from({ length: 31 }, (_, i) => ({ name: `Read Object${i}`, reason: 'r', effect: 'read' as const })),
    { name: 'Chatter Internal User', reason: 's', effect: 'self-service' as const },
    { name: 'Create Topics', reason: 's', effect: 'self-service' as const },
    { name: 'Frobnicate Widgets', reason: 'u', effect: 'unknown' as const },
    { name: 'Garden leave', reason: 'status' },
  ];

  it('groups in a fixed order with the count in the line', () => {
    const groups = groupReviews(items, { from: 'Read Only' });
    expect(groups.map((g) => g.key)).toEqual(['unknown', 'read', 'self-service', 'other']);
    const read = groups.find((g) => g.key === 'read')!;
    expect(read.line).toBe('31 extra read permissions from Read Only: fine for reading; untick to narrow.');
    expect(read.items).toHaveLength(31);
    expect(groups.find((g) => g.key === 'self-service')!.line).toBe('2 self-service permissions from Read Only: change no business data; recommended off.');
    expect(groups.find((g) => g.key === 'unknown')!.line).toBe('1 permission unknown to Keyhole: check each one and untick it unless the vendor asked for it.');
  });

  it('keeps the page’s casing and order inside a group', () => {
    const g = groupReviews(items).find((x) => x.key === 'self-service')!;
    expect(g.items.map((i) => i.name)).toEqual(['Chatter Internal User', 'Create Topics']);
  });

  it('returns no group for no items', () => {
    expect(groupReviews([])).toEqual([]);
  });
});

describe('lookup', () => {
  const tiny: Catalog = catalogOf([{ key: 'A', label: 'Do A', effect: 'write' }], [{ id: 'p', regex: '^see ', effect: 'read', sections: ['Reading'] }]);

  it('prefers an exact label, then patterns under their sections', () => {
    expect(lookup(tiny, 'do a')).toMatchObject({ key: 'A', basis: 'reviewed' });
    expect(lookup(tiny, 'See things', 'Reading')).toMatchObject({ key: 'p', basis: 'pattern', effect: 'read' });
    expect(lookup(tiny, 'See things', 'Writing')).toBeNull();
  });
});

describe('CheckboxIndex with a catalog (happy-dom)', async () => {
  const { CheckboxIndex, findingsOf, refreshAll } = await import('../../src/core/validator.ts');
  const { HIBOB_CATALOG } = await import('../../src/consoles/hibob/catalog.ts');
  const check = {
    id: 'c', title: 'C', groups: [{}], required: [], forbidden: [], review: [], defaultReviewReason: 'd', save: { role: 'button' as const, name: 'Save' },
    catalog: 'hibob',
  };
  const page = (labels: string[], lang = 'en') => {
    document.documentElement.setAttribute('lang', lang);
    document.body.innerHTML = labels.map((l, i) => `<label><input type="checkbox" id="c${i}" checked> ${l}</label>`).join('');
    const ix = new CheckboxIndex(check, document, undefined, HIBOB_CATALOG);
    refreshAll(ix);
    return ix;
  };

  it('judges an English page by effect, with page-cased labels', () => {
    const f = findingsOf(page(['View and manage employee document requests', "View selected employees' Work sections", 'Frobnicate things']));
    expect(f.map((x) => [x.label, x.verdict, x.effect])).toEqual([
      ['View and manage employee document requests', 'forbidden', 'write'],
      ["View selected employees' Work sections", 'review', 'read'],
      ['Frobnicate things', 'forbidden', 'unknown'],
    ]);
  });

  it('names a box by its label without the label’s decorations (a "New" badge): known, not unknown', () => {
    const f = findingsOf(page(["View selected employees' Work sections <span class=\"badge\">New</span>", 'Edit all lists (sites, job titles, etc.) <span class="slds-badge">Beta</span>']));
    expect(f.map((x) => [x.label, x.verdict, x.effect])).toEqual([
      ["View selected employees' Work sections", 'review', 'read'],
      ['Edit all lists (sites, job titles, etc.)', 'forbidden', 'admin'],
    ]);
  });

  it('fails closed on a page in another language: unknown boxes get no verdict, known ones keep theirs', () => {
    const ix = page(['Gegevens bekijken', 'Lijsten bewerken', 'Documenten beheren', 'Edit all lists (sites, job titles, etc.)']);
    expect(ix.readability.readable).toBe(false);
    expect(findingsOf(ix).map((x) => [x.label, x.verdict])).toEqual([['Edit all lists (sites, job titles, etc.)', 'forbidden']]);
    expect(ix.unverifiedCount()).toBe(3);
  });

  it('fails closed when <html lang> is a language it has no labels for', () => {
    const ix = page(["View selected employees' Work sections", 'Frobnicate things'], 'nl');
    expect(ix.readability.readable).toBe(false);
    expect(findingsOf(ix).map((x) => x.label)).toEqual(["View selected employees' Work sections"]);
  });
});
