/**
 * Sends a permission page's findings snapshot to the background: at most one message per 400 ms carrying the
 * latest view (a throttle, not a debounce: a page that mutates all the time must not starve the report), nothing
 * when the view did not change, and a Save at once.
 */
import type { ContentMessage } from '../src/messages.ts';

type FindingsMessage = Extract<ContentMessage, { kind: 'keyhole/findings' }>;

const THROTTLE_MS = 400;

export class FindingsReporter {
  #lastKey = '';
  #timer = 0;
  #pending: { msg: FindingsMessage; key: string } | null = null;

  readonly #win: Window;
  readonly #send: (msg: ContentMessage) => void;

  constructor(win: Window, send: (msg: ContentMessage) => void) {
    this.#win = win;
    this.#send = send;
  }

  report(msg: FindingsMessage): void {
    const key = JSON.stringify(msg.items.map((f) => [f.name, f.verdict]));
    if (msg.saved) {
      this.#cancel();
      this.#lastKey = key;
      this.#send(msg);
      return;
    }
    if (key === this.#lastKey) {
      this.#pending = null;
      return;
    }
    this.#pending = { msg, key };
    if (this.#timer) return;
    this.#timer = this.#win.setTimeout(() => {
      this.#timer = 0;
      const pending = this.#pending;
      this.#pending = null;
      if (!pending) return;
      this.#lastKey = pending.key;
      this.#send(pending.msg);
    }, THROTTLE_MS);
  }

  /** A new visit starts from nothing: send the view still waiting for the throttle (it was seen), then forget. */
  forget(): void {
    const pending = this.#pending;
    this.#cancel();
    this.#lastKey = '';
    if (pending) this.#send(pending.msg);
  }

  #cancel(): void {
    this.#win.clearTimeout(this.#timer);
    this.#timer = 0;
    this.#pending = null;
  }
}
