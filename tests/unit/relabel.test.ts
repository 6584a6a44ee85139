/**
 * A box whose words change in place (the same <input>, a new label text or title: a recycled row of a virtual
 * list, a framework re-rendering a cell) is judged by its new words, never by the verdict its old words had.
 * Each agent test fails on a build that names a box once (its old verdict stays); the index tests pin what
 * `relabel` looks at (counts, not time).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Window } from 'happy-dom';
import { SAVE_READY_EDIT_PAGE, startAgent, stopAgents, until } from './agent-page.ts';
import { CheckboxIndex, refreshAll } from '../../src/core/validator.ts';
import type { PermissionCheck } from '../../src/format/types.ts';

afterEach(stopAgents);

const boot = (html = SAVE_READY_EDIT_PAGE) => startAgent(html);

describe('a box relabelled in place is judged by its new words', () => {
  it('a label text changed (character data): review becomes forbidden, and Save is no longer the target', async () => {
    const { doc, v, target } = boot();
    await until(() => target()?.getAttribute('name') === 'save');
    expect(v('#a4')).toBe('review');
    expect(target()?.getAttribute('name')).toBe('save');
    // The same <label> and <input>: only the text node's data changes (as a virtual list recycles a row).
    (doc.querySelector('label[for="a4"]')!.firstChild as unknown as Text).data = 'Modify All Data';
    await until(() => v('#a4') === 'forbidden');
    expect(v('#a4')).toBe('forbidden');
    // The verdict at once; a pass that used its share of the task points to the box in the next one.
    expect(target()?.getAttribute('name')).not.toBe('save');
    await until(() => target()?.id === 'a4');
    expect(target()?.id).toBe('a4');
  });

  it('a label renamed to words no catalog knows fails closed (forbidden), not review', async () => {
    const { doc, v, target } = boot();
    await until(() => target()?.getAttribute('name') === 'save');
    (doc.querySelector('label[for="a4"]')!.firstChild as unknown as Text).data = 'View and Edit Quantum Records';
    await until(() => v('#a4') !== 'review');
    expect(v('#a4')).toBe('forbidden');
    expect(target()?.getAttribute('name')).not.toBe('save');
  });

  it('a label cell re-rendered (new child elements, the same box), and a box whose title changed', async () => {
    const { doc, v, target } = boot();
    await until(() => target()?.getAttribute('name') === 'save');
    const cell = doc.querySelector('label[for="a4"]')!.parentElement!;
    cell.innerHTML = '<label for="a4">Customize Application</label>';
    await until(() => v('#a4') === 'forbidden');
    expect(v('#a4')).toBe('forbidden');
    // The box itself renamed by its title (the object-permission table names boxes by title).
    doc.querySelector('label[for="a4"]')!.textContent = 'Run Reports';
    doc.querySelector('#leads')!.setAttribute('title', 'Delete Leads');
    await until(() => v('#leads') === 'forbidden' && v('#a4') === 'review');
    expect(v('#leads')).toBe('forbidden');
    expect(v('#a4')).toBe('review');
  });

  it('relabelled back, the box is judged by its words again (ok), and Save comes back', async () => {
    const { doc, v, target } = boot();
    await until(() => target()?.getAttribute('name') === 'save');
    const text = doc.querySelector('label[for="a4"]')!.firstChild as unknown as Text;
    text.data = 'Modify All Data';
    await until(() => v('#a4') === 'forbidden');
    expect(v('#a4')).toBe('forbidden');
    text.data = 'Run Reports';
    await until(() => v('#a4') === 'review' && target()?.getAttribute('name') === 'save');
    expect(v('#a4')).toBe('review');
    expect(target()?.getAttribute('name')).toBe('save');
  });

  it('Save clicked right after a relabel (before the next pass): the saved snapshot has the new words', async () => {
    const { doc, sent, target } = boot();
    await until(() => target()?.getAttribute('name') === 'save');
    const save = target() as unknown as HTMLElement;
    (doc.querySelector('label[for="a4"]')!.firstChild as unknown as Text).data = 'Modify All Data';
    await Promise.resolve(); // the mutation observer's microtask, not a frame
    await Promise.resolve();
    save.click();
    const saved = sent.filter((m) => m.kind === 'keyhole/findings' && m.saved).pop();
    expect(saved && saved.kind === 'keyhole/findings' ? saved.items.find((i) => i.name === 'modify all data')?.verdict : null).toBe('forbidden');
    const note = sent.filter((m) => m.kind === 'keyhole/step' && m.status !== 'current').pop();
    expect(note && note.kind === 'keyhole/step' ? note.status : '').toBe('attention');
  });
});

describe('CheckboxIndex.relabel: what it looks at', () => {
  const check: PermissionCheck = {
    id: 'c',
    title: 'c',
    groups: [{ id: 'g', label: 'g' }],
    required: [{ match: { equals: ['read accounts'] }, reason: 'needed' }],
    forbidden: [{ match: { startsWith: ['edit '] }, reason: 'writes' }],
    defaultReviewReason: 'extra',
    save: { role: 'button', name: 'Save' },
  } as unknown as PermissionCheck;

  function page(rows: number) {
    const w = new Window();
    const doc = w.document as unknown as Document;
    const body = Array.from({ length: rows }, (_, i) => `<tr><td><label for="b${i}">Read Thing ${i}</label></td><td><input type="checkbox" id="b${i}"></td></tr>`).join('');
    doc.body.innerHTML = `<table><tbody>${body}</tbody></table>`;
    const index = new CheckboxIndex(check, doc);
    refreshAll(index);
    return { doc, index };
  }

  it('renames the boxes of the changed row only, and forgets nothing whose name is unchanged', () => {
    const { doc, index } = page(40);
    const label = doc.querySelector('label[for="b7"]')!;
    expect(index.relabel([label.firstChild!])).toEqual([]); // same words: nothing forgotten
    label.textContent = 'Edit Thing 7';
    const renamed = index.relabel([label.firstChild!]);
    expect(renamed).toEqual([doc.querySelector('#b7')]);
    refreshAll(index);
    expect(index.items.get(doc.querySelector('#b7')!)?.kind).toBe('forbidden');
    expect(index.items.size).toBe(40);
  });

  it('a change above many rows (rows added to the table body) names nothing: at most 12 boxes per changed node', () => {
    const { doc, index } = page(40);
    for (const l of Array.from(doc.querySelectorAll('label'))) l.textContent = `Edit ${l.textContent}`;
    expect(index.relabel([doc.querySelector('tbody')!])).toEqual([]);
    expect(index.relabel([doc.querySelector('table')!])).toEqual([]);
    // One row's own change still renames its box.
    expect(index.relabel([doc.querySelector('label[for="b3"]')!])).toHaveLength(1);
  });

  it('a box skipped before (no name) is looked at again once it has words', () => {
    const { doc, index } = page(3);
    const row = doc.createElement('tr');
    row.innerHTML = '<td><label for="x"></label></td><td><input type="checkbox" id="x" checked></td>';
    doc.querySelector('tbody')!.append(row);
    refreshAll(index);
    const box = doc.querySelector('#x')!;
    expect(index.items.has(box)).toBe(false);
    doc.querySelector('label[for="x"]')!.textContent = 'Edit Everything';
    expect(index.relabel([doc.querySelector('label[for="x"]')!.firstChild!])).toEqual([box]);
    refreshAll(index);
    expect(index.items.get(box)?.kind).toBe('forbidden');
  });

  it('during a sliced pass, a label replaced by a new element is read from the page, not from the pass\'s label map', () => {
    const { doc, index } = page(30);
    // A pass under way with its label map built: the first box is a new element, so the map is made for it.
    const first = doc.querySelector('#b0')!;
    first.replaceWith(first.cloneNode(true));
    expect(index.refreshSlice({ maxNew: 1 }).done).toBe(false);
    // The framework re-renders a row's label cell: a new <label> with new words, the same box.
    const cell = doc.querySelector('label[for="b5"]')!.parentElement!;
    cell.innerHTML = '<label for="b5">Edit Thing 5</label>';
    expect(index.relabel([cell])).toEqual([doc.querySelector('#b5')]);
    refreshAll(index);
    expect(index.items.get(doc.querySelector('#b5')!)?.kind).toBe('forbidden');
  });

  it('during a sliced pass, a renamed box already passed is queued again, not lost', () => {
    const { doc, index } = page(30);
    doc.querySelector('label[for="b0"]')!.textContent = 'Read Thing 0';
    // Start a pass over a re-rendered page, stop after a few items, then rename one the pass has passed.
    for (const el of Array.from(doc.querySelectorAll('input'))) el.replaceWith(el.cloneNode(true));
    const first = index.refreshSlice({ maxNew: 5 });
    expect(first.done).toBe(false);
    doc.querySelector('label[for="b1"]')!.textContent = 'Edit Thing 1';
    expect(index.relabel([doc.querySelector('label[for="b1"]')!.firstChild!])).toEqual([doc.querySelector('#b1')]);
    refreshAll(index);
    expect(index.items.get(doc.querySelector('#b1')!)?.kind).toBe('forbidden');
    expect(index.items.size).toBe(30);
  });
});
