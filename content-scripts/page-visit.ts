/**
 * One page visit: everything Keyhole does on a page is tied to an AbortSignal, aborted on navigation
 * (full or SPA) or when the playbook stops. Mutations are batched to one pass per animation frame (per timer tick
 * while the tab is hidden).
 *
 * Keyhole keeps to a small share of a busy page's main thread, by a budget of its own time (a token bucket): it
 * earns 1 ms per BACKOFF.factor ms of page time, holds at most BACKOFF.burstMs, and everything the visit does (a
 * pass and the slices it queues: the WorkMeter) is paid from it. A pass that only page changes ask for waits while
 * the budget is in debt (never more than BACKOFF.maxMs). So a page quiet for a moment gets its pass at the next
 * frame, and a page that mutates without pause gives Keyhole about 1 / factor of its main thread. Never made to wait:
 * the admin's own input (a trusted click, change or keystroke), and any change while the guide has lost what it
 * shows (no target, or its target left the page: the page is being rebuilt, and its new controls get guided at once).
 */
interface VisitHooks {
  /** Called at most once per animation frame after DOM changes or admin input. */
  evaluate(): void;
  /** Admin input on a control (click/change), before the batched pass. */
  onInput?(event: Event): void;
  /**
   * The page changed (a batch with any mutation but Keyhole's own marks), at once, with the batch: the overlay
   * measures after the frame, and the agent names again the boxes whose label text changed in place.
   */
  changed?(records: MutationRecord[]): void;
  /** The guide lost what it shows (no target, or its target left the page): a page change then never waits. */
  lost?(): boolean;
}

/** Keyhole's main-thread time on one visit: whatever runs through `run` is charged. */
export class WorkMeter {
  spent = 0;
  constructor(readonly now: () => number) {}
  run(fn: () => void): void {
    const t0 = this.now();
    try {
      fn();
    } finally {
      this.spent += this.now() - t0;
    }
  }
}

/**
 * Tells the admin's own input from the page's: a trusted event, except that a checkbox's `input` and `change` count
 * only when the click before them was trusted (browsers fire those two as trusted even after a script's `click()`).
 */
export function adminInputFilter(): (e: Event) => boolean {
  let clickTrusted = false;
  return (e) => {
    if (e.type === 'click') return (clickTrusted = e.isTrusted);
    const type = (e.target as { type?: unknown } | null)?.type;
    if (type === 'checkbox' || type === 'radio') return e.isTrusted && clickTrusted;
    return e.isTrusted;
  };
}

interface VisitOptions {
  /** Whether an input event is the admin's own (its pass is not deferred); by default adminInputFilter(). */
  isAdminInput?(event: Event): boolean;
  /** Where the visit's work is charged (the agent charges its slices there too); by default a meter of its own. */
  meter?: WorkMeter;
}

/** Keyhole's time budget on a page: earned at 1 / factor, at most burstMs saved, page-driven waits at most maxMs. */
export const BACKOFF = { factor: 40, burstMs: 16, maxMs: 1000 } as const;

/**
 * A control's state and visibility, the words that name it (a label's text is watched as character data), and what
 * makes an element a checkbox (`role`, `type`: the index's delta pass looks at such elements, CheckboxIndex.noteChanges).
 */
const WATCHED_ATTRIBUTES = ['role', 'type', 'aria-checked', 'aria-selected', 'aria-expanded', 'aria-hidden', 'checked', 'selected', 'disabled', 'hidden', 'open', 'class', 'value', 'style', 'title', 'aria-label'];

export function observePage(win: Window, hooks: VisitHooks, signal: AbortSignal, opts: VisitOptions = {}): () => void {
  const doc = win.document;
  const meter = opts.meter ?? new WorkMeter(() => win.performance.now());
  const isAdminInput = opts.isAdminInput ?? adminInputFilter();
  let scheduled = 0;
  let timer = 0;
  // The budget (ms of Keyhole's time): refilled with page time, paid with what the meter recorded since.
  let budget: number = BACKOFF.burstMs;
  let refilledAt = meter.now();
  let paid = meter.spent;
  const run = () => {
    scheduled = 0;
    timer = 0;
    if (signal.aborted) return;
    meter.run(() => hooks.evaluate());
  };
  /** How long a page-driven pass must still wait (ms; 0 or less: it may run now). */
  const backoff = () => {
    const now = meter.now();
    budget = Math.min(BACKOFF.burstMs, budget + (now - refilledAt) / BACKOFF.factor) - (meter.spent - paid);
    budget = Math.max(budget, -BACKOFF.maxMs / BACKOFF.factor);
    refilledAt = now;
    paid = meter.spent;
    return -budget * BACKOFF.factor;
  };
  /**
   * A pass that waited for the budget runs in a task after the next frame, not in the frame: the page has changed
   * meanwhile, and in a frame callback Keyhole's first layout read would do the page's layout early, on Keyhole's
   * account; after the frame the browser has done it. It has waited already: one frame more is nothing.
   */
  const afterFrame = () => {
    scheduled = 0;
    if (!signal.aborted) timer = win.setTimeout(run, 0);
  };
  const frame = () => {
    timer = 0;
    if (scheduled || signal.aborted) return;
    // Slices of the last pass may have run (and cost) meanwhile: wait out the rest.
    const wait = backoff();
    if (wait > 0) timer = win.setTimeout(frame, wait);
    else scheduled = win.requestAnimationFrame(afterFrame);
  };
  // Animation frames do not run in a hidden tab; a (browser-throttled) timer keeps progress flowing there.
  const schedule = (urgent = false) => {
    if (scheduled || signal.aborted) return;
    if (timer) {
      if (!urgent || doc.hidden) return;
      win.clearTimeout(timer); // the admin acted: no more waiting for the back-off
      timer = 0;
    }
    if (doc.hidden) {
      timer = win.setTimeout(run, 250);
      return;
    }
    const wait = urgent ? 0 : backoff();
    if (wait > 0) timer = win.setTimeout(frame, wait);
    else scheduled = win.requestAnimationFrame(run);
  };
  const pageChanged = () => schedule(!!hooks.lost?.());
  const MO = (win as Window & { MutationObserver: typeof MutationObserver }).MutationObserver;
  // Keyhole's own marks (data-keyhole-*) are not among the watched attributes, and its overlay host (keyhole-…)
  // coming, going or restyled is not a page change either: what is left is the page's.
  // (The host is added and removed alone: a record's first node says whose it is.)
  const own = (n?: Node) => (n as Element | undefined)?.localName?.startsWith('keyhole-');
  const observer = new MO((all: MutationRecord[]) => {
    const records = all.filter((r) => !own(r.target) && !own(r.addedNodes[0] ?? r.removedNodes[0]));
    if (!records.length) return;
    hooks.changed?.(records);
    pageChanged();
  });
  observer.observe(doc.documentElement, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: WATCHED_ATTRIBUTES });
  const onInput = (e: Event) => {
    hooks.onInput?.(e);
    schedule(isAdminInput(e));
  };
  const listen = { capture: true, signal } as AddEventListenerOptions;
  doc.addEventListener('change', onInput, listen);
  doc.addEventListener('input', onInput, listen);
  doc.addEventListener('click', onInput, listen);
  win.addEventListener('resize', pageChanged, { signal });
  doc.addEventListener('visibilitychange', pageChanged, { signal });
  signal.addEventListener('abort', () => {
    observer.disconnect();
    if (scheduled) win.cancelAnimationFrame(scheduled);
    if (timer) win.clearTimeout(timer);
  });
  schedule();
  return pageChanged;
}

/**
 * Calls back when the URL changes without a reload (pushState, replaceState, hash, back/forward). Uses the
 * Navigation API where present; otherwise a light poll, since isolated content scripts cannot patch history.
 */
export function watchUrl(win: Window, onChange: () => void, signal: AbortSignal): void {
  let last = win.location.href;
  const check = () => {
    const now = win.location.href;
    if (now !== last) {
      last = now;
      onChange();
    }
  };
  const nav = (win as Window & { navigation?: EventTarget }).navigation;
  if (nav && typeof nav.addEventListener === 'function') {
    nav.addEventListener('currententrychange', () => queueMicrotask(check), { signal });
  }
  win.addEventListener('popstate', check, { signal });
  win.addEventListener('hashchange', check, { signal });
  const timer = win.setInterval(check, 750);
  signal.addEventListener('abort', () => win.clearInterval(timer));
}
