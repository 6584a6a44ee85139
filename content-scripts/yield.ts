/**
 * Giving the main thread back to the page between slices of Keyhole's work: the next slice is a task of its own,
 * posted with `scheduler.postTask` where the browser has it (Chromium 94+, Firefox 142+; its default priority,
 * 'user-visible': input and rendering run in between), else a timer. The slice runs inside that task's callback,
 * not as a promise continuation: its time is then the callback's, which a performance trace attributes to Keyhole's
 * script. (A `scheduler.yield()` continuation runs in the task's microtask checkpoint, which the trace attributes to
 * no script: the bench did not count the slices until this changed.)
 * (No MessageChannel: content scripts listen to no message events, see tests/unit/security-static.test.ts.)
 */
export type YieldToPage = (next: () => void) => void;

export function yielder(win: Window): YieldToPage {
  const scheduler = (win as Window & { scheduler?: { postTask?: (cb: () => void) => Promise<unknown> } }).scheduler;
  // Default priority ('user-visible'). Its promise rejects only for an aborted task (no signal is given) or a
  // throwing callback (the agent's slice catches).
  if (typeof scheduler?.postTask === 'function') return (next) => void scheduler.postTask!(next);
  return (next) => void win.setTimeout(next, 0);
}
