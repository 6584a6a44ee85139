/** Type-only view of the playbook format for the pure core (no zod at runtime). */
export type {
  TextMatch, Role, Locator, Target, UrlMatch, PageMatcher, Condition, CheckboxGroup, PermissionCheck, Rule, Step, Playbook, PlaybookObject,
} from './schema.ts';

export type Verdict = 'ok' | 'missing' | 'forbidden' | 'review';

export interface Finding {
  name: string;
  checked: boolean;
  verdict: Verdict;
  reason: string;
  /** Which rule judged it: required, forbidden, or neither (reviewed when on). */
  rule?: 'required' | 'forbidden' | 'other';
  /** What the permission grants, by the console's catalog ("unknown": not in it). Absent for non-permissions. */
  effect?: 'read' | 'self-service' | 'write' | 'admin' | 'unknown';
  /** The item's name in the page's own casing (`name` is normalised for matching). */
  label?: string;
}

/** A required rule that no item on the page matched (e.g. a renamed permission, a collapsed section). */
export interface NotSeen {
  /** The rule's words, as the checklist shows them. */
  rule: string;
  reason: string;
  /** The check allows the item to be listed on another page. */
  mayBeElsewhere: boolean;
}
