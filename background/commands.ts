/**
 * Keyboard shortcuts (manifest `commands`, no permission needed): forwarded to the active tab, where every
 * frame's overlay gets them (content-scripts/overlay-commands.ts). Neither `commands` nor tabs.sendMessage needs
 * a permission; the tab comes with the command (Chrome 86+, Firefox 86+), so no tab query is needed.
 */
import browser from 'webextension-polyfill';

const OVERLAY_COMMANDS = ['toggle-overlay', 'jump-to-target'] as const;

async function forwardCommand(command: string, tab?: { id?: number }): Promise<boolean> {
  if (!(OVERLAY_COMMANDS as readonly string[]).includes(command)) return false;
  const id = tab?.id;
  if (id === undefined || id < 0) return false;
  // No content script on this tab (not a vendor page): nothing listens, and that is fine.
  await browser.tabs.sendMessage(id, { kind: 'keyhole/command', command }).catch(() => {});
  return true;
}

export function registerCommands(): void {
  browser.commands?.onCommand.addListener((command: string, tab?: { id?: number }) => void forwardCommand(command, tab));
  // The e2e test cannot press an extension shortcut in headless Chromium: it calls this same path from the worker.
  (globalThis as { keyholeCommand?: typeof forwardCommand }).keyholeCommand = forwardCommand;
}
