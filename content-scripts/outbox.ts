/**
 * Messages from the content script to the worker that must not be lost (step reports, findings snapshots).
 *
 * An MV3 worker can stop at any moment, also between receiving a message and writing storage. So a message counts
 * as delivered only when the worker answers `{ ok: true }`, which it does after its storage write has resolved.
 * Until then the message stays queued and is re-sent, one at a time and in order, with a growing pause (capped),
 * for as long as the page lives: an unanswered send, a dropped one ("receiving end does not exist"), a closed
 * channel and `{ ok: false, retry: true }` (the worker failed, e.g. storage) are all retried; a plain
 * `{ ok: false }` is the worker refusing the message (another playbook is active…) and drops it. A newer findings
 * snapshot for the same check replaces a queued older one. Re-sends are harmless: the worker's writes are
 * idempotent and an older observation never replaces a newer one (src/progress/state.ts).
 *
 * "Extension context invalidated" (the extension was updated or reloaded under this page) ends the outbox and
 * calls `onInvalidated`, so the old script can remove everything it added (see main.ts).
 */
import type { ContentMessage } from '../src/messages.ts';

interface OutboxDeps {
  sendMessage(msg: ContentMessage): Promise<unknown>;
  setTimeout(fn: () => void, ms: number): number;
  clearTimeout(id: number): void;
  /** True while this script's extension context is alive (`runtime.id` is defined). */
  alive(): boolean;
  onInvalidated(): void;
}

type Outcome = 'ok' | 'refused' | 'retry' | 'invalidated';

/** A message with no answer after this long is sent again (the first may still land: writes are idempotent). */
const ANSWER_TIMEOUT_MS = 3000;
const FIRST_PAUSE_MS = 250;
const MAX_PAUSE_MS = 4000;

const keyOf = (m: ContentMessage): string | null => (m.kind === 'keyhole/findings' ? `${m.playbookId}\u0000${m.checkId}` : null);

const isInvalidated = (e: unknown): boolean => /context invalidated/i.test(String((e as Error)?.message ?? e));

export class Outbox {
  private readonly queue: Array<{ msg: ContentMessage; key: string | null }> = [];
  private busy = false;
  private closed = false;
  private wake: (() => void) | null = null;
  private sleepTimer = 0;

  constructor(private readonly deps: OutboxDeps) {}

  /** Queue a message; it is sent at once if nothing is ahead of it. */
  post(msg: ContentMessage): void {
    if (this.closed) return;
    const key = keyOf(msg);
    const queued = key === null ? undefined : this.queue.find((e) => e.key === key);
    if (queued) queued.msg = msg;
    else this.queue.push({ msg, key });
    void this.pump();
  }

  /** Messages not yet acknowledged (for tests and diagnostics). */
  get unacknowledged(): number {
    return this.queue.length;
  }

  /** Send what is queued now instead of after the current pause (e.g. the tab became visible again). */
  nudge(): void {
    if (!this.wake) return;
    this.deps.clearTimeout(this.sleepTimer);
    const w = this.wake;
    this.wake = null;
    w();
  }

  close(): void {
    this.closed = true;
    this.queue.length = 0;
    this.nudge();
  }

  private async pump(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    let failures = 0;
    try {
      while (!this.closed && this.queue.length > 0) {
        const head = this.queue[0];
        const sent = head.msg;
        const outcome = await this.deliver(sent);
        if (this.closed) return;
        if (outcome === 'invalidated') {
          this.close();
          this.deps.onInvalidated();
          return;
        }
        if (outcome === 'retry') {
          await this.pause(Math.min(MAX_PAUSE_MS, FIRST_PAUSE_MS * 2 ** failures++));
          continue;
        }
        failures = 0;
        // Delivered (or refused for good). If a newer snapshot replaced it meanwhile, the loop sends that one.
        if (head.msg === sent) this.queue.shift();
      }
    } finally {
      this.busy = false;
    }
  }

  private async deliver(msg: ContentMessage): Promise<Outcome> {
    if (!this.deps.alive()) return 'invalidated';
    let timer = 0;
    try {
      const unanswered = new Promise<'timeout'>((res) => {
        timer = this.deps.setTimeout(() => res('timeout'), ANSWER_TIMEOUT_MS);
      });
      const reply = await Promise.race([this.deps.sendMessage(msg), unanswered]);
      if (reply === 'timeout') return 'retry';
      const r = reply as { ok?: unknown; retry?: unknown } | undefined;
      if (r?.ok === true) return 'ok';
      // No answer object at all: no listener of ours handled it (a worker that was stopping). Send again.
      if (!r || typeof r !== 'object' || r.retry === true) return 'retry';
      return 'refused';
    } catch (e) {
      return isInvalidated(e) || !this.deps.alive() ? 'invalidated' : 'retry';
    } finally {
      this.deps.clearTimeout(timer);
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((res) => {
      this.wake = res;
      this.sleepTimer = this.deps.setTimeout(() => {
        this.wake = null;
        res();
      }, ms);
    });
  }
}
