/**
 * Where the overlay's host must live so the admin can reach it.
 *
 * A page's modal `<dialog>` (showModal) blocks the document: everything outside the topmost modal dialog's flat
 * tree is inert, a popover of ours in the top layer above it included, so clicks fall through to the page and Tab
 * never reaches the card. The one place that is not inert is inside that dialog. So while a modal dialog is open,
 * the host is a child of the topmost one (and re-shown in the top layer, above it); otherwise a child of <html>.
 *
 * This module only answers "which element is home" and remembers the order in which modal dialogs opened (the
 * last opened is on top). It reads the page, never changes it. Modal dialogs are found in the document's light
 * DOM, and in open shadow roots along the focused element's path (showModal focuses inside the dialog).
 */

/** Is this element a modal dialog now? The browser's `:modal`; a test seam where the DOM has no top layer. */
export type IsModal = (el: Element) => boolean;

const browserIsModal: IsModal = (el) => {
  try {
    return el.localName === 'dialog' && el.matches(':modal');
  } catch {
    return false; // no :modal support: no modal dialog we could tell apart
  }
};

export class ModalHome {
  /** Open modal dialogs, in the order they were first seen open (the last one is on top). */
  #order: Element[] = [];

  readonly #doc: Document;
  readonly #isModal: IsModal;

  constructor(doc: Document, isModal: IsModal = browserIsModal) {
    this.#doc = doc;
    this.#isModal = isModal;
  }

  /** The open modal dialogs now: the light DOM's, and those on the focused element's path through open shadow roots. */
  #openModals(): Element[] {
    const out = new Set<Element>();
    for (const d of Array.from(this.#doc.querySelectorAll('dialog[open]'))) if (this.#isModal(d)) out.add(d);
    let active: Element | null = this.#doc.activeElement;
    for (let depth = 0; active && depth < 32; depth++) {
      const dlg = active.closest('dialog[open]');
      if (dlg && this.#isModal(dlg)) out.add(dlg);
      active = active.shadowRoot?.activeElement ?? null;
    }
    return [...out];
  }

  /** The topmost open modal dialog, or null. Updates the opening order. */
  topmost(): Element | null {
    const now = this.#openModals();
    const still = this.#order.filter((d) => now.includes(d));
    // Newly opened ones go on top; several in one batch keep document order (the best guess without an API).
    for (const d of now) if (!still.includes(d)) still.push(d);
    this.#order = still;
    return still.at(-1) ?? null;
  }

  /** The element the host belongs in: the topmost modal dialog, or <html>. */
  home(): Element {
    return this.topmost() ?? this.#doc.documentElement;
  }
}
