/**
 * Giving the main thread back to the page between slices of Keyhole's work: `scheduler.yield()` where the browser
 * has it (Chromium 129+: the continuation keeps its place ahead of other tasks, and input and rendering can run in
 * between), else a macrotask through a timer. (No MessageChannel: content scripts listen to no message events, see
 * tests/unit/security-static.test.ts.)
 */
export type YieldToPage = () => Promise<void>;

export function yielder(win: Window): YieldToPage {
  const scheduler = (win as Window & { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler && typeof scheduler.yield === 'function') return () => scheduler.yield!();
  return () => new Promise<void>((resolve) => win.setTimeout(resolve, 0));
}
