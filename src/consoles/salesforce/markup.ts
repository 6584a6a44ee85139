/**
 * Salesforce Setup's markup conventions, given to the core as data: Classic and enhanced-profile pages render some
 * buttons as `<a class="btn">` links (e.g. `a.btn.pc_buttonLink`, research: shared/research/salesforce.md).
 */
import type { ConsoleMarkup } from '../../core/markup.ts';

export const SALESFORCE_MARKUP: ConsoleMarkup = {
  roles: { button: 'a.btn' },
};
