/**
 * The overlay's stylesheet as the background publishes it beside the active playbook (background/publish-guide.ts).
 * A stylesheet is not a verdict: if it is missing, the overlay uses its small fallback (content-scripts/overlay.ts).
 * It goes into the overlay's closed shadow root as text (a <style> element's textContent), never as markup.
 */
import { guideStamp, type ActivePlaybook } from '../src/messages.ts';

const MAX_CSS = 64_000;

/** The stored guide data (STORAGE.guide) if it was published for this run; otherwise nothing (checks fail closed). */
export function guideFor(stored: unknown, active: Pick<ActivePlaybook, 'playbook' | 'startedAt'>): unknown {
  return (stored as { for?: unknown } | null | undefined)?.for === guideStamp(active) ? stored : undefined;
}

export function overlayCssOf(active: unknown): string | undefined {
  const css = typeof active === 'object' && active !== null ? (active as { overlayCss?: unknown }).overlayCss : undefined;
  return typeof css === 'string' && css.length > 0 && css.length <= MAX_CSS ? css : undefined;
}
