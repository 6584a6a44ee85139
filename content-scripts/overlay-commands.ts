/**
 * Keyboard shortcuts (manifest `commands`) reach the page through the background, which forwards them to the
 * active tab's frames (background/commands.ts). Each live overlay of this frame registers here; the runtime
 * listener exists only while at least one overlay does, and only the extension itself can send it messages.
 */
import { api } from './extension-api.ts';

const COMMANDS = ['toggle-overlay', 'jump-to-target'] as const;
export type OverlayCommand = (typeof COMMANDS)[number];
interface CommandMessage {
  kind: 'keyhole/command';
  command: OverlayCommand;
}

function isCommandMessage(raw: unknown): raw is CommandMessage {
  const m = raw as Partial<CommandMessage> | null;
  return !!m && m.kind === 'keyhole/command' && (COMMANDS as readonly string[]).includes(m.command as string);
}

type Handler = (command: OverlayCommand) => void;
const handlers = new Set<Handler>();

const listener = (raw: unknown, sender: { id?: string; tab?: unknown }) => {
  // From the background only: our extension, not a tab (content scripts of other frames never send it).
  if (sender?.id !== api?.runtime?.id || sender?.tab || !isCommandMessage(raw)) return undefined;
  for (const h of [...handlers]) {
    try {
      h(raw.command);
    } catch {
      /* never break the page */
    }
  }
  return undefined;
};

/** Register an overlay's handler; returns the function that removes it (and the runtime listener with the last one). */
export function onOverlayCommand(h: Handler): () => void {
  const onMessage = api?.runtime?.onMessage as { addListener(l: typeof listener): void; removeListener(l: typeof listener): void } | undefined;
  if (handlers.size === 0) onMessage?.addListener(listener);
  handlers.add(h);
  return () => {
    if (!handlers.delete(h)) return;
    if (handlers.size === 0) onMessage?.removeListener(listener);
  };
}
