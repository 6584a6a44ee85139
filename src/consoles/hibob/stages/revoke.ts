/**
 * Stage 7: revoke by deleting the service user (⋯ menu → Delete → confirm): its token stops working at once.
 * Refresh token would only replace the token.
 */
import type { HibobGrantee } from '../playbook.ts';
import { NO_DIALOG, NO_MENU, PAGES, WORDS, dialogButton, dialogOpen, menuItem, rowMenuButton, rowMenuOpen } from '../pages.ts';
import { SU, type StepIn, l, suRowWithGroup } from './common.ts';

export function revokeAccess(g: HibobGrantee): StepIn[] {
  // A grantee whose menu shows Refresh token as well names Delete in the first instruction, with no separate step.
  const deleteStep: StepIn[] = g.refreshToken
    ? []
    : [
        {
          id: 'revoke-delete',
          phase: 'revoke',
          stage: 'Revoke access',
          title: 'Delete the service user',
          instruction: 'Choose Delete. (Refresh token would only replace the token; Delete ends all access.)',
          page: PAGES.serviceUsers,
          when: rowMenuOpen(SU),
          target: menuItem('Delete'),
        },
      ];
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
    ...deleteStep,
    {
      id: 'revoke-confirm-delete',
      phase: 'revoke',
      stage: 'Revoke access',
      title: 'Confirm the deletion',
      instruction: `Click Delete. “${SU}” and its token stop working at once.`,
      page: PAGES.serviceUsers,
      when: { all: [dialogOpen(l(WORDS.deleteServiceUser)), { exists: { name: { contains: [SU] }, inDialog: true } }] },
      target: dialogButton('Delete'),
    },
  ];
}
