/**
 * Stage 5: revoke. Salesforce users cannot be deleted, only frozen (blocks logins at once) and deactivated (frees
 * the license): open the user, Freeze, Edit, untick Active, Save.
 */
import type { SalesforceGrantee } from '../playbook.ts';
import { EDIT, PAGES, SAVE, USER_PROFILE_SELECT, button, shownUnchecked } from '../pages.ts';
import { type StepIn, USER_IS_OURS } from './common.ts';

export function revokeAccess(g: SalesforceGrantee): StepIn[] {
  return [
    {
      id: 'revoke-open-user',
      phase: 'revoke',
      stage: 'Revoke access',
      title: `Open the ${g.name} user`,
      instruction: `${g.revokeWhen}, open the user whose Profile is “{{profileName}}”.`,
      why: 'Salesforce users cannot be deleted (the seed’s “Delete” does not exist), only frozen (blocks login at once) and deactivated (frees the license).',
      page: PAGES.usersList,
      target: { role: 'link', css: 'a[href*="/005"]:not([href*="/e?"]):not([href$="/e"])', within: { text: '{{profileName}}' } },
      open: '/005?isUserEntityOverride=1&setupid=ManageUsers',
    },
    {
      id: 'revoke-freeze',
      phase: 'revoke',
      stage: 'Revoke access',
      title: 'Freeze the user',
      instruction: `${g.revokeWhen}, click Freeze: it blocks logins at once.`,
      why: 'Users cannot be deleted. Freezing stops logins immediately; deactivating (next) frees the license.',
      page: PAGES.userDetail,
      when: USER_IS_OURS,
      target: [button('Freeze'), { role: 'button', css: 'input[name=freeze]' }],
      complete: { exists: [button('Unfreeze'), { role: 'button', css: 'input[name=unfreeze]' }] },
    },
    {
      id: 'revoke-edit-user',
      phase: 'revoke',
      stage: 'Revoke access',
      title: 'Deactivate: Edit',
      instruction: 'The user is frozen. Click Edit to deactivate the user.',
      page: PAGES.userDetail,
      when: USER_IS_OURS,
      target: EDIT,
      complete: { exists: shownUnchecked('Active') },
    },
    {
      id: 'revoke-deactivate',
      phase: 'revoke',
      stage: 'Revoke access',
      title: 'Untick Active',
      instruction: 'Untick Active, then Save. The user can no longer log in and the license is freed.',
      page: PAGES.userEdit,
      when: { value: USER_PROFILE_SELECT, equals: '{{profileName}}' },
      target: { role: 'checkbox', label: 'Active' },
      lookFor: 'the “Active” checkbox of the user form',
      complete: { checked: { role: 'checkbox', label: 'Active' }, is: false },
    },
    {
      id: 'revoke-save',
      phase: 'revoke',
      stage: 'Revoke access',
      title: 'Save',
      instruction: 'Click Save.',
      page: PAGES.userEdit,
      when: { value: USER_PROFILE_SELECT, equals: '{{profileName}}' },
      target: SAVE,
      evidence: [
        {
          page: PAGES.userDetail,
          condition: {
            all: [
              USER_IS_OURS,
              { exists: [button('Unfreeze'), { role: 'button', css: 'input[name=unfreeze]' }] },
              { exists: shownUnchecked('Active') },
            ],
          },
          note: 'Keyhole saw the user frozen and inactive.',
        },
      ],
    },
  ];
}
