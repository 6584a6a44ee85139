// The findings snapshot's throttle (content-scripts/findings-reporter.ts): at most one message per 400 ms with the
// latest view, nothing when the view is the one sent last, a Save at once, and the comparison of thousands of items
// made when the throttle lets a view go, not on every report (a busy page reports every pass).
import { describe, expect, it } from 'vitest';
import { FindingsReporter } from '../../content-scripts/findings-reporter.ts';
import type { ContentMessage } from '../../src/messages.ts';

type Findings = Extract<ContentMessage, { kind: 'keyhole/findings' }>;

function fakeWindow() {
  let timers: Array<{ at: number; fn: () => void; id: number }> = [];
  let now = 0;
  let seq = 0;
  const win = {
    setTimeout: (fn: () => void, ms: number) => (timers.push({ at: now + ms, fn, id: ++seq }), seq),
    clearTimeout: (id: number) => void (timers = timers.filter((t) => t.id !== id)),
  } as unknown as Window;
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      const due = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      timers = timers.filter((t) => t !== due);
      now = due.at;
      due.fn();
    }
    now = end;
  };
  return { win, advance };
}

/** A view of `n` items, the first `ticked` of them forbidden; counts how often its items are read. */
function view(n: number, ticked: number, saved = false) {
  const items = Array.from({ length: n }, (_, i) => ({ name: `perm ${i}`, verdict: i < ticked ? 'forbidden' : 'ok', checked: i < ticked, reason: 'r' }));
  const reads = { n: 0 };
  const msg = { kind: 'keyhole/findings', playbookId: 'p', checkId: 'c', title: 't', stepId: 's', saved, notSeen: [], at: 0 } as unknown as Findings;
  Object.defineProperty(msg, 'items', { get: () => (reads.n++, items), enumerable: true });
  return { msg, reads };
}

describe('findings reporter', () => {
  it('sends the latest view once per throttle period, and compares views only then', () => {
    const { win, advance } = fakeWindow();
    const sent: Findings[] = [];
    const r = new FindingsReporter(win, (m) => sent.push(m as Findings));
    const views = Array.from({ length: 50 }, (_, i) => view(3000, i % 7));
    for (const v of views) {
      r.report(v.msg);
      advance(5); // 50 reports in 250 ms
    }
    expect(sent).toHaveLength(0);
    // No report read its items: 50 comparisons of 3,000 items each were not made.
    expect(views.reduce((s, v) => s + v.reads.n, 0)).toBe(0);
    advance(200);
    expect(sent).toEqual([views[49].msg]);
    expect(views[49].reads.n).toBe(1);
  });

  it('sends nothing when the view is back to the one sent last; a Save at once; a new visit flushes what waits', () => {
    const { win, advance } = fakeWindow();
    const sent: Findings[] = [];
    const r = new FindingsReporter(win, (m) => sent.push(m as Findings));
    r.report(view(10, 1).msg);
    advance(400);
    expect(sent).toHaveLength(1);
    r.report(view(10, 2).msg);
    r.report(view(10, 1).msg); // back to what was sent
    advance(400);
    expect(sent).toHaveLength(1);
    const saved = view(10, 0, true).msg;
    r.report(view(10, 3).msg);
    r.report(saved);
    expect(sent.at(-1)).toBe(saved); // at once, and the waiting view is dropped (the Save is newer)
    advance(400);
    expect(sent).toHaveLength(2);
    const waiting = view(10, 4).msg;
    r.report(waiting);
    r.forget();
    expect(sent.at(-1)).toBe(waiting);
    // After forget, the same view again is news to the next visit.
    r.report(view(10, 4).msg);
    advance(400);
    expect(sent).toHaveLength(4);
  });
});
