/**
 * The single writer of progress state. Every change is an event applied by the pure reducer, one at a
 * time, read-modify-write against storage.local; so concurrent tabs and the popup never lose writes, and a
 * restarted worker resumes from storage with nothing held in memory.
 */
import browser from 'webextension-polyfill';
import { STORAGE } from '../src/messages.ts';
import { apply, migrate, type Event, type State } from '../src/progress/state.ts';

let queue: Promise<unknown> = Promise.resolve();

export async function readState(): Promise<State> {
  const got = await browser.storage.local.get(STORAGE.state);
  return migrate(got[STORAGE.state]);
}

/**
 * Run a read-modify-write of any other storage key (imported playbooks, reminder bookkeeping) in the same
 * queue as progress updates, so two pages acting at once never lose each other's write.
 */
export function exclusive<T>(job: () => Promise<T>): Promise<T> {
  const run = queue.then(job);
  queue = run.catch(() => undefined);
  return run;
}

/** Apply events in order; `after` may derive more changes from the new state before it is written. */
export function update(events: Event[], after?: (s: State) => State): Promise<State> {
  const job = queue.then(async () => {
    const before = await readState();
    let next = before;
    for (const e of events) next = apply(next, e);
    if (after) next = after(next);
    if (next !== before) await browser.storage.local.set({ [STORAGE.state]: next });
    return next;
  });
  queue = job.catch(() => undefined);
  return job;
}
