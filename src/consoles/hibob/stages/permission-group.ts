/**
 * Stage 3: a Service user permission group whose only member is the service user. A new group starts with no
 * permissions; older tenants pick the member in the dialog, newer ones in a member list first.
 */
import type { HibobGrantee } from '../playbook.ts';
import { NO_DIALOG, NO_MENU, PAGES, PERMISSION_GROUPS_LINK, WORDS, button, dialogButton, dialogOpen, menuItem } from '../pages.ts';
import { GROUP, SU, type StepIn, groupDialog, l, memberListOpen, suRow, suRowWithGroup } from './common.ts';

export function createPermissionGroup(g: HibobGrantee): StepIn[] {
  return [
    {
      id: 'open-permission-groups',
      phase: 'grant',
      stage: 'Create the permission group',
      title: 'Open Permission groups',
      instruction: `“${SU}” exists. Open Permission groups (System Settings → Account) to give it read-only access.`,
      why: 'A new service user has no access at all until it is in a permission group.',
      page: PAGES.serviceUsers,
      when: { all: [{ exists: suRow }, NO_DIALOG, NO_MENU] },
      target: PERMISSION_GROUPS_LINK,
      complete: { exists: suRowWithGroup },
    },
    // ---------------------------------------------------------------- the permission group
    {
      id: 'create-group',
      phase: 'grant',
      stage: 'Create the permission group',
      title: 'Create a permission group',
      instruction: 'Click Create permission group (Add permission group on some tenants).',
      page: PAGES.permissionGroups,
      when: { all: [NO_DIALOG, NO_MENU] },
      target: [button(l(WORDS.createGroup)), button({ startsWith: l(WORDS.createGroup) })],
      complete: { exists: { role: 'link', name: GROUP } },
      evidence: [{ page: PAGES.permissionGroups, condition: { exists: { role: 'link', name: GROUP } }, note: `The permission group “${GROUP}” is listed.` }],
    },
    {
      id: 'choose-service-user-group',
      phase: 'grant',
      stage: 'Create the permission group',
      title: 'A Service user group',
      instruction: 'Choose Service user.',
      page: PAGES.permissionGroups,
      when: { exists: menuItem('Service user') },
      target: menuItem('Service user'),
    },
    {
      id: 'pick-service-user',
      phase: 'grant',
      stage: 'Create the permission group',
      title: `Select “${SU}”`,
      instruction: `Tick “${SU}”.`,
      page: PAGES.permissionGroups,
      when: memberListOpen,
      target: { role: 'option', name: SU, css: '[role=listbox] [role=option]' },
      complete: { checked: { role: 'option', name: SU, css: '[role=listbox] [role=option]' }, is: true },
    },
    {
      id: 'apply-members',
      phase: 'grant',
      stage: 'Create the permission group',
      title: 'Apply',
      instruction: `Click Apply to add “${SU}” as the group’s member.`,
      page: PAGES.permissionGroups,
      when: memberListOpen,
      target: button('Apply', { within: { text: SU, css: '[role=listbox] [role=option]' } }),
    },
    {
      id: 'group-name',
      phase: 'grant',
      stage: 'Create the permission group',
      title: 'Group name',
      instruction: `Type “${GROUP}” as the Group name (or a name of your own: Keyhole follows the name you type).`,
      page: PAGES.permissionGroups,
      when: groupDialog,
      target: { role: 'textbox', label: l(WORDS.groupName), inDialog: true },
      complete: { value: { role: 'textbox', label: l(WORDS.groupName), inDialog: true }, equals: GROUP },
      names: 'group',
      accept: {
        when: { value: { role: 'textbox', label: l(WORDS.groupName), inDialog: true }, nonEmpty: true },
        note: `The permission group has a name of your own instead of ${g.name}’s suggestion; Keyhole follows your name.`,
      },
    },
    ...(g.groupDescriptionRequired
      ? [
          {
            id: 'group-description',
            phase: 'grant',
            stage: 'Create the permission group',
            title: 'Description',
            instruction: `Describe the group, e.g. “Read-only access for ${g.name}”.`,
            why: `${g.name}’s guide makes the description mandatory.`,
            page: PAGES.permissionGroups,
            when: groupDialog,
            target: { role: 'textbox', label: l(WORDS.groupDescription), inDialog: true },
            complete: { value: { role: 'textbox', label: l(WORDS.groupDescription), inDialog: true }, nonEmpty: true },
          } satisfies StepIn,
        ]
      : []),
    {
      id: 'group-members',
      phase: 'grant',
      stage: 'Create the permission group',
      title: 'Select the service user',
      instruction: `Open Select service users and pick “${SU}”.`,
      page: PAGES.permissionGroups,
      when: groupDialog,
      target: [{ role: 'combobox', label: l(WORDS.groupMembers), inDialog: true }, { role: 'textbox', label: l(WORDS.groupMembers), inDialog: true }],
      complete: { value: [{ role: 'combobox', label: l(WORDS.groupMembers), inDialog: true }, { role: 'textbox', label: l(WORDS.groupMembers), inDialog: true }], equals: { contains: [SU] } },
    },
    {
      id: 'create-group-submit',
      phase: 'grant',
      stage: 'Create the permission group',
      title: 'Create the group',
      instruction: 'Click Create.',
      page: PAGES.permissionGroups,
      when: groupDialog,
      target: dialogButton(['Create', 'Save']),
    },
    {
      id: 'confirm-group',
      phase: 'grant',
      stage: 'Create the permission group',
      title: 'Confirm',
      instruction: 'Click Confirm. A new group starts with no permissions.',
      page: PAGES.permissionGroups,
      when: dialogOpen('Confirm'),
      target: dialogButton('Confirm'),
    },
  ];
}
