/**
 * What the Salesforce stages share: the lockout guard every permission page carries (only the playbook's own
 * profile may be changed), and the read-only views' evidence of API access and admin permissions.
 */
import type { PlaybookInput } from '../../../format/schema.ts';
import type { SalesforceGrantee } from '../playbook.ts';
import { CANCEL, SAVE, isProfile, shownChecked } from '../pages.ts';
import { profileRules } from '../rules.ts';
import { LANGUAGE_NOTICE } from '../catalog.ts';

export type StepIn = PlaybookInput['steps'][number];

export const LOCKOUT_VIEW = 'This is not the “{{profileName}}” profile. Do not change it: ticking “API Only User” on your own or any other profile locks those users out of the Salesforce UI. Go back to Profiles and open “{{profileName}}”.';

const LOCKOUT = 'This is not the “{{profileName}}” profile. Do not tick “API Only User” here: on your own or any other profile it locks those users out of the Salesforce UI. Cancel and open “{{profileName}}”.';

/** The grantee's rules, and what every permission page shares: the same rules, Save, the lockout guard. */
export function onTheNewProfile(g: SalesforceGrantee) {
  const rules = profileRules(g);
  return {
    requiredSystem: rules.requiredSystem,
    requiredObjects: rules.requiredObjects,
    onTheNewProfile: {
      forbidden: rules.forbidden,
      review: rules.review,
      defaultReviewReason: rules.defaultReviewReason,
      catalog: 'salesforce',
      unreadableNotice: LANGUAGE_NOTICE,
      reviewFrom: '{{baseProfile}}',
      save: SAVE,
      guard: isProfile,
      guardMessage: LOCKOUT,
      guardTarget: CANCEL,
    },
  };
}

export const API_ON = { all: [{ exists: shownChecked('API Enabled') }, { exists: shownChecked(['API Only User', 'Api Only User']) }] };
export const ADMIN_OFF = { absent: shownChecked(['Modify All Data', 'View All Data', 'Manage Users', 'Customize Application', 'Author Apex']) };
/** A user record (list row or detail page) whose Profile is the playbook's profile. */
export const USER_IS_OURS = { exists: { role: 'link' as const, name: '{{profileName}}' } };
