/**
 * Content-script entry. Inert unless a playbook is active and this frame is on one of its hosts. On a console
 * page the playbook has no step for (a record page, a heavy app screen), it touches nothing and observes nothing:
 * it only listens for same-document URL changes, and starts the guide (agent, locator, validator, overlay) when the
 * URL becomes one of the playbook's pages. The build inlines the guide into this one file (no web-accessible
 * chunk a page could probe for: scripts/vite-content-script.ts).
 */
import { api } from './extension-api.ts';
import { isConsoleHost } from '../src/consoles/hosts.ts';
import { STORAGE, packContentMessage, type ActivePlaybook, type ContentMessage } from '../src/messages.ts';
import { compileRegex } from '../src/core/text.ts';
import { Outbox } from './outbox.ts';
import { Agent } from './agent.ts';
import { watchUrl } from './page-visit.ts';
import { catalogsOf } from '../src/consoles/catalog-data.ts';
import { guideFor, overlayCssOf } from './guide-data.ts';
import { playbookConcernsUrl } from '../src/core/url-match.ts';
import { t, useTexts } from '../src/core/texts.ts';
import type { Playbook } from '../src/format/types.ts';

// The guide's words come from the extension's message catalog (src/core/texts.ts).
useTexts((key, subs) => api.i18n.getMessage(key, subs));

let stopCurrent: (() => void) | null = null;
/** The running guide's agent, and what its active playbook was apart from the objects' records. */
let liveAgent: Agent | null = null;
let liveKey = '';

function appliesHere(active: ActivePlaybook | undefined): active is ActivePlaybook {
  if (!active?.playbook?.steps) return false;
  return active.playbook.app.hosts.some((h) => compileRegex(h)?.test(location.hostname));
}

/** This script's extension context is alive (an update or reload of Keyhole ends it: `runtime.id` goes). */
const alive = (): boolean => {
  try {
    return !!api.runtime?.id;
  } catch {
    return false;
  }
};

const outbox = new Outbox({
  sendMessage: (msg) => api.runtime.sendMessage(packContentMessage(msg)),
  setTimeout: (fn, ms) => window.setTimeout(fn, ms),
  clearTimeout: (id) => window.clearTimeout(id),
  alive,
  onInvalidated: () => retire(),
});
const send = (msg: ContentMessage): void => outbox.post(msg);

let retired = false;
/**
 * Keyhole was updated or reloaded under this page: this script can no longer reach its extension. Remove the
 * overlay, every mark and every observer at once and stay inert. Chrome does not put the new version's content
 * script into open tabs (Keyhole has no `scripting` permission, see SECURITY.md): the page is left as the console
 * served it until the admin reloads it, and then only the new version runs.
 */
function retire(): void {
  if (retired) return;
  retired = true;
  outbox.close();
  stopCurrent?.();
  stopCurrent = null;
  try {
    api.storage.onChanged.removeListener(onStorageChange);
  } catch {
    /* the context is gone with its listeners */
  }
}

/** Load and start the guide. Returns its stop function (callable before the module has loaded). */
function startGuide(playbook: Playbook, active: ActivePlaybook): () => void {
  let stopped = false;
  let stop = () => {
    stopped = true;
  };
  // The guide is imported statically: the build makes one classic script anyway (no chunk to load later), and a
  // static import spares the lazy-module wrappers an inlined import() needs (~0.8 kB gzipped; issue 13's budget).
  // Its modules only define classes and constants at load; nothing touches the DOM until an Agent starts.
  // The first text read loads the message catalog (several ms): in a task of its own, not in the first slice.
  setTimeout(() => t('reading'));
  void Promise.resolve()
    .then(() => api.storage.local.get(STORAGE.guide))
    .then((got) => {
      if (stopped || !alive()) return;
      // The catalogs and the overlay's styles are published beside the playbook (background/publish-guide.ts), read
      // only here, where a guide starts. Another run's data is not used: its checks fail closed (no catalog), and the
      // catalogs that are used are checked field by field.
      const guide = guideFor(got[STORAGE.guide], active);
      const agent = new Agent(playbook, {
        win: window,
        send,
        catalogs: catalogsOf(guide),
        overlayCss: overlayCssOf(guide),
        identities: active.identities ?? {},
        others: active.others ?? {},
      });
      agent.start();
      liveAgent = agent;
      liveKey = keyOf(active);
      // While the guide shows, notice at once when the context ends (a property read, no message), and send
      // what is queued as soon as the tab is back in front.
      const ac = new AbortController();
      const check = () => (alive() ? outbox.nudge() : retire());
      const timer = window.setInterval(() => void (alive() || retire()), 1000);
      ac.signal.addEventListener('abort', () => window.clearInterval(timer));
      addEventListener('focus', check, { signal: ac.signal });
      document.addEventListener('visibilitychange', check, { signal: ac.signal });
      stop = () => {
        ac.abort();
        agent.stop();
        if (liveAgent === agent) liveAgent = null;
      };
    })
    .catch(() => {});
  return () => stop();
}

/** Until the URL concerns the playbook, only watch for same-document URL changes (no DOM work at all: page-visit.ts). */
function waitForRelevantUrl(playbook: Playbook, active: ActivePlaybook): () => void {
  const ac = new AbortController();
  let stopGuide: (() => void) | null = null;
  const check = () => {
    if (stopGuide || !playbookConcernsUrl(playbook, new URL(location.href))) return;
    ac.abort();
    stopGuide = startGuide(playbook, active);
  };
  watchUrl(window, check, ac.signal);
  check();
  return () => {
    ac.abort();
    stopGuide?.();
  };
}

/**
 * Phase order: once access is revoked, only the revoke steps are guided (never back to "create the user"); once
 * revoking has started, revoke steps come first, so they win over grant and notify steps on shared pages.
 */
function guidedPlaybook(active: ActivePlaybook): Playbook {
  const steps = active.playbook.steps;
  if (active.revoked) return { ...active.playbook, steps: steps.filter((s) => s.phase === 'revoke') };
  if (active.revoking) return { ...active.playbook, steps: [...steps.filter((s) => s.phase === 'revoke'), ...steps.filter((s) => s.phase !== 'revoke')] };
  return active.playbook;
}

/** The active playbook apart from the objects' records (compared only where a guide runs: not on every page load). */
const keyOf = (active: ActivePlaybook): string => JSON.stringify({ ...active, identities: 0, others: 0 });

function run(active: ActivePlaybook | undefined): void {
  // Only what Keyhole knows of the playbook's objects changed (an id learned, the admin's answer): the running guide
  // takes it as it is. Restarting would drop and redo every verdict of a 3,000-box page.
  if (liveAgent && active && keyOf(active) === liveKey) return liveAgent.know(active.identities ?? {}, active.others ?? {});
  stopCurrent?.();
  stopCurrent = null;
  if (retired || !appliesHere(active)) return;
  stopCurrent = waitForRelevantUrl(guidedPlaybook(active), active);
}

function onStorageChange(changes: Record<string, { newValue?: unknown }>, area: string): void {
  if (area !== 'local' || !(STORAGE.active in changes)) return;
  run(changes[STORAGE.active].newValue as ActivePlaybook | undefined);
}

if (isConsoleHost(location.hostname) && api?.storage) {
  api.storage.local
    .get(STORAGE.active)
    .then((got) => run(got[STORAGE.active] as ActivePlaybook | undefined))
    .catch(() => {});
  api.storage.onChanged.addListener(onStorageChange);
}
