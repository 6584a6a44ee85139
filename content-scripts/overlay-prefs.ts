/**
 * The card's collapse state and position, remembered per page kind (e.g. "Salesforce profile edit"). Kept in the
 * extension's storage.local under one small key, never in the vendor page's storage. At most MAX_KINDS entries;
 * the least recently used go first.
 */
import { api } from './extension-api.ts';

const UI_KEY = 'keyhole.ui';
const MAX_KINDS = 24;

export interface PagePrefs {
  collapsed?: boolean;
  /** Where the admin dragged the card, as fractions of the free room (0 = left/top edge, 1 = right/bottom). */
  pos?: { fx: number; fy: number };
  /** Last use, for trimming. */
  at?: number;
}

export interface PrefStore {
  get(kind: string): PagePrefs | undefined;
  set(kind: string, prefs: PagePrefs): void;
  /** Resolves once stored prefs have been read (at once for the memory store). */
  ready: Promise<void>;
}

type Stored = Record<string, PagePrefs>;

function clean(raw: unknown): Stored {
  const out: Stored = {};
  if (typeof raw !== 'object' || raw === null) return out;
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (k.length > 80 || typeof v !== 'object' || v === null) continue;
    const p = v as Record<string, unknown>;
    const pos = p.pos as { fx?: unknown; fy?: unknown } | undefined;
    const okPos = pos && typeof pos.fx === 'number' && typeof pos.fy === 'number' && pos.fx >= 0 && pos.fx <= 1 && pos.fy >= 0 && pos.fy <= 1;
    out[k] = {
      ...(typeof p.collapsed === 'boolean' ? { collapsed: p.collapsed } : {}),
      ...(okPos ? { pos: { fx: pos!.fx as number, fy: pos!.fy as number } } : {}),
      ...(typeof p.at === 'number' ? { at: p.at } : {}),
    };
  }
  return out;
}

function trim(all: Stored, max = MAX_KINDS): Stored {
  const entries = Object.entries(all).sort((a, b) => (b[1].at ?? 0) - (a[1].at ?? 0));
  return Object.fromEntries(entries.slice(0, max));
}

export function memoryPrefs(initial: Stored = {}): PrefStore {
  const all: Stored = { ...initial };
  return {
    get: (k) => all[k],
    set: (k, p) => {
      all[k] = { ...p, at: Date.now() };
    },
    ready: Promise.resolve(),
  };
}

let shared: PrefStore | null = null;

/** One store per frame, backed by storage.local (memory only where the extension API is missing, e.g. unit tests). */
export function extensionPrefs(): PrefStore {
  if (shared) return shared;
  const local = api?.storage?.local;
  if (!local) return (shared = memoryPrefs());
  let all: Stored = {};
  let timer: ReturnType<typeof setTimeout> | null = null;
  const ready = local
    .get(UI_KEY)
    .then((got) => {
      all = { ...clean(got[UI_KEY]), ...all };
    })
    .catch(() => {});
  shared = {
    get: (k) => all[k],
    set: (k, p) => {
      all = trim({ ...all, [k]: { ...p, at: Date.now() } });
      if (timer) clearTimeout(timer);
      // One write per burst (a drag ends, a toggle): storage is not written while the admin moves the card.
      timer = setTimeout(() => {
        timer = null;
        void ready.then(() => local.set({ [UI_KEY]: all })).catch(() => {});
      }, 300);
    },
    ready,
  };
  return shared;
}
