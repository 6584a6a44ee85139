/**
 * A pass after a complete one looks only at what the page added (CheckboxIndex.noteChanges), not at every box on
 * the page. Counts, not time: which boxes a pass looks at (its queue) is read from what it names and what it finds.
 * Each test fails on an index that queries the whole page on every pass (it would find the unannounced box), or on
 * one that trusts a delta where it cannot (a scope, too many changes, a caller that hands over nothing).
 */
import { describe, expect, it } from 'vitest';
import { Window } from 'happy-dom';
import { CheckboxIndex, refreshAll } from '../../src/core/validator.ts';
import type { PermissionCheck } from '../../src/format/types.ts';

const check = (scope?: unknown): PermissionCheck =>
  ({
    id: 'c',
    title: 'c',
    groups: [{ id: 'g', label: 'g', ...(scope ? { scope } : {}) }],
    required: [{ match: { equals: ['read thing 0'] }, reason: 'needed' }],
    forbidden: [{ match: { startsWith: ['edit '] }, reason: 'writes' }],
    defaultReviewReason: 'extra',
    save: { role: 'button', name: 'Save' },
  }) as unknown as PermissionCheck;

/** A page of rows, and a MutationObserver whose records go to the index, as the agent hands them over. */
function page(rows: number, opts: { scope?: unknown; follow?: boolean } = {}) {
  const w = new Window();
  const doc = w.document as unknown as Document;
  const row = (i: number, words = `Read Thing ${i}`) => `<tr><td><label for="b${i}">${words}</label></td><td><input type="checkbox" id="b${i}"></td></tr>`;
  doc.body.innerHTML = `<table id="t"><tbody>${Array.from({ length: rows }, (_, i) => row(i)).join('')}</tbody></table>`;
  const index = new CheckboxIndex(check(opts.scope), doc, undefined, undefined, opts.follow ?? true);
  const mo = new (w as unknown as { MutationObserver: typeof MutationObserver }).MutationObserver((r) => index.noteChanges(r));
  mo.observe(doc.documentElement, { subtree: true, childList: true, attributes: true, attributeFilter: ['role', 'type'] });
  refreshAll(index);
  const settle = async () => {
    await new Promise((r) => setTimeout(r, 0)); // records delivered
  };
  /** Add a row the index is told about (a record), or one it is not (its record taken away: takeRecords). */
  const add = (i: number, words?: string) => {
    const t = doc.createElement('tbody');
    t.innerHTML = row(i, words);
    doc.querySelector('#t')!.append(t.firstElementChild!);
  };
  const addUnseen = (i: number) => {
    add(i);
    mo.takeRecords(); // the index never hears of it
  };
  return { doc, index, add, addUnseen, settle, mo };
}

describe('CheckboxIndex: delta passes', () => {
  it('after a complete pass, the next one names only the boxes the page added (and finds nothing it was not told about)', async () => {
    const { doc, index, add, addUnseen, settle } = page(300);
    expect(index.items.size).toBe(300);
    add(300, 'Edit Thing 300');
    await settle();
    addUnseen(301);
    await settle();
    const r = index.refreshSlice({ maxNew: Infinity });
    expect(r.done).toBe(true);
    expect(r.named).toBe(1); // the announced row only
    expect(index.items.get(doc.querySelector('#b300')!)?.kind).toBe('forbidden');
    expect(index.items.has(doc.querySelector('#b301')!)).toBe(false);
  });

  it('a box removed is forgotten by the next pass, announced or not', async () => {
    const { doc, index, settle, mo } = page(50);
    doc.querySelector('#b7')!.closest('tr')!.remove();
    doc.querySelector('#b8')!.closest('tr')!.remove();
    mo.takeRecords(); // one removal the index never hears of: every pass checks its items are still in the page
    await settle();
    refreshAll(index);
    expect(index.items.size).toBe(48);
  });

  it('a box that becomes one (role set on an element) is looked at', async () => {
    const { doc, index, settle } = page(10);
    const div = doc.createElement('div');
    div.setAttribute('aria-label', 'Edit Widgets');
    doc.body.append(div);
    await settle();
    refreshAll(index);
    div.setAttribute('role', 'checkbox');
    await settle();
    const r = index.refreshSlice({ maxNew: Infinity });
    expect(r.named).toBe(1);
    expect(index.items.get(div)?.kind).toBe('forbidden');
  });

  it('falls back to a full pass: too many additions, a scoped group, or a caller that does not hand over changes', async () => {
    // Too many: past DELTA_MAX_NODES additions the next pass queries the whole page (and finds the unannounced box).
    let p = page(20);
    for (let i = 20; i < 460; i++) p.add(i);
    await p.settle();
    p.addUnseen(999);
    await p.settle();
    refreshAll(p.index);
    expect(p.index.items.has(p.doc.querySelector('#b999')!)).toBe(true);
    // A scoped group: a scope found by its words may move; every pass is full.
    p = page(20, { scope: { css: '#t' } });
    p.addUnseen(50);
    await p.settle();
    refreshAll(p.index);
    expect(p.index.items.has(p.doc.querySelector('#b50')!)).toBe(true);
    // No `follow`: the index cannot know it hears every change; every pass is full.
    p = page(20, { follow: false });
    p.addUnseen(51);
    await p.settle();
    refreshAll(p.index);
    expect(p.index.items.has(p.doc.querySelector('#b51')!)).toBe(true);
  });

  it('the first pass is always full: boxes added before it completes are found by the one after', async () => {
    const w = new Window();
    const doc = w.document as unknown as Document;
    doc.body.innerHTML = Array.from({ length: 30 }, (_, i) => `<label>Read Thing ${i}<input type="checkbox"></label>`).join('');
    const index = new CheckboxIndex(check(), doc, undefined, undefined, true);
    const mo = new (w as unknown as { MutationObserver: typeof MutationObserver }).MutationObserver((r) => index.noteChanges(r));
    mo.observe(doc.documentElement, { subtree: true, childList: true });
    expect(index.refreshSlice({ maxNew: 10 }).done).toBe(false); // a sliced first pass under way
    const late = doc.createElement('label');
    late.innerHTML = 'Edit Late<input type="checkbox">';
    doc.body.append(late);
    await new Promise((r) => setTimeout(r, 0));
    refreshAll(index); // finishes the first pass (which began before the box came)…
    expect(index.items.size).toBe(30);
    refreshAll(index); // …and the next one, a delta pass, finds it
    expect(index.items.size).toBe(31);
  });
});
