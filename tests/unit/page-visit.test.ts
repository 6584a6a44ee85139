// The visit's pass scheduler (content-scripts/page-visit.ts): page-driven passes back off by what Keyhole's work
// cost, the admin's own input never waits. Virtual time: a fake clock, frames and timers run by hand.
import { afterEach, describe, expect, it } from 'vitest';
import { Window } from 'happy-dom';
import { BACKOFF, WorkMeter, adminInputFilter, observePage } from '../../content-scripts/page-visit.ts';

interface Timer {
  at: number;
  fn: () => void;
  id: number;
}

/** A window whose frames (every 16 ms) and timers run only when `advance` moves the virtual clock. */
function virtualWindow() {
  const win = new Window({ url: 'https://acme.my.salesforce.com/00e5g000001AbCd/e' });
  let t = 0;
  let seq = 0;
  let timers: Timer[] = [];
  let frames: Timer[] = [];
  const w = win as unknown as globalThis.Window & Record<string, unknown>;
  w.setTimeout = ((fn: () => void, ms = 0) => {
    timers.push({ at: t + Math.max(0, ms), fn, id: ++seq });
    return seq;
  }) as unknown as typeof setTimeout;
  w.clearTimeout = ((id: number) => {
    timers = timers.filter((x) => x.id !== id);
  }) as typeof clearTimeout;
  w.requestAnimationFrame = ((fn: () => void) => {
    frames.push({ at: Math.floor(t / 16) * 16 + 16, fn, id: ++seq });
    return seq;
  }) as unknown as typeof requestAnimationFrame;
  w.cancelAnimationFrame = ((id: number) => {
    frames = frames.filter((x) => x.id !== id);
  }) as typeof cancelAnimationFrame;
  const clock = {
    now: () => t,
    /** True while a frame callback runs (false in a timer task). */
    inFrame: false,
    /** Spend ms of Keyhole's time (inside a pass). */
    spend: (ms: number) => {
      t += ms;
    },
    /** Run every frame and timer due up to now + ms, in time order. */
    async advance(ms: number) {
      const end = t + ms;
      for (;;) {
        await new Promise((r) => setImmediate(r)); // mutation records are delivered
        const due = [...timers, ...frames].filter((x) => x.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
        if (!due) break;
        const isFrame = frames.includes(due);
        timers = timers.filter((x) => x !== due);
        frames = frames.filter((x) => x !== due);
        t = Math.max(t, due.at);
        clock.inFrame = isFrame;
        try {
          due.fn();
        } finally {
          clock.inFrame = false;
        }
      }
      t = end;
    },
  };
  return { win, doc: win.document as unknown as Document, clock };
}

let close: (() => void) | null = null;
afterEach(() => close?.());

/** A virtual window for one visit, its meter, and the signal that ends the visit (aborted after each test). */
function visit() {
  const { win, doc, clock } = virtualWindow();
  const life = new AbortController();
  close = () => {
    life.abort();
    win.close();
  };
  return { win, doc, clock, signal: life.signal, meter: new WorkMeter(clock.now) };
}

/** A page that mutates every `everyMs` for `forMs`, under observePage with passes costing `costMs` each. */
async function busyPage({ costMs, everyMs = 50, forMs = 3000, admin = false, lost = false }: { costMs: number; everyMs?: number; forMs?: number; admin?: boolean; lost?: boolean }) {
  const { win, doc, clock, signal, meter } = visit();
  const passes: number[] = [];
  observePage(
    win as unknown as globalThis.Window,
    {
      evaluate: () => {
        passes.push(clock.now());
        clock.spend(costMs);
      },
      lost: () => lost,
    },
    signal,
    { meter, isAdminInput: () => admin },
  );
  await clock.advance(100); // the first pass
  const first = passes.length;
  for (let at = 0; at < forMs; at += everyMs) {
    const box = doc.createElement('input');
    box.type = 'checkbox';
    doc.body.append(box);
    if (admin) box.dispatchEvent(new (win as unknown as typeof globalThis).Event('click', { bubbles: true }));
    await clock.advance(everyMs);
  }
  return { passes: passes.slice(first), meter, forMs };
}

describe('page visit: the pass scheduler', () => {
  it('runs one pass per frame while passes are cheap', async () => {
    const { passes } = await busyPage({ costMs: 0.1, forMs: 1000 });
    // One mutation every 50 ms; a 0.1 ms pass waits 4 ms: every mutation gets its pass.
    expect(passes.length).toBeGreaterThanOrEqual(19);
  });

  it('backs off page-driven passes by what they cost: Keyhole stays near 1/factor of a page that never stops', async () => {
    const { passes, forMs } = await busyPage({ costMs: 10 });
    // 10 ms passes on a page that changes every 50 ms: Keyhole earns 1 ms per 40 ms, so about 3 s / 400 ms passes
    // (plus the saved burst) instead of 60.
    expect(passes.length * 10).toBeLessThanOrEqual(forMs / BACKOFF.factor + BACKOFF.burstMs + 10);
    expect(passes.length).toBeGreaterThanOrEqual(5); // still follows the page
  });

  it('a pass that waited for the budget runs in a task after a frame (the page laid out), never in the frame', async () => {
    const { win, doc, clock, signal, meter } = visit();
    const runs: Array<{ at: number; inFrame: boolean }> = [];
    observePage(win as unknown as globalThis.Window, { evaluate: () => (runs.push({ at: clock.now(), inFrame: clock.inFrame }), clock.spend(10)) }, signal, { meter, isAdminInput: () => false });
    await clock.advance(20);
    // The first pass (budget full) in the frame: a page just changed gets its target before it is painted.
    expect(runs).toEqual([{ at: 16, inFrame: true }]);
    for (let i = 0; i < 40; i++) {
      doc.body.append(doc.createElement('div'));
      await clock.advance(50);
    }
    // While the budget lasts, passes run in the frame; once in debt, each waits, and then runs after a frame.
    const gaps = runs.slice(1).map((r, i) => ({ ...r, gap: r.at - runs[i].at }));
    const waited = gaps.filter((r) => r.gap > 100);
    expect(waited.length).toBeGreaterThanOrEqual(3);
    for (const r of waited) expect(r.inFrame, `pass at ${r.at}`).toBe(false);
    // …and the admin's own input still gets its pass in the next frame.
    const admin = visit();
    const adminRuns: boolean[] = [];
    observePage(admin.win as unknown as globalThis.Window, { evaluate: () => (adminRuns.push(admin.clock.inFrame), admin.clock.spend(10)) }, admin.signal, { meter: admin.meter, isAdminInput: () => true });
    for (let i = 0; i < 10; i++) {
      admin.doc.body.dispatchEvent(new (admin.win as unknown as typeof globalThis).Event('click', { bubbles: true }));
      await admin.clock.advance(50);
    }
    expect(adminRuns.length).toBeGreaterThanOrEqual(10);
    expect(adminRuns.every(Boolean)).toBe(true);
  });

  it('a page quiet for a while gets its pass at the next frame: a control that appears is highlighted at once', async () => {
    const { passes } = await busyPage({ costMs: 10, everyMs: 800, forMs: 4000 });
    // 800 ms of quiet earn 20 ms, more than a 10 ms pass costs: every change gets its pass within a frame.
    expect(passes.length).toBe(5);
  });

  it('never defers a page change by more than maxMs, however dear the pass', async () => {
    const { passes } = await busyPage({ costMs: 200, forMs: 4000 });
    const gaps = passes.slice(1).map((p, i) => p - passes[i]);
    expect(gaps.length).toBeGreaterThanOrEqual(2);
    for (const g of gaps) expect(g).toBeLessThanOrEqual(200 + BACKOFF.maxMs + 2 * 16 + 50);
  });

  it('the admin’s own input is never deferred: each click gets its pass at the next frame', async () => {
    const { passes } = await busyPage({ costMs: 10, forMs: 1000, admin: true });
    expect(passes.length).toBeGreaterThanOrEqual(19);
  });

  it('while the guide has lost what it shows (its target left the page), a page change never waits', async () => {
    const { passes } = await busyPage({ costMs: 10, forMs: 1000, lost: true });
    expect(passes.length).toBeGreaterThanOrEqual(19); // as cheap passes: one per change
  });

  it('work charged to the meter after the pass (its slices) extends the back-off', async () => {
    const { win, doc, clock, signal, meter } = visit();
    const passes: number[] = [];
    observePage(win as unknown as globalThis.Window, { evaluate: () => void passes.push(clock.now()) }, signal, { meter, isAdminInput: () => false });
    await clock.advance(20);
    expect(passes.length).toBe(1);
    // The pass queued slices that cost 40 ms in all, charged as they run: 24 ms more than the saved burst.
    for (let i = 0; i < 8; i++) meter.run(() => clock.spend(5));
    doc.body.append(doc.createElement('div'));
    await clock.advance(700);
    expect(passes.length).toBe(1); // in debt: 24 ms × 40 = 960 ms without a page-driven pass
    await clock.advance(400);
    expect(passes.length).toBe(2);
  });
});

describe('page visit: whose changes are they', () => {
  it('the overlay host (keyhole-…) coming, going or restyled asks for no pass; the page’s own changes do', async () => {
    const { win, doc, clock, signal, meter } = visit();
    const passes: number[] = [];
    const changed: MutationRecord[][] = [];
    observePage(win as unknown as globalThis.Window, { evaluate: () => passes.push(clock.now()), changed: (r) => changed.push(r) }, signal, { meter });
    await clock.advance(100); // the first pass
    const first = passes.length;
    const host = doc.createElement('keyhole-3fz9q2ab');
    doc.documentElement.append(host);
    await clock.advance(100);
    host.setAttribute('style', 'display:none');
    await clock.advance(100);
    host.remove();
    await clock.advance(100);
    expect(passes.length - first).toBe(0);
    expect(changed).toEqual([]);
    // The page's own: a row added, a label restyled.
    const row = doc.createElement('div');
    doc.body.append(row);
    await clock.advance(100);
    row.setAttribute('class', 'x');
    await clock.advance(100);
    expect(passes.length - first).toBe(2);
    expect(changed.length).toBe(2);
  });
});

describe('page visit: whose input is it', () => {
  const ev = (type: string, isTrusted: boolean, target: unknown) => ({ type, isTrusted, target }) as unknown as Event;
  const box = { type: 'checkbox' };
  const field = { type: 'text' };

  it('a trusted click and the change after it are the admin’s', () => {
    const f = adminInputFilter();
    expect(f(ev('click', true, box))).toBe(true);
    expect(f(ev('input', true, box))).toBe(true);
    expect(f(ev('change', true, box))).toBe(true);
  });

  it('a script’s click() is not, nor the trusted-looking change the browser fires after it', () => {
    const f = adminInputFilter();
    expect(f(ev('click', false, box))).toBe(false);
    expect(f(ev('input', true, box))).toBe(false);
    expect(f(ev('change', true, box))).toBe(false);
  });

  it('typing is the admin’s; an event a script dispatches is not', () => {
    const f = adminInputFilter();
    expect(f(ev('input', true, field))).toBe(true);
    expect(f(ev('input', false, field))).toBe(false);
  });
});
