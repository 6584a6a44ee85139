/**
 * Stage 7: revoke by deleting the service user (⋯ menu → Delete → confirm): its token stops working at once.
 * Refresh token would only replace the token.
 */
import type { HibobGrantee } from '../playbook.ts';
import { NO_DIALOG, NO_MENU, PAGES, WORDS, deleteDialogFor, dialogButton, dialogOpen, menuItem, otherRowMenuOpen, rowMenuButton, rowMenuOpen } from '../pages.ts';
import { SU, type StepIn, l, suRowWithGroup } from './common.ts';

/**
 * Delete is always a step of its own: in a row menu that also offers the optional Refresh token, the required
 * Delete wins (an optional step never shadows a required one on the same control). Another service user's menu
 * (a similar-named "… (old)") gets a warning, never Delete.
 */
export function revokeAccess(g: HibobGrantee): StepIn[] {
  return [
    {
      id: 'revoke-open-menu',
      phase: 'revoke',
      stage: 'Revoke access',
      title: `Open the menu of “${SU}”`,
      instruction: g.refreshToken
        ? `To end the integration: open the ⋯ menu of “${SU}” and choose Delete.`
        : `When ${g.name}’s work is done: open the ⋯ menu of “${SU}”.`,
      why: g.revokeWhy,
      page: PAGES.serviceUsers,
      when: { all: [{ exists: suRowWithGroup }, NO_DIALOG, NO_MENU] },
      target: rowMenuButton(SU),
    },
    {
      id: 'revoke-wrong-service-user',
      phase: 'revoke',
      stage: 'Revoke access',
      title: 'Not this service user',
      instruction: `This menu belongs to another service user, not “${SU}”. Do not delete it: whatever uses its token would stop working. Close the menu (Esc) and open the ⋯ menu of “${SU}”.`,
      warning: true,
      optional: true,
      page: PAGES.serviceUsers,
      when: otherRowMenuOpen(SU),
    },
    {
      id: 'revoke-delete',
      phase: 'revoke',
      stage: 'Revoke access',
      title: 'Delete the service user',
      instruction: g.refreshToken
        ? 'Choose Delete to end the integration. (To only replace the token instead, choose Refresh token.)'
        : 'Choose Delete. (Refresh token would only replace the token; Delete ends all access.)',
      page: PAGES.serviceUsers,
      when: rowMenuOpen(SU),
      target: menuItem('Delete'),
    },
    {
      id: 'revoke-confirm-delete',
      phase: 'revoke',
      stage: 'Revoke access',
      title: 'Confirm the deletion',
      instruction: `Click Delete. “${SU}” and its token stop working at once.`,
      page: PAGES.serviceUsers,
      when: { all: [dialogOpen(l(WORDS.deleteServiceUser)), deleteDialogFor(SU)] },
      target: dialogButton('Delete'),
    },
  ];
}
