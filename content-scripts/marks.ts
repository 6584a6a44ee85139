/**
 * Keyhole's only writes on the console page: `data-keyhole-target` on the control to use next (one per frame) and
 * `data-keyhole-verdict` on each judged checkbox. Every element marked is remembered, so clearing removes them all.
 */
import type { Verdict } from '../src/format/types.ts';

const ATTR_TARGET = 'data-keyhole-target';
const ATTR_VERDICT = 'data-keyhole-verdict';

export class Marks {
  #marked = new Set<Element>();
  #targetEl: Element | null = null;

  get target(): Element | null {
    return this.#targetEl;
  }

  /** Make `el` the one target, named after the step it serves. */
  setTarget(el: Element | null, stepId: string): void {
    if (el === this.#targetEl) {
      // The same control can be the next target of two steps in a row (e.g. one dialog button): keep the id true.
      if (el && el.getAttribute(ATTR_TARGET) !== stepId) el.setAttribute(ATTR_TARGET, stepId);
      return;
    }
    if (this.#targetEl) {
      this.#targetEl.removeAttribute(ATTR_TARGET);
      if (!this.#targetEl.hasAttribute(ATTR_VERDICT)) this.#marked.delete(this.#targetEl);
    }
    this.#targetEl = el;
    if (el) {
      el.setAttribute(ATTR_TARGET, stepId);
      this.#marked.add(el);
    }
  }

  /** Write a verdict where it changed. */
  setVerdict(el: Element, verdict: Verdict): void {
    if (el.getAttribute(ATTR_VERDICT) !== verdict) el.setAttribute(ATTR_VERDICT, verdict);
    this.#marked.add(el);
  }

  verdictOf(el: Element): string | null {
    return el.getAttribute(ATTR_VERDICT);
  }

  clearVerdicts(els: Iterable<Element>): void {
    for (const el of els) el.removeAttribute(ATTR_VERDICT);
  }

  /** Rows the page removed: forget them, so a re-rendering list does not keep old elements alive. */
  forgetDisconnected(): void {
    for (const el of this.#marked) if (!el.isConnected) this.#marked.delete(el);
  }

  clear(): void {
    for (const el of this.#marked) {
      el.removeAttribute(ATTR_VERDICT);
      el.removeAttribute(ATTR_TARGET);
    }
    this.#marked.clear();
    this.#targetEl = null;
  }
}
