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
  /** The latest view not sent yet. Compared with the last one sent only when the throttle lets it go: on a busy page
   * a pass may report every frame, and the comparison (thousands of items) is then made once per throttle period. */
  #pending: FindingsMessage | null = null;

  readonly #win: Window;
  readonly #send: (msg: ContentMessage) => void;

  constructor(win: Window, send: (msg: ContentMessage) => void) {
    this.#win = win;
    this.#send = send;
  }

  /** A Save at once (always sent: it is evidence); any other view when the throttle lets it go. */
  report(msg: FindingsMessage): void {
    this.#pending = msg;
    if (msg.saved) this.#flush(true);
    else this.#timer ||= this.#win.setTimeout(() => this.#flush(), THROTTLE_MS);
  }

  /** A new visit starts from nothing: send the view still waiting for the throttle (it was seen), then forget. */
  forget(): void {
    this.#flush();
    this.#lastKey = '';
  }

  /** Send the pending view (unless it is the one sent last and not a Save); the throttle starts again. */
  #flush(always = false): void {
    this.#win.clearTimeout(this.#timer);
    this.#timer = 0;
    const pending = this.#pending;
    this.#pending = null;
    if (!pending) return;
    const key = keyOf(pending);
    if (!always && key === this.#lastKey) return;
    this.#lastKey = key;
    this.#send(pending);
  }
}

/** What a view says: each item's name and verdict, in order. */
const keyOf = (msg: FindingsMessage): string => JSON.stringify(msg.items.map((f) => [f.name, f.verdict]));
