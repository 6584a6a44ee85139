/**
 * A console's UI-framework conventions, passed to the core as data: the core itself knows ARIA and plain HTML,
 * and no framework by name. Each console describes its own in src/consoles/<console>/markup.ts; the content script
 * picks the one of the frame's host.
 */
import type { Role } from '../format/types.ts';

export interface ConsoleMarkup {
  /** Extra CSS for controls of a role that carry no ARIA role (e.g. tab links marked only by an attribute). */
  roles?: Partial<Record<Role, string>>;
  /** Extra CSS for an open dialog or overlay pane. */
  dialog?: string;
  /** Class names that mark a custom control as checked. */
  checkedClasses?: string[];
  /** Attributes that tie a grid cell to its column header when aria-colindex is missing. */
  columnKeys?: string[];
}

/** ARIA and plain HTML only. */
export const PLAIN_MARKUP: ConsoleMarkup = Object.freeze({});

/** A role's selector widened by the markup's extra CSS. */
export function withExtra(base: string, extra: string | undefined): string {
  return extra ? `${base}, ${extra}` : base;
}
