/**
 * A short, stable key for "this kind of vendor page" (the step's page matcher): steps on the same page share it,
 * so the card's collapse state and position stay put while the admin works through that page's steps.
 */
import type { Step } from '../src/format/types.ts';

export function pageKindOf(step: Step | undefined): string {
  if (!step) return '';
  const basis = JSON.stringify(step.page ?? step.id);
  // FNV-1a, 32 bits: small and stable; no page text is stored, only this hash of the playbook's own matcher.
  let h = 0x811c9dc5;
  for (let i = 0; i < basis.length; i++) {
    h ^= basis.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `p${h.toString(36)}`;
}
