/**
 * One page visit: everything Keyhole does on a page is tied to an AbortSignal, aborted on navigation
 * (full or SPA) or when the playbook stops. Mutations are batched to one pass per animation frame (per timer tick
 * while the tab is hidden).
 */
interface VisitHooks {
  /** Called at most once per animation frame after DOM changes or admin input. */
  evaluate(): void;
  /** Admin input on a control (click/change), before the batched pass. */
  onInput?(event: Event): void;
}

const WATCHED_ATTRIBUTES = ['aria-checked', 'aria-selected', 'aria-expanded', 'aria-hidden', 'checked', 'selected', 'disabled', 'hidden', 'open', 'class', 'value', 'style'];

export function observePage(win: Window, hooks: VisitHooks, signal: AbortSignal): () => void {
  const doc = win.document;
  let scheduled = 0;
  let timer = 0;
  const run = () => {
    scheduled = 0;
    timer = 0;
    if (!signal.aborted) hooks.evaluate();
  };
  // Animation frames do not run in a hidden tab; a (browser-throttled) timer keeps progress flowing there.
  const schedule = () => {
    if (scheduled || timer || signal.aborted) return;
    if (doc.hidden) timer = win.setTimeout(run, 250);
    else scheduled = win.requestAnimationFrame(run);
  };
  const MO = (win as Window & { MutationObserver: typeof MutationObserver }).MutationObserver;
  const observer = new MO((records: MutationRecord[]) => {
    // Ignore our own marks.
    for (const r of records) {
      if (r.type !== 'attributes' || !r.attributeName?.startsWith('data-keyhole')) {
        schedule();
        return;
      }
    }
  });
  observer.observe(doc.documentElement, { subtree: true, childList: true, attributes: true, attributeFilter: WATCHED_ATTRIBUTES });
  const onInput = (e: Event) => {
    hooks.onInput?.(e);
    schedule();
  };
  const opts = { capture: true, signal } as AddEventListenerOptions;
  doc.addEventListener('change', onInput, opts);
  doc.addEventListener('input', onInput, opts);
  doc.addEventListener('click', onInput, opts);
  win.addEventListener('resize', schedule, { signal });
  doc.addEventListener('visibilitychange', schedule, { signal });
  signal.addEventListener('abort', () => {
    observer.disconnect();
    if (scheduled) win.cancelAnimationFrame(scheduled);
    if (timer) win.clearTimeout(timer);
  });
  schedule();
  return schedule;
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
