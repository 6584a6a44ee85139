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
import { apply, migrateWithReport, runViews, type Event, type State } from '../src/progress/state.ts';
import { tenantOfHost } from '../src/consoles/hosts.ts';
import { revokeDone, revokeStarted } from '../src/progress/view.ts';
import { guideDataFor } from './publish-guide.ts'; // issue 13: catalogs and overlay styles, published beside it

let queue: Promise<unknown> = Promise.resolve();

/** A plain record (what storage should hold under a key); anything else counts as damaged. */
export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export async function readState(): Promise<State> {
  return (await readStored()).state;
}

/** The stored state, migrated; `damaged` holds the raw value when migration had to drop something from it. */
async function readStored(): Promise<{ state: State; damaged: unknown }> {
  const got = await browser.storage.local.get(STORAGE.state);
  const raw = got[STORAGE.state];
  const { state, dropped } = migrateWithReport(raw, tenantOfHost);
  return { state, damaged: dropped.length ? raw : undefined };
}

/** storage.local key holding the last damaged state as it was found (support can recover from it; never exported). */
export const DAMAGED_KEY = 'keyhole.state.damaged';

/** Delays between attempts of a failed write (quota, storage busy); then the events wait for the next write. */
export const WRITE_RETRY_MS = [100, 500, 2_000];

export interface WriteFailure {
  /** When the first write failed, and the browser's reason. */
  since: number;
  error: string;
  /** Changes not saved yet (kept in memory and written with the next successful write). */
  pending: number;
}

/** Events whose write failed: applied again, in order, before the next ones, so no change is dropped. */
let pending: Event[] = [];
let failure: WriteFailure | null = null;
let retryTimer: ReturnType<typeof setTimeout> | null = null;

/** The current write failure, if any (the popup shows it; content scripts get `{ ok: false, retry: true }` and send again). */
export function writeFailure(): WriteFailure | null {
  return failure ? { ...failure, pending: pending.length } : null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function setWithRetry(items: Record<string, unknown>): Promise<void> {
  let last: unknown;
  for (let i = 0; i <= WRITE_RETRY_MS.length; i++) {
    try {
      await browser.storage.local.set(items);
      return;
    } catch (e) {
      last = e;
      if (i < WRITE_RETRY_MS.length) await sleep(WRITE_RETRY_MS[i]);
    }
  }
  throw last;
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

/**
 * Apply events in order; `after` may derive more changes from the new state before it is written. A write that
 * fails is retried (WRITE_RETRY_MS); if it still fails, the stored state is left exactly as it was (one `set` of
 * the whole state, never a partial or emptier one), the events are kept and applied again before the next write,
 * a timer tries again, and the failure is reported (writeFailure()) until a write succeeds. The promise rejects,
 * so the sender knows its change is not saved yet.
 */
export function update(events: Event[], after?: (s: State) => State): Promise<State> {
  const job = queue.then(async () => {
    const { state: before, damaged } = await readStored();
    const all = [...pending, ...events];
    let next = before;
    for (const e of all) next = apply(next, e);
    if (after) next = after(next);
    if (next !== before || damaged !== undefined) {
      const items: Record<string, unknown> = { [STORAGE.state]: next };
      // The damaged original is set aside in the same write that replaces it, so nothing stored is lost.
      if (damaged !== undefined) items[DAMAGED_KEY] = damaged;
      try {
        await setWithRetry(items);
      } catch (e) {
        pending = all;
        failure = { since: failure?.since ?? Date.now(), error: e instanceof Error ? e.message : String(e), pending: all.length };
        scheduleRetry();
        throw new Error(`storage: ${failure.error}`);
      }
      if (failure) {
        const recovered = failure;
        failure = null;
        pending = [];
        // Tell the admin once the changes made it: they were not lost, only late.
        const note = `Keyhole could not save your progress for a while (${recovered.error}); every change was kept and has now been saved.`;
        const withNote = { ...next, notice: next.notice ? `${next.notice} ${note}` : note };
        try {
          await browser.storage.local.set({ [STORAGE.state]: withNote });
          next = withNote;
        } catch {
          /* the progress itself is saved; the note is a courtesy */
        }
      }
    } else {
      pending = [];
    }
    return next;
  });
  queue = job.catch(() => undefined);
  return job;
}

function scheduleRetry(): void {
  if (retryTimer) return;
  retryTimer = setTimeout(() => {
    retryTimer = null;
    if (pending.length) update([]).catch(() => undefined);
  }, WRITE_RETRY_MS[WRITE_RETRY_MS.length - 1] * 2);
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
    guidePublished = '';
    await browser.storage.local.remove([STORAGE.active, STORAGE.guide]);
    return;
  }
  const active: ActivePlaybook = {
    playbook: instantiate(pb, { ...defaultParams(pb), ...run.params }),
    startedAt: run.startedAt,
    // Guide only the revoke steps once access is revoked on every tenant the run has been on.
    revoked: runViews(run).every((view) => revokeDone(pb, view)),
    // Revoking has started once it was started from the popup/reminder (per run) or on any tenant.
    revoking: runViews(run).some((view) => revokeStarted(pb, view)),
    // Identities are per run: the same objects on every tenant.
    identities: run.identities ?? {},
    others: run.others ?? {},
  };
  // One write for both: a content script that sees the new run also finds its guide data. The guide data (~375 kB
  // for Salesforce) is written again only for another run (or once after the worker restarts).
  const guide = guideDataFor(active);
  const fresh = guide.for !== guidePublished;
  await browser.storage.local.set({ [STORAGE.active]: active, ...(fresh ? { [STORAGE.guide]: guide } : {}) });
  guidePublished = guide.for;
}

/** The run whose guide data this worker last published ('' until it has). */
let guidePublished = '';
