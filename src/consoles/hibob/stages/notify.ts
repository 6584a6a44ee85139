/** Stage 6: after the grant, the optional token refresh some grantees ask for, and telling the grantee. */
import type { HibobGrantee } from '../playbook.ts';
import { PAGES, WORDS, menuItem, rowMenuOpen } from '../pages.ts';
import { SU, type StepIn, l } from './common.ts';

export function notifyGrantee(g: HibobGrantee): StepIn[] {
  const refresh: StepIn[] = g.refreshToken
    ? [
        {
          id: 'refresh-token',
          phase: 'notify',
          stage: 'Refresh the token',
          title: 'Refresh token',
          instruction: g.refreshToken.instruction,
          why: g.refreshToken.why,
          optional: true,
          page: PAGES.serviceUsers,
          when: rowMenuOpen(SU),
          target: menuItem(l(WORDS.refreshToken)),
        },
      ]
    : [];
  return [
    ...refresh,
    {
      id: 'notify-vendor',
      phase: 'notify',
      stage: `Notify ${g.name}`,
      title: `Tell ${g.name}`,
      instruction: g.notify,
      manual: true,
    },
  ];
}
