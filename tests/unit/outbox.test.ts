import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Outbox } from '../../content-scripts/outbox.ts';
import type { ContentMessage } from '../../src/messages.ts';

const step = (stepId: string): ContentMessage => ({ kind: 'keyhole/step', playbookId: 'p', stepId, status: 'done', note: '' });
const findings = (checkId: string, at: number): ContentMessage => ({
  kind: 'keyhole/findings',
  playbookId: 'p',
  checkId,
  title: 't',
  stepId: 's',
  saved: false,
  at,
  items: [],
} as unknown as ContentMessage);

/** A worker fake: each call takes the next scripted behaviour (then answers {ok:true}); `stored` is what it wrote. */
function harness(script: Array<'ok' | 'undefined' | 'refuse' | 'fail' | 'drop' | 'hang' | 'invalid'>) {
  const sent: ContentMessage[] = [];
  const stored: ContentMessage[] = [];
  let alive = true;
  const invalidated = vi.fn();
  const box = new Outbox({
    sendMessage: async (msg) => {
      sent.push(msg);
      const b = script.shift() ?? 'ok';
      if (b === 'drop') throw new Error('Could not establish connection. Receiving end does not exist.');
      if (b === 'invalid') {
        alive = false;
        throw new Error('Extension context invalidated.');
      }
      if (b === 'hang') return new Promise(() => {});
      if (b === 'undefined') return undefined;
      if (b === 'refuse') return { ok: false };
      if (b === 'fail') return { ok: false, retry: true };
      stored.push(msg);
      return { ok: true };
    },
    setTimeout: (fn, ms) => setTimeout(fn, ms) as unknown as number,
    clearTimeout: (id) => clearTimeout(id),
    alive: () => alive,
    onInvalidated: invalidated,
  });
  return { box, sent, stored, invalidated };
}

describe('outbox: a message counts only when the worker acknowledges its write', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('re-sends after a dropped send, an unanswered one, an answer without ok, and a failed write', async () => {
    const h = harness(['drop', 'hang', 'undefined', 'fail']);
    h.box.post(step('a'));
    await vi.advanceTimersByTimeAsync(30_000);
    expect(h.sent.length).toBe(5);
    expect(h.stored).toEqual([step('a')]);
    expect(h.box.unacknowledged).toBe(0);
  });

  it('keeps retrying while the worker stays away (no give-up after a few tries), then delivers', async () => {
    const h = harness(Array(12).fill('drop'));
    h.box.post(step('a'));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(h.stored).toEqual([]);
    expect(h.box.unacknowledged).toBe(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.stored).toEqual([step('a')]);
  });

  it('a refusal ({ok:false}) drops the message; later ones still go', async () => {
    const h = harness(['refuse']);
    h.box.post(step('a'));
    h.box.post(step('b'));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(h.sent).toEqual([step('a'), step('b')]);
    expect(h.stored).toEqual([step('b')]);
  });

  it('sends each message at once, without waiting for earlier answers (the page may be left right after)', async () => {
    const h = harness(['hang', 'hang']);
    h.box.post(step('a'));
    h.box.post(step('b'));
    h.box.post(step('c'));
    // No time has passed: all three are already with the browser, in order.
    expect(h.sent).toEqual([step('a'), step('b'), step('c')]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(h.stored.map((m) => (m.kind === 'keyhole/step' ? m.stepId : m.kind)).sort()).toEqual(['a', 'b', 'c']);
    expect(h.box.unacknowledged).toBe(0);
  });

  it('after a failure, later messages wait for the retry pass and go in queue order; a newer snapshot replaces a queued one', async () => {
    const h = harness(['drop']);
    h.box.post(step('a'));
    await vi.advanceTimersByTimeAsync(1);
    h.box.post(findings('c1', 1));
    h.box.post(findings('c2', 2));
    h.box.post(findings('c1', 3));
    expect(h.sent).toEqual([step('a')]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(h.stored.map((m) => (m.kind === 'keyhole/findings' ? `${m.checkId}@${m.at}` : m.kind === 'keyhole/step' ? m.stepId : m.kind))).toEqual(['a', 'c1@3', 'c2@2']);
  });

  it('a snapshot replaced while in flight is followed by the newer one', async () => {
    const h = harness(['hang']);
    h.box.post(findings('c1', 1));
    await vi.advanceTimersByTimeAsync(10);
    h.box.post(findings('c1', 2));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(h.stored.map((m) => (m.kind === 'keyhole/findings' ? m.at : 0))).toEqual([2]);
  });

  it('"Extension context invalidated" ends the outbox and tells its owner once', async () => {
    const h = harness(['invalid']);
    h.box.post(step('a'));
    h.box.post(step('b'));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(h.invalidated).toHaveBeenCalledTimes(1);
    expect(h.box.unacknowledged).toBe(0);
    const n = h.sent.length;
    h.box.post(step('c'));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(h.sent.length).toBe(n);
  });
});
