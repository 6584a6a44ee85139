/**
 * Stage 1: Setup → Profiles → New Profile, cloning a read-only base (Read Only, or Minimum Access where newer orgs
 * have no Read Only), named after the playbook's profile name. An existing profile of that name is opened instead.
 */
import type { SalesforceGrantee } from '../playbook.ts';
import { CLONE_SELECT, PAGES, SAVE, button, objectsPhrase, pageHeading } from '../pages.ts';
import type { StepIn } from './common.ts';
import { BASE_PROFILES } from '../catalog.ts';

export function createProfile(g: SalesforceGrantee): StepIn[] {
  return [
    {
      id: 'new-profile',
      phase: 'grant',
      stage: 'Create the profile',
      title: 'Create a new profile',
      instruction: 'Click New Profile. You will clone a read-only base profile.',
      page: PAGES.profilesList,
      target: [button('New Profile'), { role: 'button', name: { startsWith: ['New Profile'] } }, { role: 'button', css: 'input[name=new]' }],
      lookFor: 'the “New Profile” button above the list of profiles',
      complete: { exists: { role: 'link', name: '{{profileName}}' } },
      evidence: [{ page: PAGES.profilesList, condition: { exists: { role: 'link', name: '{{profileName}}' } }, note: 'The profile “{{profileName}}” is listed in Setup → Profiles.' }],
      open: '/00e?setupid=EnhancedProfiles',
    },
    {
      id: 'open-profile',
      phase: 'grant',
      stage: 'Set API and object permissions',
      title: 'Open the “{{profileName}}” profile',
      instruction: 'The profile exists. Open it to check and set its permissions.',
      page: PAGES.profilesList,
      when: { exists: { role: 'link', name: '{{profileName}}' } },
      target: { role: 'link', name: '{{profileName}}' },
      open: '/00e?setupid=EnhancedProfiles',
    },
    {
      id: 'clone-base',
      phase: 'grant',
      stage: 'Create the profile',
      title: 'Base it on {{baseProfile}}',
      instruction: 'In Existing Profile, choose “{{baseProfile}}”.',
      why: `The stricter choice is “${BASE_PROFILES.minimumAccess.name}” (Salesforce’s own recommendation): ${BASE_PROFILES.minimumAccess.difference} Pick the base with the “Base profile to clone” setting in Keyhole’s popup; write-capable permissions a clone brings are marked forbidden either way.`,
      page: PAGES.cloneForm,
      when: { exists: { role: 'option', name: '{{baseProfile}}', hidden: true } },
      target: CLONE_SELECT,
      lookFor: 'the “Existing Profile” picklist (the profile to clone)',
      complete: { value: CLONE_SELECT, equals: '{{baseProfile}}' },
    },
    {
      id: 'clone-base-minimum',
      phase: 'grant',
      stage: 'Create the profile',
      title: 'Base it on Minimum Access - Salesforce',
      instruction:
        `Your org has no “Read Only” profile (orgs created since Spring ’21 do not, and older ones may have renamed it). In Existing Profile, choose “Minimum Access - Salesforce”: it grants almost nothing, so you add only what ${g.name} needs.`,
      why: `Salesforce removed Read Only from new orgs; Minimum Access is the documented least-privilege base. You will tick API Enabled, API Only User and Read on ${objectsPhrase(g.objects.length)} yourself.`,
      optional: true,
      page: PAGES.cloneForm,
      when: { absent: { role: 'option', name: '{{baseProfile}}', hidden: true } },
      target: CLONE_SELECT,
      lookFor: 'the “Existing Profile” picklist (the profile to clone)',
      complete: { value: CLONE_SELECT, equals: 'Minimum Access - Salesforce' },
    },
    {
      id: 'profile-name',
      phase: 'grant',
      stage: 'Create the profile',
      title: 'Name the profile',
      instruction: 'Type “{{profileName}}” as the Profile Name.',
      page: PAGES.cloneForm,
      target: { role: 'textbox', label: 'Profile Name' },
      lookFor: 'the “Profile Name” text box, just below the Existing Profile picklist and User License',
      complete: { value: { role: 'textbox', label: 'Profile Name' }, equals: '{{profileName}}' },
      names: 'profile',
      accept: {
        when: { value: { role: 'textbox', label: 'Profile Name' }, nonEmpty: true },
        note: `The profile has a name of your own instead of ${g.name}’s suggestion; Keyhole follows your name.`,
      },
    },
    {
      id: 'save-profile',
      phase: 'grant',
      stage: 'Create the profile',
      title: 'Save the new profile',
      instruction: 'Click Save to create “{{profileName}}”.',
      page: PAGES.cloneForm,
      target: SAVE,
      evidence: [
        { page: PAGES.profileDetailOriginal, condition: pageHeading('{{profileName}}'), note: 'Keyhole saw the saved profile “{{profileName}}”.' },
        { page: PAGES.profileOverviewEnhanced, condition: pageHeading('{{profileName}}'), note: 'Keyhole saw the saved profile “{{profileName}}”.' },
      ],
    },
  ];
}
