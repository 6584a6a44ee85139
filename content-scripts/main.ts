/**
 * Content-script entry. Inert unless a playbook is active and this frame is on one of its hosts. On a console
 * page the playbook has no step for (a record page, a heavy app screen), it loads nothing more than this file,
 * touches nothing and observes nothing: it only listens for same-document URL changes, and loads the guide
 * (agent, locator, validator, overlay) when the URL becomes one of the playbook's pages.
 */
import { api } from './extension-api.ts';
import { isConsoleHost } from '../src/consoles/hosts.ts';
import { STORAGE, type ActivePlaybook, type ContentMessage } from '../src/messages.ts';
import { compileRegex } from '../src/core/text.ts';
import { playbookConcernsUrl } from '../src/core/url-match.ts';
import type { Playbook } from '../src/format/types.ts';

let stopCurrent: (() => void) | null = null;

function appliesHere(active: ActivePlaybook | undefined): active is ActivePlaybook {
  if (!active?.playbook?.steps) return false;
  return active.playbook.app.hosts.some((h) => compileRegex(h)?.test(location.hostname));
}

function send(msg: ContentMessage, attempt = 0): void {
  // A worker that is stopping can drop a message ("receiving end does not exist") or never answer it: retry,
  // with a growing pause, until a restarted worker confirms. Writes are idempotent, so a duplicate is harmless.
  let timer = 0;
  const unanswered = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('no answer')), 3000) as unknown as number;
  });
  Promise.race([api.runtime.sendMessage(msg), unanswered])
    .then(() => clearTimeout(timer))
    .catch(() => {
      clearTimeout(timer);
      if (attempt < 4) setTimeout(() => send(msg, attempt + 1), 500 * 2 ** attempt);
    });
}

/** Load and start the guide. Returns its stop function (callable before the module has loaded). */
function startGuide(playbook: Playbook): () => void {
  let stopped = false;
  let stop = () => {
    stopped = true;
  };
  void import('./agent.ts')
    .then(({ Agent }) => {
      if (stopped) return;
      const agent = new Agent(playbook, { win: window, send });
      agent.start();
      stop = () => agent.stop();
    })
    .catch(() => {});
  return () => stop();
}

/** Until the URL concerns the playbook, only listen for same-document URL changes (no DOM work at all). */
function waitForRelevantUrl(playbook: Playbook): () => void {
  const ac = new AbortController();
  let stopGuide: (() => void) | null = null;
  const check = () => {
    if (stopGuide || !playbookConcernsUrl(playbook, new URL(location.href))) return;
    ac.abort();
    stopGuide = startGuide(playbook);
  };
  const nav = (window as Window & { navigation?: EventTarget }).navigation;
  if (nav && typeof nav.addEventListener === 'function') {
    nav.addEventListener('currententrychange', () => queueMicrotask(check), { signal: ac.signal });
  } else {
    const timer = setInterval(check, 1000);
    ac.signal.addEventListener('abort', () => clearInterval(timer));
  }
  addEventListener('popstate', check, { signal: ac.signal });
  addEventListener('hashchange', check, { signal: ac.signal });
  check();
  return () => {
    ac.abort();
    stopGuide?.();
  };
}

function run(active: ActivePlaybook | undefined): void {
  stopCurrent?.();
  stopCurrent = null;
  if (!appliesHere(active)) return;
  // Once access is revoked, only the revoke steps are guided (never back to "create the user").
  const playbook = active.revoked ? { ...active.playbook, steps: active.playbook.steps.filter((s) => s.phase === 'revoke') } : active.playbook;
  stopCurrent = waitForRelevantUrl(playbook);
}

if (isConsoleHost(location.hostname) && api?.storage) {
  api.storage.local
    .get(STORAGE.active)
    .then((got) => run(got[STORAGE.active] as ActivePlaybook | undefined))
    .catch(() => {});
  api.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local' || !(STORAGE.active in changes)) return;
    run(changes[STORAGE.active].newValue as ActivePlaybook | undefined);
  });
}
