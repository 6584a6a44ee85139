/**
 * Background worker entry: the only writer of progress, the gate for every message, and the revoke reminder.
 * Listeners are registered synchronously at top level so a restarted worker handles the event that woke it; the
 * work itself lives by capability in router.ts (messages), store.ts (storage), imports.ts and reminders.ts.
 */
import browser from 'webextension-polyfill';
import type { Runtime } from 'webextension-polyfill';
import { unpackContentMessage, type PopupMessage } from '../src/messages.ts';
import { playbookOfAlarm } from '../src/progress/reminder.ts';
import { routeContent, routePopup } from './router.ts';
import { publishActive, update } from './store.ts';
import { fireReminder, openRevoke, syncAlarms } from './reminders.ts';
import { registerCommands } from './commands.ts';
import { onPolicyChange } from './policy.ts'; // issue 12: managed policy

function isExtensionPage(sender: Runtime.MessageSender): boolean {
  const origin = new URL(browser.runtime.getURL('/')).origin;
  return !!sender.url && new URL(sender.url).origin === origin && !sender.tab?.url?.startsWith('http');
}

browser.runtime.onMessage.addListener((raw: unknown, sender: Runtime.MessageSender) => {
  if (sender.id !== browser.runtime.id) return undefined;
  const kind = (raw as { kind?: string } | null)?.kind;
  // `{ ok: true }` only once the write has resolved; a failure (storage) asks the content script to send again.
  if (kind === 'keyhole/step' || kind === 'keyhole/findings' || kind === 'keyhole/identity') return routeContent(unpackContentMessage(raw), sender).catch(() => ({ ok: false, retry: true }));
  if (typeof kind === 'string' && kind.startsWith('keyhole/') && isExtensionPage(sender)) {
    return routePopup(raw as PopupMessage).catch((e: Error) => ({ ok: false, error: e.message }));
  }
  return undefined;
});

browser.alarms.onAlarm.addListener((alarm) => {
  const id = playbookOfAlarm(alarm.name);
  if (id) void fireReminder(id);
});

browser.notifications.onClicked.addListener((notificationId) => {
  const id = playbookOfAlarm(notificationId);
  if (!id) return;
  void openRevoke(id).finally(() => browser.notifications.clear(notificationId));
});

/** After a restart or update: migrate state, re-publish the active playbook, re-arm reminders. */
async function restore(): Promise<void> {
  const state = await update([]);
  await publishActive(state);
  await syncAlarms(state);
}
browser.runtime.onStartup.addListener(() => void restore());
onPolicyChange(() => void restore()); // issue 12: a policy change re-publishes the active playbook and re-syncs alarms
browser.runtime.onInstalled.addListener(() => void restore());

// Keyboard shortcuts: show/hide the guide, jump to its target (background/commands.ts).
registerCommands();
