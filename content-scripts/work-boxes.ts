/**
 * What the admin reads next to a box: its label element (a <label>, aria-labelledby, or the row's label cell),
 * and the area to keep clear around the two. (The name as the page writes it is the index's `label`:
 * src/core/validator.ts.) Read-only DOM helpers for the overlay; nothing here writes to the page.
 */
import { rect as mkRect, union, type Rect } from './placement.ts';

const CELL = 'td, th, [role=gridcell], [role=cell], [role=rowheader]';
const CONTROL = 'input, select, textarea, [role=checkbox], [role=switch]';
const MAX_TEXT = 200;

const labels = new WeakMap<Element, Element | null>();

/**
 * The element holding a control's label text, nearest first: its <label>, aria-labelledby, or an earlier cell of
 * its row. Cached per control (`input.labels` walks the document), until that label leaves the page.
 */
export function labelElementOf(el: Element): Element | null {
  const hit = labels.get(el);
  if (hit !== undefined && (hit === null || hit.isConnected)) return hit;
  const found = findLabel(el);
  labels.set(el, found);
  return found;
}

function findLabel(el: Element): Element | null {
  const input = el as HTMLInputElement;
  if (input.labels && input.labels.length) return input.labels[0];
  const ids = el.getAttribute('aria-labelledby');
  if (ids) {
    const ref = el.ownerDocument.getElementById(ids.split(/\s+/)[0]);
    if (ref) return ref;
  }
  const wrap = el.closest('label');
  if (wrap) return wrap;
  // Walk out through the cells that hold the control (a nested table of boxes sits in one cell of the row):
  // the first earlier sibling cell with text and no control is the row's label.
  for (let cell = el.closest(CELL); cell; cell = cell.parentElement?.closest(CELL) ?? null) {
    for (let c = cell.previousElementSibling; c; c = c.previousElementSibling) {
      if (c.querySelector(CONTROL)) continue;
      const t = (c.textContent ?? '').trim();
      if (t && t.length <= MAX_TEXT) return c;
    }
  }
  // A custom checkbox with its text beside it (e.g. a row div: [box] Label).
  const parent = el.parentElement;
  if (parent && parent.children.length <= 4) {
    const t = (parent.textContent ?? '').trim();
    if (t && t.length <= MAX_TEXT) return parent;
  }
  return null;
}

export function toRect(r: DOMRect | { left: number; top: number; width: number; height: number }): Rect {
  return mkRect(r.left, r.top, r.width, r.height);
}

/**
 * The area to keep clear for a box: the box and its label, and the stretch of row between them when they sit on
 * one line (the admin reads across it), else the two apart.
 */
export function workRects(el: Element): Rect[] {
  const box = toRect(el.getBoundingClientRect());
  const label = labelElementOf(el);
  if (!label || label.contains(el)) return [label ? toRect(label.getBoundingClientRect()) : box];
  const l = toRect(label.getBoundingClientRect());
  if (l.right <= l.left || l.bottom <= l.top) return [box];
  const sameLine = l.top < box.bottom && box.top < l.bottom;
  const near = Math.max(box.left - l.right, l.left - box.right) < 700;
  return sameLine && near ? [union(box, l)] : [box, l];
}
