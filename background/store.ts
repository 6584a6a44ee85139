/**
 * Storage. The single writer of progress state: every change is an event applied by the pure reducer, one at a
 * time, read-modify-write against storage.local; so concurrent tabs and the popup never lose writes, and a
 * restarted worker resumes from storage with nothing held in memory. Also the playbooks (built-in and imported)
 * and the content scripts' copy of the active one.
 */
import browser from 'webextension-polyfill';
import { STORAGE, type ActivePlaybook } from '../src/messages.ts';
import type { Playbook } from '../src/format/types.ts';
import { allPlaybooks, importedPlaybooks } from '../src/builtins.ts';
import { readPolicy } from './policy.ts'; // issue 12: managed policy
import { withPolicy } from '../src/progress/policy.ts';
import { defaultParams, instantiate } from '../src/core/instantiate.ts';
import { apply, migrate, type Event, type State } from '../src/progress/state.ts';
import { revokeDone, revokeStarted } from '../src/progress/view.ts';
import { withGuideData } from './publish-guide.ts'; // issue 13: catalogs and overlay styles published with it

let queue: Promise<unknown> = Promise.resolve();

/** A plain record (what storage should hold under a key); anything else counts as damaged. */
export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

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

/** Built-in playbooks and the imported ones in storage (checked by the same function the popup uses). */
export async function findPlaybook(id: string): Promise<Playbook | undefined> {
  const got = await browser.storage.local.get(STORAGE.imported);
  // issue 12: policy playbooks added, local imports hidden if IT turned imports off (background/policy.ts)
  return allPlaybooks(withPolicy(importedPlaybooks(got[STORAGE.imported]), await readPolicy())).find((p) => p.id === id);
}

/** Keep the content scripts' copy of the active playbook (parameters filled in) in step with the state. */
export async function publishActive(state: State): Promise<void> {
  const run = state.activeId ? state.runs[state.activeId] : undefined;
  const pb = run ? await findPlaybook(run.playbookId) : undefined;
  if (!run || !pb) {
    await browser.storage.local.remove(STORAGE.active);
    return;
  }
  const active: ActivePlaybook = {
    playbook: instantiate(pb, { ...defaultParams(pb), ...run.params }),
    startedAt: run.startedAt,
    revoked: revokeDone(pb, run),
    revoking: revokeStarted(pb, run),
    identities: run.identities ?? {},
    others: run.others ?? {},
  };
  await browser.storage.local.set({ [STORAGE.active]: withGuideData(active) });
}
