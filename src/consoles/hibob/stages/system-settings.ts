/**
 * Stage 1: from any Bob page to System Settings, through the products menu (only Admins see it there).
 */
import { PAGES, PRODUCTS_MENU, SYSTEM_SETTINGS_ITEM } from '../pages.ts';
import type { StepIn } from './common.ts';

export function openSystemSettings(): StepIn[] {
  return [
    {
      id: 'open-products-menu',
      phase: 'grant',
      stage: 'Open System Settings',
      title: 'Open the products menu',
      instruction: 'Open the Bob products menu (the grid icon at the top left).',
      why: 'Only Admins see System Settings in this menu. If it is missing, ask a HiBob Admin to do this.',
      page: PAGES.outsideSettings,
      target: PRODUCTS_MENU,
      lookFor: 'the products (apps) icon at the top left of Bob',
    },
    {
      id: 'open-system-settings',
      phase: 'grant',
      stage: 'Open System Settings',
      title: 'Open System Settings',
      instruction: 'Choose System Settings.',
      page: PAGES.productsMenuOpen,
      target: SYSTEM_SETTINGS_ITEM,
    },
  ];
}
