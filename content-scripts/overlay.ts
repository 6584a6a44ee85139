/**
 * The in-page guide: a highlight ring around the next control and a short instruction card. It lives in a
 * closed shadow root on a randomly named host in the top layer (popover), so page styles and z-index
 * cannot reach it and it never leaks styles out. All text is set with textContent. One requestAnimationFrame
 * loop keeps the ring on the target while a target is shown, and stops when it is not.
 *
 * The card never hides the work: it is placed (content-scripts/placement.ts) clear of the target, the blocking
 * boxes in view with their labels, and Save. The admin can collapse it to a pill and drag it (pointer or arrow
 * keys on its grip); both are remembered per page kind in the extension's storage. A target scrolled out of view
 * gets a small arrow on the edge that scrolls it back. The card shows what blocks Save first, each name a button
 * that scrolls to its box, then the review items as expandable counts.
 */
import { WEIGHT, edgeArrow, inflate, placeCard, rect, type Obstacle, type Rect } from './placement.ts';
import { toRect, workRects } from './work-boxes.ts';
import { extensionPrefs, type PagePrefs, type PrefStore } from './overlay-prefs.ts';
import { onOverlayCommand, type OverlayCommand } from './overlay-commands.ts';
import { ModalHome, type IsModal } from './modal-home.ts';
import { t } from '../src/core/texts.ts';

interface OverlayItem {
  name: string;
  /** The name in the page's own casing, when the agent knows it. */
  label?: string;
  reason: string;
}

export interface OverlayView {
  target: Element | null;
  brand: string;
  title: string;
  text: string;
  tone: 'guide' | 'warn' | 'ok';
  counts?: { missing: number; forbidden: number; review: number };
  /** Blocking items (missing or forbidden), shown first, each a button; `reveal` scrolls to the box. */
  problems?: Array<OverlayItem & { verdict: string; reveal(): void }>;
  /** Review items; shown grouped by reason unless `reviewGroups` is given. */
  reviews?: OverlayItem[];
  reviewGroups?: Array<{ key: string; label: string; line: string; items: OverlayItem[] }>;
  /** A Yes/No question in the card. */
  ask?: { question: string; yes: string; no: string; onAnswer(yes: boolean): void };
  /** An extra plain paragraph. */
  notice?: string;
  /** Key under which collapse and position are remembered (e.g. one per vendor page). */
  pageKind?: string;
  /** More elements the card must not cover (e.g. the page's Save buttons); called when the card is placed. */
  avoid?: () => Array<Element | null>;
}

interface OverlayOptions {
  prefs?: PrefStore;
  /**
   * The card's stylesheet (styles/overlay.css), published by the background beside the active playbook: it is not
   * bundled into the content script (issue 13: size budget). Without it, FALLBACK_CSS keeps the ring and the
   * card visible and usable.
   */
  css?: string;
  /** Which elements are modal dialogs (default: the browser's `:modal`); a seam for DOMs without a top layer. */
  isModal?: IsModal;
}

/**
 * Enough for a visible ring and a readable card (the ring lets clicks through: it inherits the host's
 * pointer-events: none) if the published stylesheet is missing (only until the worker
 * republishes the active playbook, e.g. right after an update); the live region is then silent.
 */
const FALLBACK_CSS =
  '.ring,.card{position:fixed;outline:3px solid #d9480f}.card{width:320px;max-height:44vh;overflow:auto;pointer-events:auto;background:#fff}.card.min .body,.sr{display:none}';

/** Events on the card that stay in the card: a page handler (a dialog's "click outside closes me") never sees them. */
const OWN_EVENTS = ['click', 'dblclick', 'auxclick', 'contextmenu', 'pointerdown', 'pointerup', 'mousedown', 'mouseup', 'touchstart', 'touchend', 'keydown', 'keyup', 'keypress'] as const;

const NAMES_SHOWN = 6;
const REVIEW_ITEMS_SHOWN = 60;
const RING_PAD = 8;
const MOVE_STEP = 16;
const BLOCKING_SELECTOR = '[data-keyhole-verdict="missing"], [data-keyhole-verdict="forbidden"]';
const MAX_OBSTACLE_BOXES = 80;

type Win = Window & { MutationObserver: typeof MutationObserver };

/**
 * What may move the target without a page mutation: the ring follows frame by frame for a while after one (for as
 * long as the target keeps moving). A resize makes the agent redraw, which wakes it too.
 */
const WAKE_EVENTS = ['scroll', 'transitionrun'];
/** Frames the target keeps still before the ring stops following frame by frame (about half a second). */
const QUIET_FRAMES = 30;
/** While asleep, the ring still looks this often (a move that no event announced). */
const SLEEP_CHECK_MS = 1000;

export class Overlay {
  #host: HTMLElement;
  #ring: HTMLDivElement;
  #card: HTMLDivElement;
  #head: HTMLDivElement;
  #chip: HTMLSpanElement;
  #pbName: HTMLSpanElement;
  #toggle: HTMLButtonElement;
  #grip: HTMLButtonElement;
  #body: HTMLDivElement;
  #arrow: HTMLButtonElement;
  #live: HTMLDivElement;
  #view: OverlayView | null = null;
  #target: Element | null = null;
  #raf = 0;
  #last = '';
  #announced = '';
  #minimized = false;
  #destroyed = false;
  #userHidden = false;
  #pageKind = '';
  /** Admin-chosen position (fractions of the free room), or null for automatic placement. */
  #pinned: { fx: number; fy: number } | null = null;
  #pos: { x: number; y: number } | null = null;
  #drag: { id: number; dx: number; dy: number; moved: boolean } | null = null;
  #openGroups = new Set<string>();
  #showAll = new Set<string>();
  #clippers: Element[] = [];
  /** The target is new: its clipping ancestors and context are read, and it is revealed, at its first placement. */
  #fresh = false;
  #contextEl: Element | null = null;
  #avoidEls: Element[] = [];
  /** The avoid lookup ran since the card's content last changed (an empty answer is not asked again until then). */
  #avoidFound = false;
  #blockingEls: Element[] = [];
  readonly #doc: Document;
  readonly #win: Window;
  readonly #life = new AbortController();
  readonly #prefs: PrefStore;
  readonly #offCommand: () => void;

  constructor(doc: Document = document, opts: OverlayOptions = {}) {
    this.#doc = doc;
    this.#win = doc.defaultView!;
    this.#prefs = opts.prefs ?? extensionPrefs();
    this.#modals = new ModalHome(doc, opts.isModal);
    const tag = `keyhole-${Math.random().toString(36).slice(2, 10)}`;
    this.#host = doc.createElement(tag);
    this.#host.setAttribute('popover', 'manual');
    // `all: initial` (inline and !important: no page rule beats it) resets every property, margins, borders,
    // opacity, visibility and transforms included, and the popover's own UA styles; then the few that differ.
    this.#host.setAttribute('style', 'all:initial;position:fixed;inset:0;width:100vw;height:100vh;pointer-events:none;z-index:2147483647;display:block'.replace(/;|$/g, '!important;'));
    const root = this.#host.attachShadow({ mode: 'closed' });
    const style = make(doc, 'style', '', opts.css || FALLBACK_CSS);
    this.#ring = make(doc, 'div', 'ring');
    this.#card = make(doc, 'div', 'card');
    this.#card.setAttribute('role', 'region');
    this.#card.setAttribute('aria-label', 'Keyhole guide');

    // The head persists across renders, so a focused control keeps focus while the verdicts change.
    this.#head = make(doc, 'div', 'head');
    this.#grip = this.#button('grip', '⠿', t('gripLabel'));
    this.#grip.setAttribute('aria-roledescription', 'draggable handle');
    const brand = make(doc, 'span', 'brand', 'Keyhole');
    this.#pbName = make(doc, 'span', 'pb');
    this.#chip = make(doc, 'span', 'chip');
    this.#toggle = this.#button('toggle', 'Hide', '');
    this.#toggle.addEventListener('click', () => this.#setMinimized(!this.#minimized, true));
    this.#head.append(this.#grip, brand, this.#pbName, this.#chip, this.#toggle);
    this.#body = make(doc, 'div', 'body');
    this.#card.append(this.#head, this.#body);

    this.#arrow = this.#button('arrow', '➜', t('arrowLabel'));
    this.#arrow.addEventListener('click', () => this.jumpToTarget());

    this.#live = make(doc, 'div', 'sr');
    this.#live.setAttribute('aria-live', 'polite');
    this.#live.setAttribute('role', 'status');
    root.append(style, this.#ring, this.#card, this.#arrow, this.#live);
    // The card's own events end at its shadow root (capturing page listeners still see them, as for any element,
    // but bubbling ones, like a page dialog's outside-click handler, do not; the host may sit inside that dialog).
    const stop = (e: Event) => e.stopPropagation();
    for (const t of OWN_EVENTS) root.addEventListener(t, stop);
    this.#hostStyle = this.#host.getAttribute('style')!;
    this.#wireDrag();

    // A page that restyles or hides our host (style, hidden, popover attributes) gets it put back, with a
    // budget so a page that fights back cannot make us loop (Bitwarden's inline-menu guard does the same).
    const MO = (this.#win as Win | null)?.MutationObserver;
    if (MO) {
      this.#guard = new MO(() => this.#restoreHost());
      this.#guard.observe(this.#host, { attributes: true });
    }
    // A page dialog or popover opened after ours enters the top layer above it: re-raise ours. Toggle events
    // do not bubble, but a capturing listener on the document sees them.
    // Every listener on the page's document and window goes with one signal (destroy).
    const on = { capture: true, signal: this.#life.signal };
    doc.addEventListener('toggle', this.#onToggle, on);
    // A page's modal dialog makes everything outside it inert: follow it (see modal-home.ts). showModal() and
    // close() toggle the `open` attribute (one cheap attribute-filtered observer); 'close' events and focus moving
    // into a dialog in an open shadow root (invisible to the observer) are seen by capturing listeners.
    if (MO) {
      this.#dialogs = new MO(() => this.#followModal());
      this.#dialogs.observe(doc.documentElement, { attributes: true, attributeFilter: ['open'], subtree: true });
      this.#inDialog = new MO(() => this.#followModal());
    }
    doc.addEventListener('close', this.#onDialogEvent, on);
    doc.addEventListener('focusin', this.#onDialogEvent, on);
    for (const t of WAKE_EVENTS) doc.addEventListener(t, this.#wake, on);
    this.#offCommand = onOverlayCommand((c) => this.command(c));
  }

  readonly #hostStyle: string;
  readonly #modals: ModalHome;
  /** Watches the page for dialogs opening and closing (`open` attributes). */
  #dialogs: MutationObserver | null = null;
  /** While the host is inside a page dialog: that dialog being closed or removed (the host with it). */
  #inDialog: MutationObserver | null = null;
  #hostedIn: Element | null = null;
  readonly #onDialogEvent = (e: Event) => {
    // focusin only matters when it lands in a shadow root (a dialog there is invisible to the observer), or while
    // the host is in a dialog (focus leaving it). Focus in the light DOM, or in our own closed root, is skipped.
    if (e.type === 'focusin' && !this.#hostedIn) {
      const first = e.composedPath()[0] as Node | undefined;
      if (typeof first?.getRootNode !== 'function' || first.getRootNode() === this.#doc) return;
    }
    this.#followModal();
  };
  /** Move the host where the admin can reach it (into the topmost modal dialog, or back), if the card is shown. */
  #followModal(): void {
    if (this.#destroyed || this.#userHidden || this.#card.style.display !== 'block') return;
    this.#ensureOnTop(true);
  }
  /** Watch the dialog the host sits in: its `open` attribute, and its (or an ancestor's) removal. */
  #watchHome(home: Element): void {
    const inside = home === this.#doc.documentElement ? null : home;
    if (inside === this.#hostedIn) return;
    this.#inDialog?.disconnect();
    this.#hostedIn = inside;
    if (!inside || !this.#inDialog) return;
    this.#inDialog.observe(inside, { attributes: true, attributeFilter: ['open'] });
    this.#inDialog.observe(this.#doc.documentElement, { childList: true, subtree: true });
    const root = inside.getRootNode();
    if (root !== this.#doc) this.#inDialog.observe(root, { childList: true, subtree: true });
  }
  #guard: MutationObserver | null = null;
  #restores = 0;
  readonly #onToggle = (e: Event) => {
    if (this.#destroyed || e.target === this.#host || !this.#card.style.display || this.#card.style.display === 'none') return;
    // Opened (again, maybe closed and reopened within one frame): it entered the top layer above us.
    if ((e as Event & { newState?: string }).newState === 'open') this.#aboveOf.delete(e.target as Element);
    this.#ensureOnTop(true);
  };

  #button(cls: string, text: string, label: string): HTMLButtonElement {
    const b = make(this.#doc, 'button', cls, text);
    b.type = 'button';
    if (label) {
      b.setAttribute('aria-label', label);
      b.title = label;
    }
    return b;
  }

  #restoreHost(): void {
    if (this.#destroyed || this.#restores > 100) return;
    const h = this.#host;
    let touched = false;
    if (h.getAttribute('style') !== this.#hostStyle) {
      h.setAttribute('style', this.#hostStyle);
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
      this.#restores++;
      if (this.#card.style.display === 'block') this.#ensureOnTop(true);
    }
  }

  /**
   * Bring the host back if the page removed it, into the topmost modal dialog (or back under <html>), and above
   * any dialog or popover opened after it. `recheck`: an event may have put something above it (otherwise an
   * open host in place is left as it is).
   */
  #ensureOnTop(recheck = false): void {
    const doc = this.#doc;
    const h = this.#host as HTMLElement & { showPopover?: () => void; hidePopover?: () => void };
    const topLayer = typeof h.showPopover === 'function';
    // Inside a dialog only with a top layer: there the dialog's transform, overflow or containment cannot reach us.
    const home = topLayer ? this.#modals.home() : doc.documentElement;
    if (this.#host.parentNode !== home) {
      home.append(this.#host); // moving it out of the top layer; shown again below
      this.#lastRect = '';
      this.#wake();
    }
    this.#watchHome(home);
    if (!topLayer) return;
    try {
      // Just shown: the host entered the top layer last, above everything in it.
      if (!this.#host.matches(':popover-open')) return h.showPopover();
      // Who else is in the top layer is a search of the whole page: only after an event that may have put
      // something there (a toggle, a dialog opened or closed, the host restored), not on every redraw.
      if (!recheck) return;
      // A modal dialog or popover opened after ours sits above it in the top layer: re-enter on top, once per
      // time it opens (a dialog closed and opened again is above us again).
      const open = new Set(Array.from(doc.querySelectorAll(':modal, :popover-open')).filter((o) => o !== this.#host));
      let raise = false;
      for (const other of open) if (!this.#aboveOf.has(other)) raise = true;
      this.#aboveOf = open;
      if (raise) {
        h.hidePopover!();
        h.showPopover();
      }
    } catch {
      /* popover unsupported: the fixed, max z-index host still works */
    }
  }
  #aboveOf = new Set<Element>();

  show(view: OverlayView): void {
    if (this.#destroyed) return;
    this.#view = view;
    if (view.pageKind !== undefined && view.pageKind !== this.#pageKind) this.#usePageKind(view.pageKind);
    if (this.#userHidden) return;
    this.#ensureOnTop();
    // The latest answer handler, even when the card is not redrawn (its key is unchanged).
    this.#onAnswer = view.ask?.onAnswer ?? null;
    const key = JSON.stringify([view.title, view.text, view.tone, view.counts, view.problems, view.reviews, view.reviewGroups, view.brand, view.notice, view.ask?.question, view.ask?.yes, view.ask?.no]);
    if (key !== this.#last) {
      this.#last = key;
      this.#render(view);
      this.#blockingEls = Array.from(this.#doc.querySelectorAll(BLOCKING_SELECTOR));
      // What the card must avoid (Save) is looked up again only when it is gone or was not found: the lookup is a
      // text search over the whole page, too dear for every verdict change on a 3,000-box page.
      this.#avoidFound = this.#avoidEls.length > 0;
      this.#lastRect = ''; // the card's size or what it must avoid may have changed: place it again
    }
    this.#card.style.display = 'block';
    const changedTarget = view.target !== this.#target;
    this.#target = view.target;
    this.#ring.className = `ring${view.tone === 'warn' ? ' warn' : ''}${changedTarget ? ' pulse' : ''}`;
    if (view.target) {
      if (changedTarget) {
        // Read (and scrolled into view) when the ring is first placed, after the frame: reading the page's layout
        // now would make Keyhole lay out a page that has just changed.
        this.#fresh = true;
        this.#lastRect = '';
        this.#ring.style.visibility = 'hidden'; // not around the old target until placed on the new one
        // Until the card is placed clear of the new target, it must not catch a click meant for the target.
        this.#card.style.pointerEvents = 'none';
      }
      this.#ring.style.display = 'block';
      // A new target is first placed after the frame (above). The same target: the next frame measures it, as any
      // wake does. A measurement put after the frame here would make that frame skip the ring (#tick), and a pass
      // that runs between frames (a deferred or finishing one) while the page scrolls would leave it a frame behind.
      if (this.#fresh) this.#startLoop();
      else this.#wake();
    } else {
      this.#ring.style.display = 'none';
      this.#arrow.style.display = 'none';
      this.#stopLoop();
      // Placed after the frame too: what the card avoids (Save) is a search of the page, never run mid-frame.
      this.#afterFrame();
    }
  }

  hide(): void {
    this.#stopLoop();
    this.#target = null;
    this.#last = '';
    this.#ring.style.display = 'none';
    this.#card.style.display = 'none';
    this.#arrow.style.display = 'none';
    this.#host.remove(); // out of the document, out of the top layer (a removed popover is hidden)
    this.#watchHome(this.#doc.documentElement); // not in a dialog any more: stop watching it
  }

  destroy(): void {
    this.hide();
    this.#destroyed = true;
    this.#view = null;
    this.#guard?.disconnect();
    this.#life.abort();
    this.#dialogs?.disconnect();
    this.#inDialog?.disconnect();
    this.#hostedIn = null;
    this.#offCommand();
    this.#host.remove(); // nothing of Keyhole stays on the page (a stopped or retired script)
  }

  /** A keyboard shortcut forwarded by the background. */
  command(c: OverlayCommand): void {
    if (this.#destroyed || !this.#view) return;
    if (c === 'toggle-overlay') {
      this.#userHidden = !this.#userHidden;
      if (this.#userHidden) {
        const view = this.#view;
        this.hide();
        this.#view = view;
      } else this.show(this.#view);
      return;
    }
    if (this.#userHidden) {
      this.#userHidden = false;
      this.show(this.#view);
    }
    this.jumpToTarget();
  }

  /** Scroll the target into the middle of the view and pulse its ring. */
  jumpToTarget(): void {
    const el = this.#target;
    if (!el?.isConnected) return;
    const reduce = this.#win?.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    el.scrollIntoView({ block: 'center', inline: 'nearest', behavior: reduce ? 'instant' : 'smooth' });
    this.#ring.classList.remove('pulse');
    void this.#ring.offsetWidth; // restart the animation
    this.#ring.classList.add('pulse');
  }

  #usePageKind(kind: string): void {
    this.#pageKind = kind;
    const apply = (p: PagePrefs | undefined) => {
      this.#pinned = p?.pos ?? null;
      this.#pos = null;
      this.#setMinimized(!!p?.collapsed, false);
    };
    apply(this.#prefs.get(kind));
    // Stored prefs arrive after the first paint on a fresh page: apply them unless the admin acted meanwhile.
    const asked = kind;
    void this.#prefs.ready.then(() => {
      if (this.#destroyed || this.#pageKind !== asked || this.#touched.has(asked)) return;
      apply(this.#prefs.get(asked));
      this.#lastRect = '';
      if (!this.#target && this.#view) this.#placeNow(null);
      this.#wake();
    });
  }
  #touched = new Set<string>();

  #savePrefs(): void {
    if (!this.#pageKind) return;
    this.#touched.add(this.#pageKind);
    this.#prefs.set(this.#pageKind, { collapsed: this.#minimized, ...(this.#pinned ? { pos: this.#pinned } : {}) });
  }

  #setMinimized(min: boolean, byAdmin: boolean): void {
    this.#minimized = min;
    this.#card.classList.toggle('min', min);
    this.#toggle.textContent = min ? 'Show' : 'Hide';
    this.#toggle.setAttribute('aria-expanded', String(!min));
    const label = t(min ? 'showCard' : 'collapseCard');
    this.#toggle.setAttribute('aria-label', label);
    this.#toggle.title = label;
    if (byAdmin) this.#savePrefs();
    this.#lastRect = '';
    if (!this.#target && this.#view && !this.#userHidden && this.#card.style.display === 'block') this.#placeNow(null);
    this.#wake();
  }

  #reveal(el: Element): void {
    const r = el.getBoundingClientRect();
    const view = this.#win;
    if (r.top < 0 || r.bottom > view.innerHeight || r.left < 0 || r.right > view.innerWidth) {
      // Instant: a smooth scroll would move the control under the admin's pointer while they aim at it.
      el.scrollIntoView({ block: 'center', inline: 'nearest', behavior: 'instant' });
    }
  }

  // ---------------------------------------------------------------- content

  #render(view: OverlayView): void {
    const d = this.#doc;
    this.#card.className = `card${view.tone === 'warn' ? ' warn' : view.tone === 'ok' ? ' ok' : ''}${this.#minimized ? ' min' : ''}`;
    this.#pbName.textContent = view.brand;
    const blocking = view.problems?.length ?? 0;
    this.#chip.textContent = blocking ? `${blocking} to fix` : view.tone === 'ok' ? 'ready' : view.tone === 'warn' ? 'check' : '';

    const body = make(d, 'div', 'body');
    const title = make(d, 'div', 'title', view.title);
    body.append(title);

    if (view.problems?.length) body.append(this.#blockingList(view.problems));
    if (view.ask) body.append(this.#askBlock(view.ask));
    const text = make(d, 'p', 'text', view.text);
    body.append(text);
    if (view.notice) {
      const n = make(d, 'p', 'notice', view.notice);
      body.append(n);
    }
    const groups = view.reviewGroups?.length ? view.reviewGroups : groupByReason(view.reviews ?? []);
    if (groups.length) body.append(this.#reviewBlock(groups));
    this.#body.replaceWith(body);
    this.#body = body;

    const announce = `${view.title}. ${blocking ? `${blocking} to fix. ` : ''}${view.text}`;
    if (announce !== this.#announced) {
      this.#announced = announce;
      this.#live.textContent = announce;
    }
  }

  /** "Untick 3: Modify All Data, …" and "Tick 1: …": each name a button that scrolls to its box. */
  #blockingList(problems: NonNullable<OverlayView['problems']>): HTMLElement {
    const d = this.#doc;
    const wrap = make(d, 'div', 'blocking');
    const lines: Array<[string, string, typeof problems]> = [
      ['forbidden', 'Untick', problems.filter((p) => p.verdict === 'forbidden')],
      ['missing', 'Tick', problems.filter((p) => p.verdict !== 'forbidden')],
    ];
    for (const [key, verb, items] of lines) {
      if (!items.length) continue;
      const p = make(d, 'p', `line ${key}`);
      p.setAttribute('data-line', key);
      const lead = make(d, 'strong', '', `${verb} ${items.length}: `);
      p.append(lead);
      const all = this.#showAll.has(key);
      const shown = all ? items : items.slice(0, NAMES_SHOWN);
      shown.forEach((it, i) => {
        if (i) p.append(', ');
        const name = it.label || it.name;
        const b = this.#button('name', name, `${verb} ${name}: show the box`);
        b.title = it.reason;
        b.addEventListener('click', () => {
          try {
            it.reveal();
          } catch {
            /* the box went away */
          }
        });
        p.append(b);
      });
      if (items.length > shown.length) {
        p.append(' ');
        const more = this.#button('more', `+${items.length - shown.length} more`, '');
        more.addEventListener('click', () => {
          this.#showAll.add(key);
          this.#last = '';
          if (this.#view) this.show(this.#view);
        });
        p.append(more);
      }
      wrap.append(p);
    }
    return wrap;
  }

  #onAnswer: ((yes: boolean) => void) | null = null;

  #askBlock(ask: NonNullable<OverlayView['ask']>): HTMLElement {
    const d = this.#doc;
    const box = make(d, 'div', 'ask');
    box.setAttribute('role', 'group');
    const q = make(d, 'p', '', ask.question);
    // The group is named by its question (the same words as the paragraph the admin reads).
    box.setAttribute('aria-label', ask.question);
    const yes = this.#button('yes', ask.yes, '');
    const no = this.#button('no', ask.no, '');
    const answer = (v: boolean) => () => {
      try {
        (this.#onAnswer ?? ask.onAnswer)(v);
      } catch {
        /* never break the page */
      }
    };
    yes.addEventListener('click', answer(true));
    no.addEventListener('click', answer(false));
    const row = make(d, 'div', 'row');
    row.append(yes, no);
    box.append(q, row);
    return box;
  }

  #reviewBlock(groups: NonNullable<OverlayView['reviewGroups']>): HTMLElement {
    const d = this.#doc;
    const total = groups.reduce((n, g) => n + g.items.length, 0);
    const det = make(d, 'details', 'reviews');
    this.#keepOpen(det, '*reviews');
    const sum = make(d, 'summary', '', t('reviewSummary', total));
    det.append(sum);
    const ul = make(d, 'ul', 'groups');
    for (const g of groups) {
      const li = d.createElement('li');
      const gd = d.createElement('details');
      this.#keepOpen(gd, g.key);
      const gs = d.createElement('summary');
      const n = make(d, 'span', 'n', String(g.items.length));
      gs.append(n, ` ${g.label}`);
      gd.append(gs);
      if (g.line && g.line !== g.label) {
        const line = make(d, 'p', 'line-note', g.line);
        gd.append(line);
      }
      const items = make(d, 'ul', 'items');
      for (const it of g.items.slice(0, REVIEW_ITEMS_SHOWN)) {
        const i = make(d, 'li', '', it.label || it.name);
        items.append(i);
      }
      if (g.items.length > REVIEW_ITEMS_SHOWN) {
        const i = make(d, 'li', '', t('reviewMore', g.items.length - REVIEW_ITEMS_SHOWN));
        items.append(i);
      }
      gd.append(items);
      li.append(gd);
      ul.append(li);
    }
    det.append(ul);
    return det;
  }

  /** A <details> keeps its open state across renders (verdicts change while the admin reads). */
  #keepOpen(det: HTMLDetailsElement, key: string): void {
    if (this.#openGroups.has(key)) det.open = true;
    det.addEventListener('toggle', () => {
      if (det.open) this.#openGroups.add(key);
      else this.#openGroups.delete(key);
      this.#lastRect = '';
      if (!this.#target) this.#placeNow(null);
      this.#wake();
    });
  }

  // ---------------------------------------------------------------- placement

  /**
   * The ring follows its target on demand, not by polling every frame: a scroll (any scroller: a capturing
   * listener), a page change, a CSS transition, a redraw (a new target, a resize) or the card changing size (collapsed,
   * a group opened) wake it, and it then follows frame by frame
   * until the target has kept still for QUIET_FRAMES frames; asleep, it looks once per SLEEP_CHECK_MS (a move no
   * event announced: a web font, a hover). A frame after page changes reads the target's box once the frame is drawn
   * (a task queued from the frame), when the page's own layout is done: measuring in the frame itself would make
   * Keyhole lay the changed page out early (forced layout, counted as Keyhole's time). Other frames (a scroll,
   * nothing at all) measure at once: their layout is clean, and the ring must not lag a scroll. A new target is
   * first measured after the frame too (the page may not have been laid out since it appeared).
   */
  #startLoop(): void {
    this.#wake();
    this.#afterFrame();
  }

  readonly #wake = (): void => {
    this.#quiet = 0;
    if (this.#raf || !this.#target || this.#destroyed) return;
    this.#win.clearTimeout(this.#sleepTimer);
    this.#raf = this.#win.requestAnimationFrame(this.#tick);
  };

  readonly #tick = (): void => {
    const view = this.#win;
    this.#raf = 0;
    if (!this.#target) return;
    // After page changes the frame is only measured once drawn; the ring follows on from there only if it moved.
    if (this.#pageDirty || this.#measureTask) {
      this.#pageDirty = false;
      this.#afterFrame();
    } else this.#quiet = this.position() ? 0 : this.#quiet + 1;
    if (this.#raf) return; // woken while measuring (the host was put back): that frame is asked for already
    view.clearTimeout(this.#sleepTimer);
    if (this.#quiet < QUIET_FRAMES) this.#raf = view.requestAnimationFrame(this.#tick);
    else this.#sleepTimer = view.setTimeout(() => (this.#raf = view.requestAnimationFrame(this.#tick)), SLEEP_CHECK_MS);
  };

  #quiet = 0;
  #sleepTimer = 0;

  #afterFrame(): void {
    if (this.#measureTask) return;
    this.#measureTask = this.#win.setTimeout(() => {
      this.#measureTask = 0;
      if (!this.#target) this.#placeNow(null);
      else if (this.position()) this.#wake();
    }, 0);
  }

  /**
   * The page changed (the agent's mutation observer says so): the next frame measures after drawing, and the ring
   * follows frame by frame only if its target moved (a page that changes every few frames does not keep it awake).
   */
  pageChanged(): void {
    this.#pageDirty = true;
    if (!this.#raf && this.#target && !this.#destroyed) this.#raf = this.#win.requestAnimationFrame(this.#tick);
  }

  #pageDirty = false;
  #measureTask = 0;

  #stopLoop(): void {
    const view = this.#win;
    if (this.#raf) view.cancelAnimationFrame(this.#raf);
    if (this.#measureTask) view.clearTimeout(this.#measureTask);
    view.clearTimeout(this.#sleepTimer);
    this.#raf = 0;
    this.#measureTask = 0;
  }

  #lastRect = '';
  /**
   * Read the target's box (and what it is clipped by), then write the ring, arrow and card in the same frame.
   * Returns whether anything moved.
   */
  position(): boolean {
    const el = this.#target;
    if (!el) return false;
    if (!this.#host.isConnected) this.#ensureOnTop();
    if (this.#fresh) {
      this.#fresh = false;
      this.#clippers = clippingAncestors(el);
      this.#contextEl = contextOf(el);
      this.#reveal(el);
    }
    const win = this.#win;
    const r = el.getBoundingClientRect();
    let view = rect(0, 0, win.innerWidth, win.innerHeight);
    for (const c of this.#clippers) {
      const cr = c.getBoundingClientRect();
      view = { left: Math.max(view.left, cr.left), top: Math.max(view.top, cr.top), right: Math.min(view.right, cr.right), bottom: Math.min(view.bottom, cr.bottom) };
    }
    const key = `${r.left},${r.top},${r.width},${r.height},${view.left},${view.top},${view.right},${view.bottom}`;
    if (key === this.#lastRect || this.#drag) return false;
    this.#lastRect = key;
    const s = this.#ring.style;
    s.transform = `translate(${r.left}px, ${r.top}px)`;
    s.width = `${r.width}px`;
    s.height = `${r.height}px`;
    s.visibility = '';
    const target = toRect(r);
    const arrow = r.width || r.height ? edgeArrow(target, view) : null;
    if (arrow) {
      this.#arrow.style.display = 'block';
      this.#arrow.style.transform = `translate(${arrow.x - 16}px, ${arrow.y - 16}px) rotate(${arrow.angle}deg)`;
      this.#arrow.setAttribute('data-side', arrow.side);
    } else {
      this.#arrow.style.display = 'none';
    }
    this.#placeNow(arrow ? null : target, arrow ? rect(arrow.x - 20, arrow.y - 20, 40, 40) : null);
    return true;
  }

  /** The rectangles the card must keep clear, weighted. */
  #obstacles(target: Rect | null): Obstacle[] {
    const win = this.#win;
    const out: Obstacle[] = [];
    if (target) {
      out.push({ rect: inflate(target, RING_PAD), weight: WEIGHT.target });
      // What names the target (a field's label, a button's row) must stay readable; the block around it (a
      // tile, a form row) preferably too.
      if (this.#target) for (const w of workRects(this.#target)) out.push({ rect: w, weight: WEIGHT.blocking });
      if (this.#contextEl?.isConnected) out.push({ rect: toRect(this.#contextEl.getBoundingClientRect()), weight: WEIGHT.context });
    }
    const vh = win.innerHeight;
    const vw = win.innerWidth;
    let n = 0;
    if (this.#blockingEls.some((e) => !e.isConnected)) this.#blockingEls = Array.from(this.#doc.querySelectorAll(BLOCKING_SELECTOR));
    for (const el of this.#blockingEls) {
      const b = el.getBoundingClientRect();
      if (b.bottom < 0 || b.top > vh || b.right < 0 || b.left > vw || (!b.width && !b.height)) continue;
      for (const w of workRects(el)) out.push({ rect: w, weight: WEIGHT.blocking });
      if (++n >= MAX_OBSTACLE_BOXES) break;
    }
    if (!this.#avoidFound || this.#avoidEls.some((e) => !e.isConnected)) {
      this.#avoidFound = true;
      try {
        this.#avoidEls = (this.#view?.avoid?.() ?? []).filter((e): e is Element => !!e);
      } catch {
        this.#avoidEls = [];
      }
    }
    for (const el of this.#avoidEls) {
      const b = el.getBoundingClientRect();
      if (b.width || b.height) out.push({ rect: inflate(toRect(b), 2), weight: WEIGHT.save });
    }
    return out;
  }

  #placeNow(target: Rect | null, arrow: Rect | null = null): void {
    if (this.#card.style.display === 'none' || this.#userHidden) return;
    const win = this.#win;
    const vp = { width: win.innerWidth, height: win.innerHeight };
    const size = { width: this.#card.offsetWidth || Math.min(340, vp.width - 16), height: this.#card.offsetHeight || 120 };
    let x: number;
    let y: number;
    if (this.#pinned) {
      x = 8 + this.#pinned.fx * Math.max(0, vp.width - size.width - 16);
      y = 8 + this.#pinned.fy * Math.max(0, vp.height - size.height - 16);
    } else {
      const obstacles = this.#obstacles(target);
      if (arrow) obstacles.push({ rect: arrow, weight: WEIGHT.target });
      const p = placeCard({ viewport: vp, card: size, target, obstacles, current: this.#pos });
      x = p.x;
      y = p.y;
    }
    this.#moveTo(x, y);
  }

  #moveTo(x: number, y: number): void {
    this.#pos = { x: Math.round(x), y: Math.round(y) };
    this.#card.style.transform = `translate(${this.#pos.x}px, ${this.#pos.y}px)`;
    this.#card.style.pointerEvents = '';
  }

  // ---------------------------------------------------------------- drag (pointer and keyboard)

  #wireDrag(): void {
    const start = (e: PointerEvent) => {
      if (e.button !== 0 || !this.#pos) return;
      const t = e.target as Element;
      // The head drags, except its buttons (other than the grip), which stay clickable.
      if (t !== this.#grip && t.closest('button')) return;
      this.#drag = { id: e.pointerId, dx: e.clientX - this.#pos.x, dy: e.clientY - this.#pos.y, moved: false };
      try {
        this.#head.setPointerCapture(e.pointerId);
      } catch {
        /* synthetic pointer */
      }
      // No preventDefault: it would keep the grip from taking focus (its arrow keys move the card). The head is
      // user-select: none, so a drag selects no text.
    };
    const move = (e: PointerEvent) => {
      const dr = this.#drag;
      if (!dr || dr.id !== e.pointerId) return;
      dr.moved = true;
      const [x, y] = this.#clampToView(e.clientX - dr.dx, e.clientY - dr.dy);
      this.#moveTo(x, y);
    };
    const end = (e: PointerEvent) => {
      const dr = this.#drag;
      if (!dr || dr.id !== e.pointerId) return;
      this.#drag = null;
      try {
        this.#head.releasePointerCapture(e.pointerId);
      } catch {
        /* already released */
      }
      if (dr.moved) this.#pinHere();
    };
    this.#head.addEventListener('pointerdown', start);
    this.#head.addEventListener('pointermove', move);
    this.#head.addEventListener('pointerup', end);
    this.#head.addEventListener('pointercancel', end);
    // The pointer left the frame (a Setup page in an iframe) or the page took the capture: end the drag where it is.
    this.#head.addEventListener('lostpointercapture', end);
    this.#grip.addEventListener('keydown', (e) => {
      const step = e.shiftKey ? MOVE_STEP * 4 : MOVE_STEP;
      const d: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
      if (e.key === 'Home') {
        e.preventDefault();
        this.#unpin();
        return;
      }
      const dv = d[e.key];
      if (!dv || !this.#pos) return;
      e.preventDefault();
      const [x, y] = this.#clampToView(this.#pos.x + dv[0], this.#pos.y + dv[1]);
      this.#moveTo(x, y);
      this.#pinHere();
    });
    this.#grip.addEventListener('dblclick', () => this.#unpin());
  }

  #clampToView(x: number, y: number): [number, number] {
    const win = this.#win;
    const w = this.#card.offsetWidth || 340;
    const h = this.#card.offsetHeight || 40;
    return [Math.max(8, Math.min(win.innerWidth - w - 8, x)), Math.max(8, Math.min(win.innerHeight - h - 8, y))];
  }

  #pinHere(): void {
    if (!this.#pos) return;
    const win = this.#win;
    const roomX = Math.max(1, win.innerWidth - (this.#card.offsetWidth || 340) - 16);
    const roomY = Math.max(1, win.innerHeight - (this.#card.offsetHeight || 40) - 16);
    const f = (v: number) => Math.max(0, Math.min(1, Math.round(v * 1000) / 1000));
    this.#pinned = { fx: f((this.#pos.x - 8) / roomX), fy: f((this.#pos.y - 8) / roomY) };
    this.#savePrefs();
  }

  #unpin(): void {
    this.#pinned = null;
    this.#savePrefs();
    this.#lastRect = '';
    if (this.#target) this.position();
    else this.#placeNow(null);
  }
}

/** A new element of the card, with its class and text (text only: never markup). */
function make<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, cls: string, text = ''): HTMLElementTagNameMap[K] {
  const e = doc.createElement(tag);
  e.className = cls;
  e.textContent = text;
  return e;
}

/** Review items grouped by their reason (the playbook's wording), largest group first. */
export function groupByReason(items: OverlayItem[]): NonNullable<OverlayView['reviewGroups']> {
  const by = new Map<string, OverlayItem[]>();
  for (const it of items) by.set(it.reason, [...(by.get(it.reason) ?? []), it]);
  return [...by.entries()].sort((a, b) => b[1].length - a[1].length).map(([reason, list]) => ({ key: `reason:${reason}`, label: reason, line: reason, items: list }));
}

const SCROLLS = /^(auto|scroll|overlay)$/;

/**
 * The block a target sits in (a tile, a form row), read once per target: the largest of its five nearest ancestors
 * that is still small (at most about a quarter of a laptop screen, and narrower than most of the view).
 */
function contextOf(el: Element): Element | null {
  const win = el.ownerDocument.defaultView;
  if (!win) return null;
  let best: Element | null = null;
  let p = el.parentElement;
  for (let i = 0; i < 5 && p && p !== el.ownerDocument.body; i++, p = p.parentElement) {
    const r = p.getBoundingClientRect();
    if (r.width * r.height > 80_000 || r.width > win.innerWidth * 0.8 || r.height > win.innerHeight * 0.5) break;
    best = p;
  }
  return best;
}

/** Ancestors that clip the target (overflow other than visible), nearest first; read once per target. */
function clippingAncestors(el: Element): Element[] {
  const out: Element[] = [];
  const win = el.ownerDocument.defaultView;
  if (!win) return out;
  for (let p = el.parentElement; p && p !== el.ownerDocument.body && p !== el.ownerDocument.documentElement; p = p.parentElement) {
    try {
      const cs = win.getComputedStyle(p);
      // Only containers that scroll: a small overflow:hidden wrapper (a styled checkbox) must not hide the target.
      if (SCROLLS.test(cs.overflowX) || SCROLLS.test(cs.overflowY)) out.push(p);
    } catch {
      /* no computed style */
    }
    if (out.length >= 6) break;
  }
  return out;
}
