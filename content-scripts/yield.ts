/**
 * Giving the main thread back to the page between slices of Keyhole's work: `scheduler.yield()` where the browser
 * has it (Chromium 129+: the continuation keeps its place ahead of other tasks, and input and rendering can run in
 * between), else a macrotask posted through a MessageChannel (not clamped like nested timers), else a timer.
 */
export type YieldToPage = () => Promise<void>;

export function yielder(win: Window): YieldToPage {
  const scheduler = (win as Window & { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler && typeof scheduler.yield === 'function') return () => scheduler.yield!();
  const MC = (win as Window & { MessageChannel?: typeof MessageChannel }).MessageChannel;
  if (typeof MC === 'function') {
    return () =>
      new Promise<void>((resolve) => {
        const ch = new MC();
        ch.port1.onmessage = () => {
          ch.port1.close();
          resolve();
        };
        ch.port2.postMessage(null);
      });
  }
  return () => new Promise<void>((resolve) => win.setTimeout(resolve, 0));
}
