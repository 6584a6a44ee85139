/**
 * Drivetrain: grant temporary Salesforce access (seed shared/seeds/002_00fed0b591c6ea22.txt), corrected where
 * the seed is wrong about Salesforce (see each step's `why`).
 */
import type { PlaybookInput, Step } from '../../playbook/schema.ts';
import {
  CANCEL, CLONE_SELECT, EDIT, FIND_SETTINGS, OBJECT_SUBJECT, PAGES, SALESFORCE_HOSTS, SAVE, USER_PROFILE_SELECT, button, isProfile,
  objectSettingsLink, pageHeading, shownChecked, shownUnchecked,
} from './pages.ts';
import { DEFAULT_REVIEW_REASON, FORBIDDEN, PROFILE_PERMISSION_SECTIONS, REQUIRED_OBJECTS, REQUIRED_SYSTEM, REVIEW } from './rules.ts';

type StepIn = PlaybookInput['steps'][number];

const LOCKOUT_VIEW = 'This is not the “{{profileName}}” profile. Do not change it: ticking “API Only User” on your own or any other profile locks those users out of the Salesforce UI. Go back to Profiles and open “{{profileName}}”.';

const LOCKOUT = 'This is not the “{{profileName}}” profile. Do not tick “API Only User” here: on your own or any other profile it locks those users out of the Salesforce UI. Cancel and open “{{profileName}}”.';

/** Every permission page of this playbook: the same rules, Save, and the lockout guard (only on the new profile). */
const ON_THE_NEW_PROFILE = {
  forbidden: FORBIDDEN,
  review: REVIEW,
  defaultReviewReason: DEFAULT_REVIEW_REASON,
  save: SAVE,
  guard: isProfile('{{profileName}}'),
  guardMessage: LOCKOUT,
  guardTarget: CANCEL,
};

const OBJECT_OPS_OFF = ['Create', 'Edit', 'Delete', 'View All', 'Modify All', 'View All Records', 'Modify All Records'];
const OBJECTS = [
  { api: 'Account', plural: 'Accounts', req: 0, type: 'Acc' },
  { api: 'Opportunity', plural: 'Opportunities', req: 1, type: 'Opp' },
  { api: 'Lead', plural: 'Leads', req: 2, type: 'Lea' },
] as const;

/** Enhanced profile UI: reach, edit and check one object's Object Settings page. */
const objectSteps = (i: number): StepIn[] => {
  const { api, plural, req, type } = OBJECTS[i];
  const id = api.toLowerCase();
  // Where the admin comes from: System Permissions (done) for the first object, the previous object's page after.
  const from = i === 0 ? PAGES.systemPermissionsView : PAGES.objectView(OBJECTS[i - 1].api);
  return [
    {
      id: `open-object-${id}`,
      phase: 'grant',
      stage: 'Set API and object permissions',
      title: `Open ${plural}`,
      instruction: `Type “${type}” in Find Settings… and open ${plural} (its Object Settings page).`,
      page: from,
      when: pageHeading('{{profileName}}'),
      target: [objectSettingsLink(api), FIND_SETTINGS],
      lookFor: `the “Find Settings…” box at the top of the profile page, or Object Settings → ${plural}`,
    },
    {
      id: `edit-object-${id}`,
      phase: 'grant',
      stage: 'Set API and object permissions',
      title: `Edit ${plural}`,
      instruction: `Click Edit to set ${plural} to Read only.`,
      page: PAGES.objectView(api),
      when: pageHeading('{{profileName}}'),
      target: EDIT,
      complete: { all: [{ exists: shownChecked('Read') }, { absent: shownChecked(OBJECT_OPS_OFF) }] },
    },
    {
      id: `object-${id}`,
      phase: 'grant',
      stage: 'Set API and object permissions',
      title: `${plural}: Read only`,
      instruction: `Tick Read on ${plural}; leave Create, Edit, Delete, View All and Modify All off. Field Edit Access is listed for review: untick it.`,
      why:
        i === 1
          ? 'Opportunity History and Opportunity Field History have no checkbox of their own: they follow Read on Opportunities (and each field’s Read Access).'
          : undefined,
      page: PAGES.objectEdit(api),
      permissions: {
        id: `object-${id}`,
        title: `Object settings: ${plural}`,
        groups: [
          { section: 'Object Permissions', name: '{label} {subject}', subject: OBJECT_SUBJECT },
          { section: 'Field Permissions', name: '{column} {row}', ignoreOthers: true },
        ],
        required: [REQUIRED_OBJECTS[req]],
        ...ON_THE_NEW_PROFILE,
      },
    },
  ];
};

const API_ON = { all: [{ exists: shownChecked('API Enabled') }, { exists: shownChecked(['API Only User', 'Api Only User']) }] };
const ADMIN_OFF = { absent: shownChecked(['Modify All Data', 'View All Data', 'Manage Users', 'Customize Application', 'Author Apex']) };
const USER_IS_OURS = { exists: { role: 'link' as const, name: '{{profileName}}' } };

const steps: StepIn[] = [
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
    title: 'Base it on Read Only',
    instruction: 'In Existing Profile, choose “Read Only”.',
    why: 'Cloning Read Only starts from no write access. It still brings many extra permissions; Keyhole lists them for review on the next pages.',
    page: PAGES.cloneForm,
    when: { exists: { role: 'option', name: 'Read Only', hidden: true } },
    target: CLONE_SELECT,
    lookFor: 'the “Existing Profile” picklist (the profile to clone)',
    complete: { value: CLONE_SELECT, equals: 'Read Only' },
  },
  {
    id: 'clone-base-minimum',
    phase: 'grant',
    stage: 'Create the profile',
    title: 'Base it on Minimum Access - Salesforce',
    instruction:
      'Your org has no “Read Only” profile (orgs created since Spring ’21 do not, and older ones may have renamed it). In Existing Profile, choose “Minimum Access - Salesforce”: it grants almost nothing, so you add only what Drivetrain needs.',
    why: 'Salesforce removed Read Only from new orgs; Minimum Access is the documented least-privilege base. You will tick API Enabled, API Only User and Read on the three objects yourself.',
    optional: true,
    page: PAGES.cloneForm,
    when: { absent: { role: 'option', name: 'Read Only', hidden: true } },
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
  {
    id: 'wrong-profile',
    phase: 'grant',
    stage: 'Set API and object permissions',
    title: 'Wrong profile',
    instruction: LOCKOUT_VIEW,
    warning: true,
    page: PAGES.profileAnyView,
    when: { not: pageHeading('{{profileName}}') },
    target: { role: 'link', name: { startsWith: ['Profiles', 'Back to List'] } },
  },
  {
    id: 'edit-profile',
    phase: 'grant',
    stage: 'Set API and object permissions',
    title: 'Edit the profile',
    instruction: 'Click Edit to change the permissions of “{{profileName}}”.',
    page: PAGES.profileDetailOriginal,
    when: pageHeading('{{profileName}}'),
    target: EDIT,
    complete: { all: [API_ON, ADMIN_OFF] },
  },
  {
    id: 'profile-permissions',
    phase: 'grant',
    stage: 'Set API and object permissions',
    title: 'API access on, everything else read-only',
    instruction:
      'Tick API Enabled and API Only User, and Read on Accounts, Opportunities and Leads. Everything that writes or administers must be off.',
    why: 'The seed also lists Opportunity History, Opportunity Field History and Users: Salesforce has no such checkboxes. History follows Opportunity Read (and field-level security); User records are readable through sharing and View All Users.',
    page: PAGES.profileEditOriginal,
    permissions: {
      id: 'profile',
      title: 'Profile permissions (original profile UI)',
      groups: [{ section: PROFILE_PERMISSION_SECTIONS }],
      required: [...REQUIRED_SYSTEM, ...REQUIRED_OBJECTS],
      ...ON_THE_NEW_PROFILE,
    },
  },
  {
    id: 'profile-to-users',
    phase: 'grant',
    stage: 'Create the user',
    title: 'Go to the profile’s users',
    instruction: 'The profile has API access and no admin permissions. Click View Users, then New User.',
    page: PAGES.profileDetailOriginal,
    when: pageHeading('{{profileName}}'),
    target: [button('View Users'), { role: 'button', css: 'input[name=viewusers]' }],
  },
  {
    id: 'open-system-permissions',
    phase: 'grant',
    stage: 'Set API and object permissions',
    title: 'Open System Permissions',
    instruction: 'Your org uses the enhanced profile page. Open System Permissions (or type “API” in Find Settings…).',
    page: PAGES.profileOverviewEnhanced,
    when: pageHeading('{{profileName}}'),
    target: [{ role: 'link', name: 'System Permissions' }, { role: 'link', css: 'a[href*="s=SystemPermissions"]' }],
  },
  {
    id: 'edit-system-permissions',
    phase: 'grant',
    stage: 'Set API and object permissions',
    title: 'Edit System Permissions',
    instruction: 'Click Edit.',
    page: PAGES.systemPermissionsView,
    when: pageHeading('{{profileName}}'),
    target: EDIT,
    complete: { all: [API_ON, ADMIN_OFF] },
  },
  {
    id: 'system-permissions',
    phase: 'grant',
    stage: 'Set API and object permissions',
    title: 'API Enabled and API Only User on, admin permissions off',
    instruction: 'Tick API Enabled and API Only User. Modify All Data, View All Data, Manage Users, Customize Application and Author Apex must be off.',
    why: 'There is no “Users” checkbox: User records are readable through sharing (internal default Public Read Only) and View All Users, which Keyhole lists for review.',
    page: PAGES.systemPermissionsEdit,
    permissions: {
      id: 'system-permissions',
      title: 'System permissions (enhanced profile UI)',
      groups: [{}],
      required: REQUIRED_SYSTEM,
      ...ON_THE_NEW_PROFILE,
    },
  },
  ...objectSteps(0),
  ...objectSteps(1),
  ...objectSteps(2),
  {
    id: 'new-user',
    phase: 'grant',
    stage: 'Create the user',
    title: 'Create the Drivetrain user',
    instruction: 'Click New User.',
    page: PAGES.usersList,
    target: [button('New User'), { role: 'button', css: 'input[name=new]' }],
    lookFor: 'the “New User” button above the list of users',
    // A user with the profile exists: the grant is done here (revoke comes later).
    complete: USER_IS_OURS,
    open: '/005?isUserEntityOverride=1&setupid=ManageUsers',
  },
  ...(
    [
      ['user-last-name', 'Last Name', 'Type a last name, e.g. “Drivetrain Support”.', { nonEmpty: true }],
      ['user-email', 'Email', 'Type the address your Drivetrain CSM gave you (typically dp-yourcompany@{{vendorDomain}}).', { equals: { contains: ['@{{vendorDomain}}'] } }],
      ['user-username', 'Username', 'Type a unique username in email form (it need not be a real mailbox).', { nonEmpty: true }],
      ['user-alias', 'Alias', 'Type a short alias (up to 8 characters).', { nonEmpty: true }],
    ] as const
  ).map(
    ([id, label, instruction, cond]): StepIn => ({
      id,
      phase: 'grant',
      stage: 'Create the user',
      title: label,
      instruction,
      page: PAGES.newUser,
      target: { role: 'textbox', label },
      lookFor: `the “${label}” field of the user form`,
      complete: { value: { role: 'textbox', label }, ...cond },
    }),
  ),
  {
    id: 'user-license',
    phase: 'grant',
    stage: 'Create the user',
    title: 'User License',
    instruction: 'Choose the user license of “{{profileName}}” (the license of the profile you cloned, usually “Salesforce”). The Profile list only offers profiles of the chosen license.',
    page: PAGES.newUser,
    target: [{ role: 'combobox', label: 'User License' }, { role: 'combobox', css: 'select[name=user_license_id]' }],
    complete: { exists: { role: 'option', css: 'select[name=Profile] option', name: '{{profileName}}', hidden: true } },
  },
  {
    id: 'user-profile',
    phase: 'grant',
    stage: 'Create the user',
    title: 'Profile',
    instruction: 'Choose “{{profileName}}” as the Profile.',
    page: PAGES.newUser,
    target: USER_PROFILE_SELECT,
    complete: { value: USER_PROFILE_SELECT, equals: '{{profileName}}' },
  },
  {
    id: 'save-user',
    phase: 'grant',
    stage: 'Create the user',
    title: 'Save the user',
    instruction: 'Click Save. Salesforce emails the user a link to set a password; Keyhole never sees it.',
    page: PAGES.newUser,
    target: SAVE,
    evidence: [
      {
        page: PAGES.userDetail,
        condition: USER_IS_OURS,
        note: 'Keyhole saw a user record whose Profile is “{{profileName}}”.',
      },
    ],
  },
  {
    id: 'notify-vendor',
    phase: 'notify',
    stage: 'Notify Drivetrain',
    title: 'Tell your Drivetrain CSM',
    instruction: 'Tell your Drivetrain contact the user exists. Never send a password: Salesforce emails the user directly.',
    manual: true,
  },
  {
    id: 'revoke-open-user',
    phase: 'revoke',
    stage: 'Revoke access',
    title: 'Open the Drivetrain user',
    instruction: 'When Drivetrain’s investigation is over, open the user whose Profile is “{{profileName}}”.',
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
    instruction: 'When Drivetrain’s investigation is over, click Freeze: it blocks logins at once.',
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

export const drivetrainSalesforceSupport: PlaybookInput = {
  id: 'drivetrain-salesforce-support',
  version: '1.0.0',
  title: 'Drivetrain: temporary Salesforce access',
  summary: 'A read-only, API-only profile and user for Drivetrain support, and how to revoke it afterwards.',
  vendor: { name: 'Drivetrain', contact: 'your Drivetrain CSM' },
  app: { name: 'Salesforce', hosts: SALESFORCE_HOSTS },
  revokeAfterDays: 7,
  params: {
    profileName: { label: 'Profile name', default: 'Drivetrain Integration' },
    vendorDomain: { label: 'Vendor email domain', default: 'drivetrain.ai' },
  },
  source: 'Drivetrain help center: “Grant temporary access to Salesforce”',
  steps: steps as Step[],
};
