/**
 * Stage 2 (original profile UI): the profile's one Edit page holds system and object permissions together. The
 * lockout guard stops the admin from changing any other profile.
 */
import type { SalesforceGrantee } from '../playbook.ts';
import { EDIT, PAGES, button, isOtherProfile, isProfile, objectsListed } from '../pages.ts';
import { APP_ACCESS_SECTIONS, PROFILE_PERMISSION_SECTIONS } from '../rules.ts';
import { ADMIN_OFF, API_ON, LOCKOUT_VIEW, type StepIn, onTheNewProfile } from './common.ts';

export function setProfilePermissions(g: SalesforceGrantee): StepIn[] {
  const rules = onTheNewProfile(g);
  const listed = objectsListed(g.objects.map((o) => o.api));
  return [
    {
      id: 'wrong-profile',
      phase: 'grant',
      stage: 'Set API and object permissions',
      title: 'Wrong profile',
      instruction: LOCKOUT_VIEW,
      warning: true,
      page: PAGES.profileAnyView,
      when: isOtherProfile,
      target: { role: 'link', name: { startsWith: ['Profiles', 'Back to List'] } },
    },
    {
      id: 'edit-profile',
      phase: 'grant',
      stage: 'Set API and object permissions',
      title: 'Edit the profile',
      instruction: 'Click Edit to change the permissions of “{{profileName}}”.',
      page: PAGES.profileDetailOriginal,
      when: isProfile,
      target: EDIT,
      complete: { all: [API_ON, ADMIN_OFF] },
    },
    {
      id: 'profile-permissions',
      phase: 'grant',
      stage: 'Set API and object permissions',
      title: 'API access on, everything else read-only',
      instruction:
        `Tick API Enabled and API Only User, and Read on ${listed}. Everything that writes or administers must be off.`,
      why: g.profileWhy,
      page: PAGES.profileEditOriginal,
      permissions: {
        id: 'profile',
        title: 'Profile permissions (original profile UI)',
        // Connected apps and service providers are each org's own: no catalog judges them; every ticked one is reviewed.
        groups: [{ section: PROFILE_PERMISSION_SECTIONS }, { section: APP_ACCESS_SECTIONS, catalog: false }],
        required: [...rules.requiredSystem, ...rules.requiredObjects],
        ...rules.onTheNewProfile,
      },
    },
    {
      id: 'profile-to-users',
      phase: 'grant',
      stage: 'Create the user',
      title: 'Go to the profile’s users',
      instruction: 'The profile has API access and no admin permissions. Click View Users, then New User.',
      page: PAGES.profileDetailOriginal,
      when: isProfile,
      target: [button('View Users'), { role: 'button', css: 'input[name=viewusers]' }],
    },
  ];
}
