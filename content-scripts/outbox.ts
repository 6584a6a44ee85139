/**
 * Messages from the content script to the worker that must not be lost (step reports, findings snapshots).
 *
 * An MV3 worker can stop at any moment, also between receiving a message and writing storage. So a message counts
 * as delivered only when the worker answers `{ ok: true }`, which it does after its storage write has resolved.
 *
 * Each message is sent the moment it is posted, without waiting for the answers to earlier ones: the page may be
 * left (the admin clicks Save, the console navigates) a few milliseconds after the admin's last action, and a
 * message still waiting in this page's memory then would be lost with it. The browser delivers messages from one
 * frame in order and the worker writes them in arrival order (background/store.ts), so in the normal case the
 * order holds. A message that fails (an unanswered send, a dropped one, "receiving end does not exist", a closed
 * channel, `{ ok: false, retry: true }`) stays queued and is sent again, in queue order, after a growing pause
 * (capped), for as long as the page lives. A re-sent message can then land after a newer one; that is harmless
 * because every message carries its observation time and the worker never lets an older observation replace a
 * newer one (src/progress/state.ts). A plain `{ ok: false }` is the worker refusing the message (another playbook
 * is active…) and drops it. A newer findings snapshot for the same check replaces a queued older one.
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

interface Entry {
  msg: ContentMessage;
  key: string | null;
  /** The message (this exact object) is on its way; no second copy is sent until it is answered. */
  inFlight: ContentMessage | null;
}

export class Outbox {
  readonly #queue: Entry[] = [];
  #closed = false;
  #failures = 0;
  #retryTimer = 0;
  #retryDue = false;

  readonly #deps: OutboxDeps;

  constructor(deps: OutboxDeps) {
    this.#deps = deps;
  }

  /** Queue a message and send it at once. */
  post(msg: ContentMessage): void {
    if (this.#closed) return;
    const key = keyOf(msg);
    const queued = key === null ? undefined : this.#queue.find((e) => e.key === key);
    if (queued) queued.msg = msg;
    const entry = queued ?? { msg, key, inFlight: null };
    if (!queued) this.#queue.push(entry);
    // While an earlier message waits for its retry, keep the queue's order: this one goes with the next pass.
    if (!this.#retryDue) this.#send(entry);
  }

  /** Messages not yet acknowledged (for tests and diagnostics). */
  get unacknowledged(): number {
    return this.#queue.length;
  }

  /** Send what is queued now instead of after the current pause (e.g. the tab became visible again). */
  nudge(): void {
    if (!this.#retryDue || this.#closed) return;
    this.#deps.clearTimeout(this.#retryTimer);
    this.#resendAll();
  }

  close(): void {
    this.#closed = true;
    this.#queue.length = 0;
    this.#deps.clearTimeout(this.#retryTimer);
    this.#retryDue = false;
  }

  #send(entry: Entry): void {
    if (this.#closed || entry.inFlight) return;
    const sent = entry.msg;
    entry.inFlight = sent;
    void this.#deliver(sent).then((outcome) => {
      entry.inFlight = null;
      if (this.#closed) return;
      if (outcome === 'invalidated') {
        this.close();
        this.#deps.onInvalidated();
        return;
      }
      if (outcome === 'retry') return this.#scheduleRetry();
      this.#failures = 0;
      // Delivered (or refused for good). If a newer snapshot replaced it meanwhile, send that one too.
      if (entry.msg !== sent) return this.#retryDue ? undefined : this.#send(entry);
      const i = this.#queue.indexOf(entry);
      if (i >= 0) this.#queue.splice(i, 1);
    });
  }

  #scheduleRetry(): void {
    if (this.#retryDue) return;
    this.#retryDue = true;
    const pause = Math.min(MAX_PAUSE_MS, FIRST_PAUSE_MS * 2 ** this.#failures++);
    this.#retryTimer = this.#deps.setTimeout(() => this.#resendAll(), pause);
  }

  #resendAll(): void {
    this.#retryDue = false;
    for (const e of [...this.#queue]) this.#send(e);
  }

  async #deliver(msg: ContentMessage): Promise<Outcome> {
    if (!this.#deps.alive()) return 'invalidated';
    let timer = 0;
    try {
      const unanswered = new Promise<'timeout'>((res) => {
        timer = this.#deps.setTimeout(() => res('timeout'), ANSWER_TIMEOUT_MS);
      });
      const reply = await Promise.race([this.#deps.sendMessage(msg), unanswered]);
      if (reply === 'timeout') return 'retry';
      const r = reply as { ok?: unknown; retry?: unknown } | undefined;
      if (r?.ok === true) return 'ok';
      // No answer object at all: no listener of ours handled it (a worker that was stopping). Send again.
      if (!r || typeof r !== 'object' || r.retry === true) return 'retry';
      return 'refused';
    } catch (e) {
      return isInvalidated(e) || !this.#deps.alive() ? 'invalidated' : 'retry';
    } finally {
      this.#deps.clearTimeout(timer);
    }
  }
}
