// An in-memory stand-in for the parts of webextension-polyfill the background worker uses, for security and
// fuzz tests that drive the real background/service-worker.ts. storage.local copies values in and out (like
// the real structured clone) and answers after a random number of macrotasks, so read-modify-write races are
// real, not hidden by synchronous fakes.
type Listener = (...args: any[]) => unknown;

export const EXT_ORIGIN = 'chrome-extension://keyholetestid';

function event() {
  const listeners: Listener[] = [];
  return {
    listeners,
    addListener: (l: Listener) => void listeners.push(l),
    removeListener: (l: Listener) => {
      const i = listeners.indexOf(l);
      if (i >= 0) listeners.splice(i, 1);
    },
    hasListener: (l: Listener) => listeners.includes(l),
  };
}

const clone = <T>(v: T): T => (v === undefined ? v : structuredClone(v));
let jitter = true;
const later = () => new Promise<void>((r) => setTimeout(r, jitter ? Math.floor(Math.random() * 3) : 0));

export function createFakeBrowser() {
  const data: Record<string, unknown> = {};
  /** Injected write failures: each `set` asks; an Error it returns is thrown instead of writing (quota, I/O). */
  let failSet: ((items: Record<string, unknown>) => Error | null) | null = null;
  const writes: Array<Record<string, unknown>> = [];
  const alarms = new Map<string, { name: string; scheduledTime: number }>();
  const onChanged = event();
  const browser = {
    runtime: {
      id: 'keyholetestid',
      getURL: (p: string) => `${EXT_ORIGIN}/${p.replace(/^\//, '')}`,
      onMessage: event(),
      onStartup: event(),
      onInstalled: event(),
      openOptionsPage: async () => {},
      /** The popup's messages, delivered as from the popup page. */
      sendMessage: async (message: unknown) => send(message, senders.popup()),
    },
    storage: {
      onChanged,
      local: {
        async get(keys?: string | string[] | null) {
          await later();
          if (keys === null || keys === undefined) return clone(data);
          const list = Array.isArray(keys) ? keys : [keys];
          const out: Record<string, unknown> = {};
          for (const k of list) if (k in data) out[k] = clone(data[k]);
          return out;
        },
        async set(items: Record<string, unknown>) {
          await later();
          const err = failSet?.(items);
          if (err) throw err;
          writes.push(clone(items));
          const changes: Record<string, { oldValue?: unknown; newValue?: unknown }> = {};
          for (const [k, v] of Object.entries(items)) {
            changes[k] = { oldValue: data[k], newValue: clone(v) };
            data[k] = clone(v);
          }
          for (const l of onChanged.listeners) l(changes, 'local');
        },
        async remove(keys: string | string[]) {
          await later();
          for (const k of Array.isArray(keys) ? keys : [keys]) delete data[k];
        },
        async clear() {
          for (const k of Object.keys(data)) delete data[k];
        },
      },
    },
    alarms: {
      onAlarm: event(),
      async get(name: string) {
        return alarms.get(name);
      },
      async getAll() {
        return [...alarms.values()];
      },
      async create(name: string, info: { when: number }) {
        alarms.set(name, { name, scheduledTime: info.when });
      },
      async clear(name: string) {
        return alarms.delete(name);
      },
    },
    notifications: { onClicked: event(), create: async () => '', clear: async () => true },
    tabs: { create: async () => ({}) },
  };
  async function send(message: unknown, sender: Record<string, unknown>): Promise<unknown> {
    for (const l of browser.runtime.onMessage.listeners) {
      const r = l(message, sender);
      if (r !== undefined) return await r;
    }
    return undefined;
  }
  return {
    browser,
    data,
    /** Make storage.local.set fail while `f` returns an Error (null: write). `failWrites(null)` heals storage. */
    failWrites: (f: ((items: Record<string, unknown>) => Error | null) | null) => void (failSet = f),
    writes,
    alarms,
    setJitter: (on: boolean) => void (jitter = on),
    /** Deliver a message the way the runtime does: to every onMessage listener, first answer wins. */
    send,
  };
}

export type FakeBrowser = ReturnType<typeof createFakeBrowser>;

/** Senders as Chrome fills them in. */
export const senders = {
  popup: () => ({ id: 'keyholetestid', url: `${EXT_ORIGIN}/popup/index.html`, origin: EXT_ORIGIN }),
  options: () => ({ id: 'keyholetestid', url: `${EXT_ORIGIN}/popup/options.html`, origin: EXT_ORIGIN, tab: { id: 9, url: `${EXT_ORIGIN}/popup/options.html` } }),
  contentScript: (url: string) => ({ id: 'keyholetestid', url, origin: new URL(url).origin, tab: { id: 3, url }, frameId: 0 }),
  otherExtension: () => ({ id: 'someotherextension', url: 'chrome-extension://someotherextension/bg.js' }),
};
