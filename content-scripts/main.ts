/**
 * Content-script entry. Inert unless a playbook is active and this frame is on one of its hosts; on any
 * other page it returns before touching the DOM.
 */
import browser from 'webextension-polyfill';
import { isVendorHost } from '../src/vendors/hosts.ts';
import { STORAGE, type ActivePlaybook, type ContentMessage } from '../src/messages.ts';
import { compileRegex } from '../src/core/text.ts';
import { Agent } from './agent.ts';

let agent: Agent | null = null;

function appliesHere(active: ActivePlaybook | undefined): active is ActivePlaybook {
  if (!active?.playbook?.steps) return false;
  return active.playbook.app.hosts.some((h) => compileRegex(h)?.test(location.hostname));
}

function run(active: ActivePlaybook | undefined): void {
  agent?.stop();
  agent = null;
  if (!appliesHere(active)) return;
  const playbook = active.revoked ? { ...active.playbook, steps: active.playbook.steps.filter((s) => s.phase === 'revoke') } : active.playbook;
  agent = new Agent(playbook, {
    win: window,
    send: (msg: ContentMessage) => {
      // A worker that is stopping can drop a message ("receiving end does not exist"): retry once, after
      // it has restarted. Writes are idempotent, so a duplicate is harmless.
      browser.runtime.sendMessage(msg).catch(() => {
        setTimeout(() => browser.runtime.sendMessage(msg).catch(() => {}), 500);
      });
    },
  });
  agent.start();
}

if (isVendorHost(location.hostname)) {
  browser.storage.local
    .get(STORAGE.active)
    .then((got) => run(got[STORAGE.active] as ActivePlaybook | undefined))
    .catch(() => {});
  browser.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local' || !(STORAGE.active in changes)) return;
    run(changes[STORAGE.active].newValue as ActivePlaybook | undefined);
  });
}
