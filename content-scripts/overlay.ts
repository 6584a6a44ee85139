/**
 * The in-page guide: a highlight ring around the next control and a short instruction card. It lives in a
 * closed shadow root on a randomly named host in the top layer (popover), so page styles and z-index
 * cannot reach it and it never leaks styles out. All text is set with textContent. One requestAnimationFrame
 * loop keeps the ring on the target while a target is shown, and stops when it is not.
 */
import css from './overlay.css?inline';

export interface OverlayView {
  target: Element | null;
  brand: string;
  title: string;
  text: string;
  tone: 'guide' | 'warn' | 'ok';
  counts?: { missing: number; forbidden: number; review: number };
  problems?: Array<{ name: string; reason: string; verdict: string }>;
  reviews?: Array<{ name: string; reason: string }>;
}

const LIST_MAX = 8;

export class Overlay {
  private host: HTMLElement;
  private ring: HTMLDivElement;
  private card: HTMLDivElement;
  private body: HTMLDivElement;
  private live: HTMLDivElement;
  private target: Element | null = null;
  private raf = 0;
  private last = '';
  private announced = '';
  private minimized = false;
  private destroyed = false;
  private readonly doc: Document;

  constructor(doc: Document = document) {
    this.doc = doc;
    const tag = `keyhole-${Math.random().toString(36).slice(2, 10)}`;
    this.host = doc.createElement(tag);
    this.host.setAttribute('popover', 'manual');
    this.host.setAttribute(
      'style',
      'all: initial !important; position: fixed !important; inset: 0 !important; width: 100vw !important; height: 100vh !important;' +
        ' margin: 0 !important; padding: 0 !important; border: 0 !important; background: transparent !important; overflow: visible !important;' +
        ' pointer-events: none !important; z-index: 2147483647 !important; display: block !important; visibility: visible !important; opacity: 1 !important;',
    );
    const root = this.host.attachShadow({ mode: 'closed' });
    const style = doc.createElement('style');
    style.textContent = css;
    this.ring = doc.createElement('div');
    this.ring.className = 'ring';
    this.card = doc.createElement('div');
    this.card.className = 'card';
    this.card.setAttribute('role', 'region');
    this.card.setAttribute('aria-label', 'Keyhole guide');
    this.body = doc.createElement('div');
    this.live = doc.createElement('div');
    this.live.className = 'sr';
    this.live.setAttribute('aria-live', 'polite');
    this.live.setAttribute('role', 'status');
    root.append(style, this.ring, this.card, this.live);
    this.hostStyle = this.host.getAttribute('style')!;
    // A page that restyles or hides our host (style, hidden, popover attributes) gets it put back, with a
    // budget so a page that fights back cannot make us loop (Bitwarden's inline-menu guard does the same).
    const MO = (doc.defaultView as (Window & { MutationObserver: typeof MutationObserver }) | null)?.MutationObserver;
    if (MO) {
      this.guard = new MO(() => this.restoreHost());
      this.guard.observe(this.host, { attributes: true });
    }
    // A page dialog or popover opened after ours enters the top layer above it: re-raise ours. Toggle events
    // do not bubble, but a capturing listener on the document sees them.
    doc.addEventListener('toggle', this.onToggle, { capture: true });
  }

  private readonly hostStyle: string;
  private guard: MutationObserver | null = null;
  private restores = 0;
  private readonly onToggle = (e: Event) => {
    if (this.destroyed || e.target === this.host || !this.card.style.display || this.card.style.display === 'none') return;
    // Opened (again, maybe closed and reopened within one frame): it entered the top layer above us.
    if ((e as Event & { newState?: string }).newState === 'open') this.aboveOf.delete(e.target as Element);
    this.ensureOnTop();
  };

  private restoreHost(): void {
    if (this.destroyed || this.restores > 100) return;
    const h = this.host;
    let touched = false;
    if (h.getAttribute('style') !== this.hostStyle) {
      h.setAttribute('style', this.hostStyle);
      touched = true;
    }
    if (h.getAttribute('popover') !== 'manual') {
      h.setAttribute('popover', 'manual');
      touched = true;
    }
    for (const a of Array.from(h.attributes)) {
      if (a.name !== 'style' && a.name !== 'popover') {
        h.removeAttribute(a.name);
        touched = true;
      }
    }
    if (touched) {
      this.restores++;
      if (this.card.style.display === 'block') this.ensureOnTop();
    }
  }

  /** Bring the host back if the page removed it, and above any dialog or popover opened after it. */
  private ensureOnTop(): void {
    const doc = this.doc;
    if (!this.host.isConnected) doc.documentElement.append(this.host);
    const h = this.host as HTMLElement & { showPopover?: () => void; hidePopover?: () => void };
    if (typeof h.showPopover !== 'function') return;
    try {
      if (!this.host.matches(':popover-open')) h.showPopover();
      // A modal dialog or popover opened after ours sits above it in the top layer: re-enter on top, once per
      // time it opens (a dialog closed and opened again is above us again).
      const open = new Set(Array.from(doc.querySelectorAll(':modal, :popover-open')).filter((o) => o !== this.host));
      let raise = false;
      for (const other of open) if (!this.aboveOf.has(other)) raise = true;
      this.aboveOf = open;
      if (raise) {
        h.hidePopover!();
        h.showPopover();
      }
    } catch {
      /* popover unsupported: the fixed, max z-index host still works */
    }
  }
  private aboveOf = new Set<Element>();

  show(view: OverlayView): void {
    if (this.destroyed) return;
    this.ensureOnTop();
    const key = JSON.stringify([view.title, view.text, view.tone, view.counts, view.problems, view.reviews, view.brand]);
    if (key !== this.last) {
      this.last = key;
      this.render(view);
      this.lastRect = ''; // the card's size may have changed: place it again
    }
    this.card.style.display = 'block';
    const changedTarget = view.target !== this.target;
    this.target = view.target;
    this.ring.className = `ring${view.tone === 'warn' ? ' warn' : ''}${changedTarget ? ' pulse' : ''}`;
    if (view.target) {
      if (changedTarget) this.reveal(view.target);
      this.ring.style.display = 'block';
      this.startLoop();
    } else {
      this.ring.style.display = 'none';
      this.stopLoop();
      this.placeCardDocked();
    }
  }

  hide(): void {
    this.stopLoop();
    this.target = null;
    this.last = '';
    this.ring.style.display = 'none';
    this.card.style.display = 'none';
    const h = this.host as HTMLElement & { hidePopover?: () => void };
    try {
      if (this.host.matches(':popover-open')) h.hidePopover?.();
    } catch {
      /* ignore */
    }
    this.host.remove();
  }

  destroy(): void {
    this.hide();
    this.destroyed = true;
    this.guard?.disconnect();
    this.doc.removeEventListener('toggle', this.onToggle, { capture: true });
    this.host.remove(); // nothing of Keyhole stays on the page (a stopped or retired script)
  }

  private reveal(el: Element): void {
    const r = el.getBoundingClientRect();
    const view = this.doc.defaultView!;
    if (r.top < 0 || r.bottom > view.innerHeight || r.left < 0 || r.right > view.innerWidth) {
      // Instant: a smooth scroll would move the control under the admin's pointer while they aim at it.
      el.scrollIntoView({ block: 'center', inline: 'nearest', behavior: 'instant' });
    }
  }

  private render(view: OverlayView): void {
    const d = this.doc;
    this.card.className = `card${view.tone === 'warn' ? ' warn' : view.tone === 'ok' ? ' ok' : ''}${this.minimized ? ' min' : ''}`;
    const head = d.createElement('div');
    head.className = 'head';
    const brand = d.createElement('span');
    brand.className = 'brand';
    brand.textContent = 'Keyhole';
    const pb = d.createElement('span');
    pb.textContent = view.brand;
    const toggle = d.createElement('button');
    toggle.type = 'button';
    toggle.textContent = this.minimized ? 'Show' : 'Hide';
    toggle.setAttribute('aria-expanded', String(!this.minimized));
    toggle.addEventListener('click', () => {
      this.minimized = !this.minimized;
      this.last = '';
      this.render(view);
    });
    head.append(brand, pb, toggle);

    const body = d.createElement('div');
    body.className = 'body';
    const title = d.createElement('div');
    title.className = 'title';
    title.textContent = view.title;
    const text = d.createElement('p');
    text.className = 'text';
    text.textContent = view.text;
    body.append(title, text);

    if (view.counts) {
      const c = d.createElement('div');
      c.className = 'counts';
      const part = (cls: string, n: number, label: string) => {
        const s = d.createElement('span');
        s.className = cls;
        s.textContent = `${n} ${label}`;
        return s;
      };
      c.append(part('m', view.counts.missing, 'missing'), ' · ', part('f', view.counts.forbidden, 'forbidden'), ' · ', part('r', view.counts.review, 'to review'));
      body.append(c);
    }
    if (view.problems?.length) body.append(this.list(view.problems.slice(0, LIST_MAX), view.problems.length));
    if (view.reviews?.length) {
      const det = d.createElement('details');
      const sum = d.createElement('summary');
      sum.textContent = `Review items (${view.reviews.length}): on, but not needed for read-only access`;
      det.append(sum, this.list(view.reviews.slice(0, 40), view.reviews.length));
      body.append(det);
    }
    this.card.replaceChildren(head, body);
    this.body = body;

    const announce = `${view.title}. ${view.text}`;
    if (announce !== this.announced) {
      this.announced = announce;
      this.live.textContent = announce;
    }
  }

  private list(items: Array<{ name: string; reason: string; verdict?: string }>, total: number): HTMLElement {
    const d = this.doc;
    const ul = d.createElement('ul');
    for (const it of items) {
      const li = d.createElement('li');
      const b = d.createElement('b');
      b.textContent = it.verdict ? `${it.name} (${it.verdict})` : it.name;
      li.append(b, ` — ${it.reason}`);
      ul.append(li);
    }
    if (total > items.length) {
      const li = d.createElement('li');
      li.textContent = `…and ${total - items.length} more (see the Keyhole popup)`;
      ul.append(li);
    }
    return ul;
  }

  private startLoop(): void {
    if (this.raf) return;
    const view = this.doc.defaultView!;
    const tick = () => {
      this.raf = view.requestAnimationFrame(tick);
      this.position();
    };
    this.raf = view.requestAnimationFrame(tick);
    this.position();
  }

  private stopLoop(): void {
    if (this.raf) this.doc.defaultView!.cancelAnimationFrame(this.raf);
    this.raf = 0;
  }

  private lastRect = '';
  /** Read the target's box and write the ring's in the same frame. */
  position(): void {
    const el = this.target;
    if (!el) return;
    if (!this.host.isConnected) this.ensureOnTop();
    const r = el.getBoundingClientRect();
    const key = `${r.left},${r.top},${r.width},${r.height}`;
    if (key === this.lastRect) return;
    this.lastRect = key;
    const s = this.ring.style;
    s.transform = `translate(${r.left}px, ${r.top}px)`;
    s.width = `${r.width}px`;
    s.height = `${r.height}px`;
    this.placeCard(r);
  }

  private placeCard(r: DOMRect): void {
    const view = this.doc.defaultView!;
    const cw = Math.min(340, view.innerWidth - 16);
    const ch = this.card.offsetHeight || 120;
    // Beside the target when there is room, so the card does not cover the controls next to it (list options,
    // the next rows); otherwise below, else above.
    const sideTop = Math.max(8, Math.min(r.top, view.innerHeight - ch - 8));
    if (r.right + 12 + cw <= view.innerWidth - 8) {
      this.card.style.transform = `translate(${Math.round(r.right + 12)}px, ${Math.round(sideTop)}px)`;
      return;
    }
    if (r.left - 12 - cw >= 8) {
      this.card.style.transform = `translate(${Math.round(r.left - 12 - cw)}px, ${Math.round(sideTop)}px)`;
      return;
    }
    let top = r.bottom + 12;
    if (top + ch > view.innerHeight - 8) top = r.top - ch - 12;
    if (top < 8) top = Math.min(view.innerHeight - ch - 8, Math.max(8, r.bottom + 12));
    const left = Math.max(8, Math.min(r.left, view.innerWidth - cw - 8));
    this.card.style.transform = `translate(${Math.round(left)}px, ${Math.round(top)}px)`;
  }

  private placeCardDocked(): void {
    const view = this.doc.defaultView!;
    const cw = Math.min(340, view.innerWidth - 16);
    this.card.style.transform = `translate(${view.innerWidth - cw - 16}px, 16px)`;
  }
}
