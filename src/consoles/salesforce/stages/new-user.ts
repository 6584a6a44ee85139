/**
 * Stage 3: the user the grantee signs in as, with the new profile: Users → New User, the form's required fields,
 * the profile's license and the profile itself. Salesforce emails the user a password link; Keyhole never sees it.
 */
import type { SalesforceGrantee } from '../playbook.ts';
import { PAGES, SAVE, USER_PROFILE_SELECT, button } from '../pages.ts';
import { type StepIn, USER_IS_OURS } from './common.ts';

/** The New User form's password e-mail box (research §6: "Generate new password and notify user immediately"). */
const NOTIFY_BOX = [
  { role: 'checkbox' as const, label: { startsWith: ['Generate new password and notify user'] } },
  { role: 'checkbox' as const, css: 'input[name*=EmailInfoEmail]' },
];

export function createUser(g: SalesforceGrantee): StepIn[] {
  return [
    {
      id: 'new-user',
      phase: 'grant',
      stage: 'Create the user',
      title: `Create the ${g.name} user`,
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
        ['user-last-name', 'Last Name', `Type a last name, e.g. “${g.name} Support”.`, { nonEmpty: true }],
        ['user-email', 'Email', g.emailInstruction, { equals: { contains: ['@{{vendorDomain}}'] } }, {
          // Another address is the admin's call (a shared mailbox, another domain): a warning, never a block.
          when: { value: { role: 'textbox', label: 'Email' }, equals: { regex: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$' } },
          note: `The Email is not at @{{vendorDomain}}. Make sure it is the address your ${g.name} contact gave you: Salesforce sends the login link to it.`,
        }],
        ['user-username', 'Username', 'Type a unique username in email form (it need not be a real mailbox).', { nonEmpty: true }],
        ['user-alias', 'Alias', 'Type a short alias (up to 8 characters).', { nonEmpty: true }],
      ] as const
    ).map(
      ([id, label, instruction, cond, accept]): StepIn => ({
        id,
        phase: 'grant',
        stage: 'Create the user',
        title: label,
        instruction,
        page: PAGES.newUser,
        target: { role: 'textbox', label },
        lookFor: `the “${label}” field of the user form`,
        complete: { value: { role: 'textbox', label }, ...cond },
        ...(accept ? { accept } : {}),
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
      id: 'user-notify',
      phase: 'grant',
      stage: 'Create the user',
      title: 'Send the login e-mail',
      instruction: 'Tick “Generate new password and notify user immediately”: Salesforce e-mails the address above a link to set the password. Keyhole never sees it.',
      why: `The seed: “The user will receive login credentials via email, which will be used by the ${g.name} team.” Without this e-mail nobody can log in as the user until you click Reset Password on its page.`,
      page: PAGES.newUser,
      target: NOTIFY_BOX,
      lookFor: 'the “Generate new password and notify user immediately” checkbox at the bottom of the user form',
      complete: { checked: NOTIFY_BOX, is: true },
      choice: {
        question: 'Should Salesforce e-mail the login link now?',
        yes: 'Yes, tick it',
        no: 'No, later',
        noNote: 'You chose not to send the login e-mail now; Reset Password on the user’s page sends it later.',
      },
    },
    {
      id: 'save-user',
      phase: 'grant',
      stage: 'Create the user',
      title: 'Save the user',
      instruction: 'Click Save. With “Generate new password and notify user immediately” ticked, Salesforce e-mails the user a link to set a password; Keyhole never sees it.',
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
  ];
}
