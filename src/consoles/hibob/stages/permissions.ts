/**
 * Stage 5: the group's permissions. People's data: View on the grantee's required sections, nothing that writes;
 * Features: nothing at all. HiBob then summarises the changes for confirmation.
 */
import type { HibobGrantee } from '../playbook.ts';
import { EDIT_PERMISSIONS, PAGES, SAVE, TABS, WORDS, dialogButton, dialogOpen } from '../pages.ts';
import { LANGUAGE_NOTICE } from '../catalog.ts';
import { FEATURE_FORBIDDEN, FEATURE_REVIEW, FEATURE_REVIEW_REASON, PEOPLES_DATA_GROUPS, PEOPLE_REVIEW, PEOPLE_REVIEW_REASON, WRITE } from '../rules.ts';
import { type StepIn, l, onGroup } from './common.ts';

export function setPermissions(g: HibobGrantee): StepIn[] {
  return [
    {
      id: 'peoples-data-permissions',
      phase: 'grant',
      stage: 'Set permissions',
      title: "People's data: view only",
      instruction: g.peopleInstruction,
      why: g.peopleWhy,
      page: PAGES.peoplesData,
      when: onGroup,
      permissions: {
        id: 'peoples-data',
        title: "People's data permissions",
        groups: PEOPLES_DATA_GROUPS,
        required: g.peopleRequired,
        forbidden: WRITE,
        review: [...g.peopleReview, ...PEOPLE_REVIEW],
        defaultReviewReason: PEOPLE_REVIEW_REASON,
        catalog: 'hibob',
        unreadableNotice: LANGUAGE_NOTICE,
        edit: EDIT_PERMISSIONS,
        save: SAVE,
        next: TABS.features,
      },
    },
    {
      id: 'features-permissions',
      phase: 'grant',
      stage: 'Set permissions',
      title: 'Features: nothing that writes',
      instruction: 'A service user needs no Features permission. Every write or admin feature must be off.',
      page: PAGES.features,
      when: onGroup,
      permissions: {
        id: 'features',
        title: 'Features permissions',
        groups: [{}],
        required: [],
        forbidden: FEATURE_FORBIDDEN,
        review: FEATURE_REVIEW,
        defaultReviewReason: FEATURE_REVIEW_REASON,
        catalog: 'hibob',
        unreadableNotice: LANGUAGE_NOTICE,
        edit: EDIT_PERMISSIONS,
        save: SAVE,
        next: TABS.peoplesData,
      },
    },
    {
      id: 'confirm-changes',
      phase: 'grant',
      stage: 'Set permissions',
      title: 'Confirm the changes',
      instruction: 'HiBob summarises the changes. Check them and click Confirm.',
      page: PAGES.group,
      when: dialogOpen(l(WORDS.reviewChanges)),
      target: dialogButton(['Confirm', 'Save']),
    },
  ];
}
