/** The popup's only link to the extension: read storage, send messages to the background. */
import browser from 'webextension-polyfill';
import { STORAGE, type PopupMessage } from '../src/messages.ts';
import { migrate, type State } from '../src/progress/state.ts';
import type { Playbook } from '../src/format/types.ts';
import { importedPlaybooks } from '../src/builtins.ts';
import { tenantOfHost } from '../src/consoles/hosts.ts';
import { parsePolicy, withPolicy } from '../src/progress/policy.ts'; // issue 12: managed policy
import { useTexts } from '../src/core/texts.ts';

// Texts the shared core writes (the checklist's review lines) come from the extension's message catalog, as in the content script.
useTexts((key, subs) => browser.i18n.getMessage(key, subs));

export async function loadState(): Promise<State> {
  const got = await browser.storage.local.get(STORAGE.state);
  return migrate(got[STORAGE.state], tenantOfHost);
}

export async function loadImported(): Promise<Record<string, Playbook>> {
  const got = await browser.storage.local.get(STORAGE.imported);
  // issue 12: policy playbooks added, local imports hidden if IT turned imports off (Firefox with no policy throws)
  // A browser or profile without managed storage (or one whose read throws) simply has no policy.
  let managed: unknown = {};
  try {
    managed = (await browser.storage.managed?.get(null)) ?? {};
  } catch {
    managed = {};
  }
  return withPolicy(importedPlaybooks(got[STORAGE.imported]), parsePolicy(managed));
}

export function send<T = { ok: boolean; error?: string; errors?: string[] }>(msg: PopupMessage): Promise<T> {
  return browser.runtime.sendMessage(msg) as Promise<T>;
}

export function onStorageChange(cb: () => void): () => void {
  const listener = (_c: unknown, area: string) => {
    if (area === 'local') cb();
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

/** Open a page in a new tab (tabs.create needs no permission). */
export async function openTab(url: string): Promise<void> {
  await browser.tabs.create({ url });
}

export function extensionUrl(path: string): string {
  return browser.runtime.getURL(path);
}

export function openOptions(): Promise<void> {
  return browser.runtime.openOptionsPage();
}

/** Save a file from an extension page: a Blob and an <a download>, no downloads permission. */
export function downloadText(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
