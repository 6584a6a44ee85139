// The overlay card in happy-dom: what it shows and in which order, its controls, what it remembers, and what it
// cleans up. The shadow root is closed; the test captures it from attachShadow.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Overlay, groupByReason, type OverlayView } from '../../content-scripts/overlay.ts';
import { memoryPrefs } from '../../content-scripts/overlay-prefs.ts';
import { labelElementOf } from '../../content-scripts/work-boxes.ts';
import { CheckboxIndex } from '../../src/core/validator.ts';
import type { PermissionCheck } from '../../src/format/types.ts';
import { pageKindOf } from '../../content-scripts/page-kind.ts';

let roots: ShadowRoot[] = [];
const orig = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init: ShadowRootInit) {
  const r = orig.call(this, init);
  roots.push(r);
  return r;
};
afterEach(() => {
  roots = [];
  document.body.replaceChildren();
  for (const el of Array.from(document.documentElement.children)) if (el.localName.startsWith('keyhole-')) el.remove();
});

function view(over: Partial<OverlayView> = {}): OverlayView {
  return { target: null, brand: 'Drivetrain: temporary Salesforce access', title: 'System permissions', text: 'Tick API Enabled.', tone: 'warn', ...over };
}

function mount(v: OverlayView, prefs = memoryPrefs()) {
  const o = new Overlay(document, { prefs });
  o.show(v);
  const root = roots.at(-1)!;
  return { o, root, prefs, card: root.querySelector('.card') as HTMLElement };
}

describe('overlay card', () => {
  it('shows what blocks first, "Untick N:" then "Tick N:", each name a button that reveals its box', () => {
    const reveal = vi.fn();
    const { root } = mount(
      view({
        problems: [
          { name: 'modify all data', label: 'Modify All Data', reason: 'writes', verdict: 'forbidden', reveal },
          { name: 'author apex', label: 'Author Apex', reason: 'code', verdict: 'forbidden', reveal: vi.fn() },
          { name: 'api only user', label: 'API Only User', reason: 'needed', verdict: 'missing', reveal },
        ],
        reviews: [{ name: 'run reports', label: 'Run Reports', reason: 'Reports reach data' }],
      }),
    );
    const body = root.querySelector('.body')!;
    const text = body.textContent!;
    expect(text.indexOf('Untick 2: ')).toBeGreaterThan(-1);
    expect(text.indexOf('Untick 2: ')).toBeLessThan(text.indexOf('Tick 1: API Only User'));
    expect(text.indexOf('Tick 1: ')).toBeLessThan(text.indexOf('Tick API Enabled.'));
    expect(text.indexOf('Tick API Enabled.')).toBeLessThan(text.indexOf('Review items (1)'));
    expect(root.querySelector('[data-line="forbidden"]')!.textContent).toBe('Untick 2: Modify All Data, Author Apex');
    const buttons = [...root.querySelectorAll('button.name')] as HTMLButtonElement[];
    expect(buttons.map((b) => b.textContent)).toEqual(['Modify All Data', 'Author Apex', 'API Only User']);
    expect(buttons.map((b) => b.title)).toEqual(['writes', 'code', 'needed']);
    expect(buttons[0].getAttribute('aria-label')).toBe('Untick Modify All Data: show the box');
    buttons[0].click();
    expect(reveal).toHaveBeenCalledTimes(1);
  });

  it('looks up what it must avoid (Save) after the frame, once, not on every redraw: again only when it is gone or was not found', async () => {
    const task = () => new Promise((r) => setTimeout(r, 0));
    const button = () => Object.assign(document.createElement('button'), { textContent: 'Save' });
    let save = button();
    document.body.append(save);
    const avoid = vi.fn(() => [save]);
    const { o } = mount(view({ avoid }));
    // Not inside show(): the lookup is a search of the page, run in a task of its own once the frame is done.
    expect(avoid).toHaveBeenCalledTimes(0);
    await task();
    expect(avoid).toHaveBeenCalledTimes(1);
    // Every verdict change redraws the card (a new text); Save is still there: no new page-wide lookup.
    for (let i = 0; i < 5; i++) {
      o.show(view({ avoid, text: `Fix ${i}.` }));
      await task();
    }
    expect(avoid).toHaveBeenCalledTimes(1);
    // The page replaced its Save button: looked up again, once.
    save.remove();
    save = button();
    document.body.append(save);
    o.show(view({ avoid, text: 'Fix 6.' }));
    await task();
    o.show(view({ avoid, text: 'Fix 7.' }));
    await task();
    expect(avoid).toHaveBeenCalledTimes(2);
    // Not found: asked again when the card's content changes, not on every placement of the same content.
    const none = vi.fn(() => [] as Element[]);
    const m2 = mount(view({ avoid: none, title: 'Other' }));
    await task();
    m2.o.show(view({ avoid: none, title: 'Other' }));
    await task();
    expect(none).toHaveBeenCalledTimes(1);
    m2.o.show(view({ avoid: none, title: 'Other', text: 'Changed.' }));
    await task();
    expect(none).toHaveBeenCalledTimes(2);
    o.destroy();
    m2.o.destroy();
  });

  it('shows at most six names per line, then "+N more", which shows the rest', () => {
    const problems = Array.from({ length: 9 }, (_, i) => ({ name: `p${i}`, reason: 'r', verdict: 'forbidden', reveal: () => {} }));
    const { root } = mount(view({ problems }));
    expect(root.querySelectorAll('[data-line="forbidden"] .name')).toHaveLength(6);
    (root.querySelector('button.more') as HTMLButtonElement).click();
    expect(root.querySelectorAll('[data-line="forbidden"] .name')).toHaveLength(9);
  });

  it('groups review items by reason as expandable counts, largest first; reviewGroups win when given', () => {
    const reviews = [
      { name: 'a', reason: 'Reads more' },
      { name: 'b', reason: 'Reports' },
      { name: 'c', reason: 'Reads more' },
    ];
    expect(groupByReason(reviews).map((g) => [g.label, g.items.length])).toEqual([['Reads more', 2], ['Reports', 1]]);
    const { root, o } = mount(view({ reviews }));
    const groups = [...root.querySelectorAll('ul.groups > li > details')] as HTMLDetailsElement[];
    expect(groups.map((g) => g.querySelector('summary')!.textContent)).toEqual(['2 Reads more', '1 Reports']);
    expect(groups.every((g) => !g.open)).toBe(true);
    o.show(view({ reviews, reviewGroups: [{ key: 'read', label: 'extra read permissions', line: 'Reading beyond the three objects', items: reviews }] }));
    expect(root.querySelector('ul.groups summary')!.textContent).toBe('3 extra read permissions');
    expect(root.querySelector('.line-note')!.textContent).toBe('Reading beyond the three objects');
  });

  it('keeps an expanded group open while the verdicts change', () => {
    const reviews = [{ name: 'a', reason: 'Reads more' }];
    const { root, o } = mount(view({ reviews }));
    const outer = root.querySelector('details.reviews') as HTMLDetailsElement;
    outer.open = true;
    outer.dispatchEvent(new Event('toggle'));
    o.show(view({ reviews: [...reviews, { name: 'b', reason: 'Reads more' }] }));
    expect((root.querySelector('details.reviews') as HTMLDetailsElement).open).toBe(true);
  });

  it('renders a Yes/No question and a notice', () => {
    const onAnswer = vi.fn();
    const { root } = mount(view({ ask: { question: 'Is this the group you made for Drivetrain?', yes: 'Yes, it is', no: 'No', onAnswer }, notice: 'Switch your language to English.' }));
    expect(root.querySelector('.ask p')!.textContent).toBe('Is this the group you made for Drivetrain?');
    (root.querySelector('.ask .no') as HTMLButtonElement).click();
    (root.querySelector('.ask .yes') as HTMLButtonElement).click();
    expect(onAnswer.mock.calls).toEqual([[false], [true]]);
    expect(root.querySelector('.notice')!.textContent).toBe('Switch your language to English.');
  });

  it('shows page text as text, never markup', () => {
    const evil = '<img src=x onerror="window.__pwned=1"><b>Read Contacts</b>';
    const { root } = mount(view({ title: evil, problems: [{ name: evil, reason: evil, verdict: 'forbidden', reveal: () => {} }], reviews: [{ name: evil, reason: evil }] }));
    expect(root.querySelectorAll('img, b')).toHaveLength(0);
    expect(root.querySelector('.title')!.textContent).toBe(evil);
    expect(root.querySelector('button.name')!.textContent).toBe(evil);
  });

  it('collapses to a pill and remembers it per page kind; a new overlay on that kind starts collapsed', () => {
    const prefs = memoryPrefs();
    const { root, o } = mount(view({ pageKind: 'edit', problems: [{ name: 'x', reason: 'r', verdict: 'missing', reveal: () => {} }] }), prefs);
    const toggle = root.querySelector('button.toggle') as HTMLButtonElement;
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    toggle.click();
    expect(root.querySelector('.card')!.classList.contains('min')).toBe(true);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(root.querySelector('.chip')!.textContent).toBe('1 to fix');
    expect(prefs.get('edit')?.collapsed).toBe(true);
    o.destroy();
    const again = mount(view({ pageKind: 'edit' }), prefs);
    expect(again.card.classList.contains('min')).toBe(true);
    const other = mount(view({ pageKind: 'list' }), prefs);
    expect(other.card.classList.contains('min')).toBe(false);
  });

  it('the grip moves the card with arrow keys (remembered), Home puts it back to automatic placement', async () => {
    const prefs = memoryPrefs();
    const { root } = mount(view({ pageKind: 'edit' }), prefs);
    await new Promise((r) => setTimeout(r, 0)); // placed after the frame
    const grip = root.querySelector('button.grip') as HTMLButtonElement;
    expect(grip.getAttribute('aria-label')).toMatch(/arrow keys/);
    grip.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    expect(prefs.get('edit')?.pos).toBeDefined();
    grip.dispatchEvent(new KeyboardEvent('keydown', { key: 'Home', bubbles: true }));
    expect(prefs.get('edit')?.pos).toBeUndefined();
  });

  it('the hide/show command hides the card and ring; shown again with the next command', () => {
    const { o, card } = mount(view());
    o.command('toggle-overlay');
    expect(card.style.display).toBe('none');
    o.show(view({ text: 'changed' })); // the agent keeps updating: the admin's choice holds
    expect(card.style.display).toBe('none');
    o.command('toggle-overlay');
    expect(card.style.display).toBe('block');
    expect(card.textContent).toContain('changed');
  });

  it('after page changes, the ring is measured once the frame is drawn (no forced layout of the page); otherwise in the frame', () => {
    const frames: Array<() => void> = [];
    const tasks: Array<() => void> = [];
    const raf = vi.spyOn(window, 'requestAnimationFrame').mockImplementation((fn) => frames.push(() => fn(0)));
    const cancel = vi.spyOn(window, 'cancelAnimationFrame').mockImplementation(() => {});
    const timeout = vi.spyOn(window, 'setTimeout').mockImplementation(((fn: () => void) => tasks.push(fn)) as unknown as typeof setTimeout);
    const clear = vi.spyOn(window, 'clearTimeout').mockImplementation(() => {});
    try {
      const box = document.createElement('input');
      box.type = 'checkbox';
      document.body.append(box);
      const measured = vi.spyOn(box, 'getBoundingClientRect');
      const { o } = mount(view({ target: box }));
      const frame = () => frames.splice(0).forEach((f) => f());
      const afterFrame = () => tasks.splice(0).forEach((t) => t());
      // A new target is read once as it is shown (in view, or scrolled to?); the ring is first placed after the frame.
      measured.mockClear();
      afterFrame();
      expect(measured).toHaveBeenCalled();
      measured.mockClear();
      frame();
      expect(measured).toHaveBeenCalled(); // nothing changed since: measured in the frame (layout is clean)
      expect(tasks.length).toBe(0);
      o.pageChanged();
      measured.mockClear();
      frame();
      expect(measured).not.toHaveBeenCalled(); // the page changed: not in this frame…
      expect(tasks.length).toBe(1);
      afterFrame();
      expect(measured).toHaveBeenCalled(); // …but in the task after it
      measured.mockClear();
      frame();
      expect(measured).toHaveBeenCalled(); // and in the frame again after that
      o.destroy();
    } finally {
      raf.mockRestore();
      cancel.mockRestore();
      timeout.mockRestore();
      clear.mockRestore();
    }
  });

  it('the ring follows on demand: asleep after its target kept still, woken by a scroll, a page change or its slow check', () => {
    const frames: Array<() => void> = [];
    const tasks: Array<{ fn: () => void; ms: number; id: number }> = [];
    let ids = 0;
    const raf = vi.spyOn(window, 'requestAnimationFrame').mockImplementation((fn) => frames.push(() => fn(0)));
    const cancel = vi.spyOn(window, 'cancelAnimationFrame').mockImplementation(() => {});
    const timeout = vi.spyOn(window, 'setTimeout').mockImplementation(((fn: () => void, ms = 0) => (tasks.push({ fn, ms, id: ++ids }), ids)) as unknown as typeof setTimeout);
    const clear = vi.spyOn(window, 'clearTimeout').mockImplementation(((id: number) => {
      const i = tasks.findIndex((t) => t.id === id);
      if (i >= 0) tasks.splice(i, 1);
    }) as unknown as typeof clearTimeout);
    try {
      const box = document.createElement('input');
      box.type = 'checkbox';
      document.body.append(box);
      const measured = vi.spyOn(box, 'getBoundingClientRect');
      const mounted = mount(view({ target: box }));
      const { o } = mounted;
      const frame = () => frames.splice(0).forEach((f) => f());
      const run = (pred: (t: { ms: number }) => boolean) => {
        const due = tasks.filter(pred);
        tasks.splice(0, tasks.length, ...tasks.filter((t) => !pred(t)));
        due.forEach((t) => t.fn());
      };
      run((t) => t.ms === 0); // first placement, after the frame
      for (let i = 0; i < 40 && frames.length; i++) frame();
      expect(frames.length).toBe(0); // still for 30 frames: no more frames asked for
      measured.mockClear();
      frame();
      expect(measured).not.toHaveBeenCalled();
      // A scroll anywhere (a capturing listener) wakes it, and it measures in the next frame.
      document.dispatchEvent(new Event('scroll'));
      expect(frames.length).toBe(1);
      frame();
      expect(measured).toHaveBeenCalled();
      for (let i = 0; i < 40 && frames.length; i++) frame();
      expect(frames.length).toBe(0);
      // Asleep, it still looks once a second (one timer: the scroll cancelled the first sleep's).
      expect(tasks.filter((t) => t.ms === 1000).length).toBe(1);
      measured.mockClear();
      run((t) => t.ms === 1000);
      frame();
      expect(measured).toHaveBeenCalledTimes(1);
      expect(frames.length).toBe(0); // nothing moved: asleep again
      // The card collapsed by the admin (its size changed, so must its place): woken.
      const { root } = mounted;
      (root.querySelector('button.toggle') as HTMLButtonElement).click();
      expect(frames.length).toBe(1);
      for (let i = 0; i < 40 && frames.length; i++) frame();
      expect(frames.length).toBe(0);
      // Redrawn with the same target between frames (a pass that ran in a task: a deferred or finishing one) while
      // the page scrolls: the next frame measures the ring, not a task after it (that frame would show it a scroll
      // step behind).
      o.show(view({ target: box, text: 'Untick 2 boxes.' }));
      document.dispatchEvent(new Event('scroll'));
      measured.mockClear();
      frame();
      expect(measured).toHaveBeenCalled();
      run((t) => t.ms === 0);
      for (let i = 0; i < 40 && frames.length; i++) frame();
      expect(frames.length).toBe(0);
      // A page change has it measure once, after the frame; nothing moved, so it does not follow frame by frame.
      o.pageChanged();
      expect(frames.length).toBe(1);
      measured.mockClear();
      frame();
      expect(measured).not.toHaveBeenCalled();
      run((t) => t.ms === 0);
      expect(measured).toHaveBeenCalledTimes(1);
      expect(frames.length).toBe(0);
      expect(tasks.filter((t) => t.ms === 1000).length).toBe(1);
      // The page change moved the target: it follows (frames asked for) until it keeps still again.
      o.pageChanged();
      frame();
      box.style.marginTop = '40px';
      measured.mockReturnValue(new DOMRect(0, 40, 13, 13));
      run((t) => t.ms === 0);
      expect(frames.length).toBe(1);
      measured.mockRestore();
      o.destroy();
      measured.mockClear();
      document.dispatchEvent(new Event('scroll'));
      frame();
      expect(measured).not.toHaveBeenCalled(); // destroyed: nothing listens
    } finally {
      raf.mockRestore();
      cancel.mockRestore();
      timeout.mockRestore();
      clear.mockRestore();
    }
  });

  it('destroy removes what it added to the document and the window', () => {
    const add = vi.spyOn(document, 'addEventListener');
    const remove = vi.spyOn(document, 'removeEventListener');
    const addWin = vi.spyOn(window, 'addEventListener');
    const { o } = mount(view());
    const calls = [...add.mock.calls, ...addWin.mock.calls];
    expect(calls.map((c) => c[0])).toEqual(expect.arrayContaining(['toggle', 'close', 'focusin', 'scroll', 'transitionrun']));
    o.destroy();
    const removed = remove.mock.calls.map((c) => c[0]);
    // Each one removed, or added with a signal that destroy aborted.
    for (const [type, , opts] of calls) expect((opts as AddEventListenerOptions | undefined)?.signal?.aborted || removed.includes(type), type).toBe(true);
    addWin.mockRestore();
    expect([...document.documentElement.children].some((e) => e.localName.startsWith('keyhole-'))).toBe(false);
    add.mockRestore();
    remove.mockRestore();
  });
});

describe('labels and names in the page’s casing', () => {
  it('finds a <label for>, and the row header of a box in a nested CRUD table; names keep the page’s casing', () => {
    document.body.innerHTML = `<table><tr><td class="labelCol"><label for="p1">Modify All Data</label></td><td><input type="checkbox" id="p1"></td></tr></table>
      <table><tr><th class="labelCol">Accounts</th><td class="dataCol"><table><tr><td><input type="checkbox" title="Read Accounts"></td><td><input type="checkbox" title="Edit Accounts" id="e"></td></tr></table></td></tr></table>`;
    const p1 = document.getElementById('p1')!;
    expect(labelElementOf(p1)!.textContent).toBe('Modify All Data');
    expect(labelElementOf(document.getElementById('e')!)!.textContent).toBe('Accounts');
    // The index keeps each name as the page writes it (what the card and the checklist show), beside the name
    // normalised for matching.
    const check = { id: 'c', title: 't', groups: [{ id: 'g', label: 'g' }], required: [], forbidden: [], defaultReviewReason: 'extra', save: { role: 'button', name: 'Save' } } as unknown as PermissionCheck;
    const index = new CheckboxIndex(check, document);
    while (!index.refreshSlice().done);
    const labels = [...index.items.values()].map((i) => [i.name, i.label]);
    expect(labels).toContainEqual(['modify all data', 'Modify All Data']);
    expect(labels).toContainEqual(['edit accounts', 'Edit Accounts']);
  });

  it('page kind: the same for steps on the same page, different for another page', () => {
    const a = { id: 'a', page: { url: { path: '/e' } } };
    const b = { id: 'b', page: { url: { path: '/e' } } };
    const c = { id: 'c', page: { url: { path: '/list' } } };
    const kind = (s: unknown) => pageKindOf(s as Parameters<typeof pageKindOf>[0]);
    expect(kind(a)).toBe(kind(b));
    expect(kind(a)).not.toBe(kind(c));
    expect(kind(undefined)).toBe('');
  });
});

describe('over a page’s modal dialog (re-homing the host)', () => {
  // happy-dom has no top layer and no `:modal`: the test plays the browser. showPopover/hidePopover are recorded,
  // and `isModal` (the seam the overlay takes) says which dialogs were opened with showModal().
  const modal = new WeakSet<Element>();
  const shown: Element[] = [];
  type Pop = { showPopover?: () => void; hidePopover?: () => void };
  const proto = HTMLElement.prototype as unknown as Pop;
  const hadShow = typeof proto.showPopover === 'function';
  beforeEach(() => {
    shown.length = 0;
    if (!hadShow) {
      proto.showPopover = function (this: HTMLElement) {
        shown.push(this);
      };
      proto.hidePopover = function () {};
    }
  });
  afterEach(() => {
    if (!hadShow) {
      delete proto.showPopover;
      delete proto.hidePopover;
    }
  });
  const isModal = (el: Element) => (el as HTMLDialogElement).open && modal.has(el);
  const flush = () => new Promise((r) => setTimeout(r, 0));
  const openModal = (d: HTMLDialogElement) => {
    modal.add(d);
    d.showModal();
  };
  // This test's own host (overlays other tests left alive come back when a dialog opens: that is their job).
  let host: Element;
  const hostOf = () => (host.isConnected ? host : undefined)!;
  function mountIn() {
    const o = new Overlay(document, { prefs: memoryPrefs(), isModal });
    o.show(view());
    const root = roots.at(-1)!;
    host = root.host;
    return { o, root };
  }
  function dialog(id = 'd') {
    const d = document.createElement('dialog');
    d.id = id;
    d.append(Object.assign(document.createElement('button'), { textContent: 'OK' }));
    document.body.append(d);
    return d;
  }

  it('moves into the modal dialog when it opens, re-shown in the top layer above it, and back when it closes', async () => {
    const { o } = mountIn();
    expect(hostOf().parentElement).toBe(document.documentElement);
    const d = dialog();
    const attrs = () => [...d.attributes].map((a) => `${a.name}=${a.value}`).join(' ');
    openModal(d);
    const before = attrs();
    await flush();
    expect(hostOf().parentElement).toBe(d);
    expect(shown.at(-1)).toBe(hostOf()); // shown again after the move (a move takes it out of the top layer)
    expect(d.lastElementChild).toBe(hostOf());
    expect(attrs()).toBe(before); // the page's dialog itself is untouched
    d.close();
    await flush();
    expect(hostOf().parentElement).toBe(document.documentElement);
    expect([...d.children].some((c) => c.localName.startsWith('keyhole-'))).toBe(false);
    o.destroy();
  });

  it('a non-modal dialog (show()) is left alone; nested modal dialogs: the last opened is home', async () => {
    const { o } = mountIn();
    const plain = dialog('plain');
    plain.show();
    await flush();
    expect(hostOf().parentElement).toBe(document.documentElement);
    const a = dialog('a');
    const b = dialog('b');
    openModal(b);
    await flush();
    openModal(a); // earlier in document order, but opened last: on top
    await flush();
    expect(hostOf().parentElement).toBe(a);
    a.close();
    await flush();
    expect(hostOf().parentElement).toBe(b);
    b.close();
    await flush();
    expect(hostOf().parentElement).toBe(document.documentElement);
    o.destroy();
  });

  it('a dialog removed by the page while the host is in it: the host is back under <html> before the next task', async () => {
    const { o } = mountIn();
    const wrap = document.createElement('div');
    document.body.append(wrap);
    const d = dialog();
    wrap.append(d);
    openModal(d);
    await flush();
    expect(hostOf().parentElement).toBe(d);
    wrap.remove(); // an ancestor goes, the dialog and our host with it
    await flush();
    expect(hostOf()?.parentElement).toBe(document.documentElement);
    expect(shown.at(-1)).toBe(hostOf());
    o.destroy();
  });

  it('a modal dialog inside an open shadow root (no observer sees it): found when focus moves into it, and left', async () => {
    const { o } = mountIn();
    const widget = document.createElement('div');
    document.body.append(widget, Object.assign(document.createElement('button'), { id: 'outside', textContent: 'Outside' }));
    const sr = widget.attachShadow({ mode: 'open' });
    const d = document.createElement('dialog');
    const ok = document.createElement('button');
    ok.textContent = 'OK';
    d.append(ok);
    sr.append(d);
    openModal(d);
    ok.focus();
    await flush();
    expect(hostOf().parentElement).toBe(d);
    d.close();
    (document.getElementById('outside') as HTMLButtonElement).focus(); // the browser gives focus back on close
    await flush();
    expect(hostOf().parentElement).toBe(document.documentElement);
    o.destroy();
  });

  it('shown again (shortcut, or the agent) while a modal dialog is open: straight into the dialog', async () => {
    const { o } = mountIn();
    const d = dialog();
    o.command('toggle-overlay');
    expect(hostOf()).toBeUndefined();
    openModal(d);
    await flush();
    expect(hostOf()).toBeUndefined(); // hidden by the admin: nothing comes back
    o.command('toggle-overlay');
    expect(hostOf().parentElement).toBe(d);
    o.destroy();
  });

  it('the card’s clicks and keys stay in the card: the page’s bubbling handlers (its dialog’s, the document’s) never see them', async () => {
    const { o, root } = mountIn();
    const d = dialog();
    const seen: string[] = [];
    const listeners: Array<() => void> = [];
    for (const t of ['click', 'keydown', 'pointerdown']) {
      const onD = () => seen.push(`dialog ${t}`);
      const onDoc = () => seen.push(`document ${t}`);
      d.addEventListener(t, onD);
      document.addEventListener(t, onDoc);
      listeners.push(() => document.removeEventListener(t, onDoc));
    }
    openModal(d);
    await flush();
    const toggle = root.querySelector('button.toggle') as HTMLButtonElement;
    toggle.dispatchEvent(new Event('pointerdown', { bubbles: true, composed: true }));
    toggle.click();
    toggle.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
    expect(toggle.getAttribute('aria-expanded')).toBe('false'); // the card handled it
    expect(seen).toEqual([]);
    d.querySelector('button')!.click();
    expect(seen).toEqual(['dialog click', 'document click']); // the page's own button still reaches its handlers
    for (const off of listeners) off();
    o.destroy();
  });

  it('destroy stops following dialogs: no observer or listener left behind', async () => {
    // Every observer the overlay makes, and whether it is still observing.
    const Orig = window.MutationObserver;
    const live = new Set<MutationObserver>();
    (window as unknown as { MutationObserver: unknown }).MutationObserver = class extends Orig {
      override observe(target: Node, opts?: MutationObserverInit) {
        live.add(this);
        super.observe(target, opts);
      }
      override disconnect() {
        live.delete(this);
        super.disconnect();
      }
    };
    let o: Overlay;
    try {
      ({ o } = mountIn());
    } finally {
      (window as unknown as { MutationObserver: unknown }).MutationObserver = Orig;
    }
    const inDialog = dialog('in');
    openModal(inDialog);
    await flush();
    expect(hostOf().parentElement).toBe(inDialog); // watching the dialog it is in, too
    expect(live.size).toBeGreaterThanOrEqual(2);
    o.destroy();
    expect(live.size).toBe(0);
    inDialog.close();
    const d = dialog();
    openModal(d);
    await flush();
    d.dispatchEvent(new Event('close'));
    d.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    await flush();
    expect(hostOf()).toBeUndefined();
  });
});
