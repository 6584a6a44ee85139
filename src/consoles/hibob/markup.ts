/**
 * HiBob's UI-framework conventions (Angular Material, the CDK overlay, ag-grid; research: shared/research/hibob.md),
 * given to the core as data: tab links that carry no ARIA role, dialogs rendered in overlay panes, toggles whose
 * checked state is a class, and grid cells tied to their column by `col-id`.
 */
import type { ConsoleMarkup } from '../../core/markup.ts';

export const HIBOB_MARKUP: ConsoleMarkup = {
  roles: { tab: '[mat-tab-link]' },
  dialog: '.cdk-overlay-pane',
  checkedClasses: ['mat-checked'],
  columnKeys: ['col-id'],
};
