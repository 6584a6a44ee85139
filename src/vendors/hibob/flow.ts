/**
 * The HiBob service-user flow as playbook data, shared by every HiBob vendor playbook: System Settings →
 * Integrations → Service users → create → credentials (shown once) → Permission groups → Service user group →
 * People's data (access rights by Lifecycle status, section/field permissions) → Features → revoke.
 *
 * HiBob is a single-page app and Keyhole decides the current step from what the page shows, so every step
 * that belongs to an overlay (menu, dialog, value list) says so in `when`, and steps that are done show it in
 * `complete`; that lets the guide pick up wherever the admin is.
 */
import type { CheckboxGroup, Condition, PlaybookInput, Rule } from '../../playbook/schema.ts';
import {
  CONDITION_FIELD, CONDITION_OPERATOR, CONDITION_VALUE, EDIT_PERMISSIONS, INTEGRATIONS_LINK, MANAGE_SERVICE_USERS,
  NO_DIALOG, NO_MENU, PAGES, PERMISSION_GROUPS_LINK, PRODUCTS_MENU, SAVE, SU_CREATE_BUTTON, SYSTEM_SETTINGS_ITEM, TABS,
  VALUE_LIST_APPLY, WORDS, button, conditionSummaryHas, dialogButton, dialogOpen, isGroup, menuItem, rowMenuButton,
  rowMenuOpen, rowOf, valueFieldHas, valueListOpen,
} from './pages.ts';
import {
  FEATURE_FORBIDDEN, FEATURE_REVIEW, FEATURE_REVIEW_REASON, PEOPLES_DATA_GROUPS, PEOPLE_REVIEW, PEOPLE_REVIEW_REASON,
  VALUE_LIST_GROUP, WRITE,
} from './rules.ts';

type StepIn = PlaybookInput['steps'][number];

const SU = '{{serviceUserName}}';
const GROUP = '{{groupName}}';
const l = (w: readonly string[]) => [...w];

export interface HibobFlowOptions {
  vendor: string;
  /** Statuses the access condition must include (checked in the Value field and the summary). */
  statuses: string[];
  /** Every option of the Lifecycle status list must be ticked (custom statuses included). */
  allStatuses?: { reason: string };
  statusRules: Rule[];
  statusReviewReason: string;
  statusWhy: string;
  peopleRequired: Rule[];
  peopleReview: Rule[];
  peopleInstruction: string;
  peopleWhy?: string;
  /** The vendor's guide makes the group description mandatory. */
  groupDescriptionRequired?: boolean;
  /** Offer "Refresh token" (its guide asks for it after the permissions). */
  refreshToken?: { instruction: string; why?: string };
  notify: string;
  revokeWhy: string;
}

const createDialog: Condition = dialogOpen(l(WORDS.createServiceUser));
const groupDialog: Condition = { all: [dialogOpen(l(WORDS.groupDialog)), { not: dialogOpen('Confirm') }, { not: valueListOpen }] };
const memberListOpen: Condition = { exists: { role: 'option', name: SU, css: '[role=listbox] [role=option]' } };
const conditionDialog: Condition = dialogOpen(l(WORDS.conditionDialog));
const conditionDialogNoList: Condition = { all: [conditionDialog, { absent: { css: '[role=listbox]' } }] };
const suRow = rowOf(SU);
const suRowWithGroup = rowOf(SU, { name: { contains: [GROUP] } });

export function hibobSteps(o: HibobFlowOptions): StepIn[] {
  const accessDone: Condition = { all: o.statuses.map(conditionSummaryHas) };
  const onGroup: Condition = { all: [isGroup(GROUP), NO_DIALOG] };
  const statusGroup: CheckboxGroup = o.allStatuses
    ? { ...VALUE_LIST_GROUP, requireAll: true, reason: o.allStatuses.reason }
    : VALUE_LIST_GROUP;

  const steps: StepIn[] = [
    // ---------------------------------------------------------------- to System Settings → Integrations
    {
      id: 'open-products-menu',
      phase: 'grant',
      stage: 'Open System Settings',
      title: 'Open the products menu',
      instruction: 'Open the Bob products menu (the grid icon at the top left).',
      why: 'Only Admins see System Settings in this menu. If it is missing, ask a HiBob Admin to do this.',
      page: PAGES.outsideSettings,
      target: PRODUCTS_MENU,
      lookFor: 'the products (apps) icon at the top left of Bob',
    },
    {
      id: 'open-system-settings',
      phase: 'grant',
      stage: 'Open System Settings',
      title: 'Open System Settings',
      instruction: 'Choose System Settings.',
      page: PAGES.productsMenuOpen,
      target: SYSTEM_SETTINGS_ITEM,
    },
    {
      id: 'open-integrations',
      phase: 'grant',
      stage: 'Create the service user',
      title: 'Open Integrations',
      instruction: 'In System Settings, open Integrations.',
      page: PAGES.otherSettings,
      target: INTEGRATIONS_LINK,
    },
    {
      id: 'open-service-users',
      phase: 'grant',
      stage: 'Create the service user',
      title: 'Manage service users',
      instruction: 'On the Service users tile, click Manage.',
      why: 'Older tenants show the tile under the Automation category, sometimes with Connect before Manage.',
      page: PAGES.integrations,
      target: MANAGE_SERVICE_USERS,
      lookFor: 'the “Service users” tile and its Manage button',
    },
    // ---------------------------------------------------------------- create the service user
    {
      id: 'create-service-user',
      phase: 'grant',
      stage: 'Create the service user',
      title: 'Create a service user',
      instruction: `Click Create service user. (If you just deleted “${SU}” to revoke access, you are done.)`,
      why: 'Service users are not tied to an employee and cannot log in to Bob; they exist only to call the API.',
      page: PAGES.serviceUsers,
      when: { all: [NO_DIALOG, NO_MENU] },
      target: SU_CREATE_BUTTON,
      complete: { exists: suRow },
      evidence: [{ page: PAGES.serviceUsers, condition: { exists: suRow }, note: `The service user “${SU}” is listed under Service users.` }],
    },
    {
      id: 'service-user-unique-name',
      phase: 'grant',
      stage: 'Create the service user',
      title: 'Unique name',
      instruction: `Older HiBob asks for a unique Name as well: type a short one, e.g. “${SU}”.`,
      optional: true,
      page: PAGES.serviceUsers,
      when: { all: [createDialog, { exists: { role: 'textbox', label: l(WORDS.legacyName), inDialog: true } }] },
      target: { role: 'textbox', label: l(WORDS.legacyName), inDialog: true },
      complete: { value: { role: 'textbox', label: l(WORDS.legacyName), inDialog: true }, nonEmpty: true },
    },
    {
      id: 'service-user-name',
      phase: 'grant',
      stage: 'Create the service user',
      title: 'Display name',
      instruction: `Type “${SU}” as the Display name.`,
      page: PAGES.serviceUsers,
      when: createDialog,
      target: { role: 'textbox', label: l(WORDS.displayName), inDialog: true },
      complete: { value: { role: 'textbox', label: l(WORDS.displayName), inDialog: true }, equals: SU },
    },
    {
      id: 'service-user-submit',
      phase: 'grant',
      stage: 'Create the service user',
      title: 'Create it',
      instruction: 'Click Create (Save or Next on some tenants).',
      page: PAGES.serviceUsers,
      when: createDialog,
      target: dialogButton(l(WORDS.createSubmit)),
    },
    {
      id: 'copy-credentials',
      phase: 'grant',
      stage: 'Create the service user',
      title: 'Copy the ID and token now',
      instruction:
        `HiBob shows this token only once. Copy the ID and the token now with their Copy buttons and send them to ${o.vendor} only through a secure channel (a one-time secret link or your password manager’s sharing; never plain email or chat). Keyhole never reads, stores or sends them. Then continue to permission groups.`,
      why: 'If the token is lost, use Refresh token on the service user later: that revokes the old token and shows a new one once.',
      page: PAGES.serviceUsers,
      when: dialogOpen(l(WORDS.serviceUserInfo)),
      target: [dialogButton('Go to permission groups'), dialogButton('Done')],
    },
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
      instruction: `Type “${GROUP}” as the Group name.`,
      page: PAGES.permissionGroups,
      when: groupDialog,
      target: { role: 'textbox', label: l(WORDS.groupName), inDialog: true },
      complete: { value: { role: 'textbox', label: l(WORDS.groupName), inDialog: true }, equals: GROUP },
    },
    ...(o.groupDescriptionRequired
      ? [
          {
            id: 'group-description',
            phase: 'grant',
            stage: 'Create the permission group',
            title: 'Description',
            instruction: `Describe the group, e.g. “Read-only access for ${o.vendor}”.`,
            why: `${o.vendor}’s guide makes the description mandatory.`,
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
    {
      id: 'open-group',
      phase: 'grant',
      stage: 'Set access rights',
      title: `Open “${GROUP}”`,
      instruction: `Open the group “${GROUP}” to set its access rights and permissions.`,
      page: PAGES.permissionGroups,
      when: { all: [{ exists: { role: 'link', name: GROUP } }, NO_DIALOG, NO_MENU] },
      target: { role: 'link', name: GROUP },
    },
    // ---------------------------------------------------------------- group page: access rights
    {
      id: 'wrong-group',
      phase: 'grant',
      stage: 'Set access rights',
      title: 'Wrong group',
      instruction: `This is not “${GROUP}”. Do not change this group: its members would gain or lose access. Go back to Permission groups and open “${GROUP}”.`,
      warning: true,
      page: PAGES.group,
      when: { not: isGroup(GROUP) },
      target: PERMISSION_GROUPS_LINK,
    },
    {
      id: 'edit-access',
      phase: 'grant',
      stage: 'Set access rights',
      title: 'Edit permissions',
      instruction: 'Click Edit permissions.',
      page: PAGES.peoplesData,
      when: { all: [onGroup, { exists: EDIT_PERMISSIONS }, { not: accessDone }] },
      target: EDIT_PERMISSIONS,
    },
    {
      id: 'access-by-condition',
      phase: 'grant',
      stage: 'Set access rights',
      title: 'Select people by condition',
      instruction: 'Under “Whose data can members access?”, choose Select people by condition.',
      why: 'Learn Amp reports that “Everyone” can filter some people out; a Lifecycle-status condition states exactly whose data the vendor reads.',
      page: PAGES.peoplesData,
      when: onGroup,
      target: [{ role: 'radio', label: l(WORDS.byCondition) }, { role: 'radio', label: l(WORDS.byCondition), hidden: true }],
      complete: { checked: { role: 'radio', label: l(WORDS.byCondition), hidden: true }, is: true },
    },
    {
      id: 'access-edit-condition',
      phase: 'grant',
      stage: 'Set access rights',
      title: 'Edit the condition',
      instruction: `Click Edit to set the condition: Lifecycle status equals ${o.statuses.join(', ')}${o.allStatuses ? ' and every other status your tenant has' : ''}.`,
      why: o.statusWhy,
      page: PAGES.peoplesData,
      when: onGroup,
      target: [button('Edit', { within: { text: l(WORDS.whoseData) } }), button('Edit')],
      complete: accessDone,
    },
    {
      id: 'condition-statuses',
      phase: 'grant',
      stage: 'Set access rights',
      title: 'Tick the lifecycle statuses',
      instruction: o.allStatuses
        ? 'Tick every status in the list, custom ones included, scrolling to its end. Then Apply.'
        : `Tick ${o.statuses.join(', ')}. Then Apply.`,
      why: o.statusWhy,
      page: PAGES.peoplesData,
      when: { all: [conditionDialog, valueListOpen, { value: CONDITION_FIELD, equals: l(WORDS.lifecycleStatus) }] },
      permissions: {
        id: 'lifecycle-statuses',
        title: 'Access rights: Lifecycle status',
        groups: [statusGroup],
        required: o.statusRules,
        forbidden: [],
        review: [],
        defaultReviewReason: o.statusReviewReason,
        save: VALUE_LIST_APPLY,
      },
    },
    {
      id: 'condition-field',
      phase: 'grant',
      stage: 'Set access rights',
      title: 'Condition: Lifecycle status',
      instruction: 'Choose Lifecycle status as the field (replace a default condition if there is one).',
      page: PAGES.peoplesData,
      when: conditionDialogNoList,
      target: CONDITION_FIELD,
      complete: { value: CONDITION_FIELD, equals: l(WORDS.lifecycleStatus) },
    },
    {
      id: 'condition-operator',
      phase: 'grant',
      stage: 'Set access rights',
      title: 'Condition: Equals',
      instruction: 'Choose Equals.',
      page: PAGES.peoplesData,
      when: conditionDialogNoList,
      target: CONDITION_OPERATOR,
      complete: { value: CONDITION_OPERATOR, equals: l(WORDS.equals) },
    },
    {
      id: 'condition-values',
      phase: 'grant',
      stage: 'Set access rights',
      title: 'Condition: the statuses',
      instruction: o.allStatuses ? 'Open the values and tick every status.' : `Open the values and tick ${o.statuses.join(', ')}.`,
      why: o.statusWhy,
      page: PAGES.peoplesData,
      when: conditionDialogNoList,
      target: CONDITION_VALUE,
      complete: { all: o.statuses.map(valueFieldHas) },
    },
    {
      id: 'condition-apply',
      phase: 'grant',
      stage: 'Set access rights',
      title: 'Apply the condition',
      instruction: 'Click Apply.',
      page: PAGES.peoplesData,
      when: conditionDialogNoList,
      target: dialogButton('Apply'),
    },
    // ---------------------------------------------------------------- permissions
    {
      id: 'peoples-data-permissions',
      phase: 'grant',
      stage: 'Set permissions',
      title: "People's data: view only",
      instruction: o.peopleInstruction,
      why: o.peopleWhy,
      page: PAGES.peoplesData,
      when: onGroup,
      permissions: {
        id: 'peoples-data',
        title: "People's data permissions",
        groups: PEOPLES_DATA_GROUPS,
        required: o.peopleRequired,
        forbidden: WRITE,
        review: [...o.peopleReview, ...PEOPLE_REVIEW],
        defaultReviewReason: PEOPLE_REVIEW_REASON,
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

  if (o.refreshToken) {
    steps.push({
      id: 'refresh-token',
      phase: 'notify',
      stage: 'Refresh the token',
      title: 'Refresh token',
      instruction: o.refreshToken.instruction,
      why: o.refreshToken.why,
      optional: true,
      page: PAGES.serviceUsers,
      when: rowMenuOpen(SU),
      target: menuItem(l(WORDS.refreshToken)),
    });
  }

  steps.push(
    {
      id: 'notify-vendor',
      phase: 'notify',
      stage: `Notify ${o.vendor}`,
      title: `Tell ${o.vendor}`,
      instruction: o.notify,
      manual: true,
    },
    {
      id: 'revoke-open-menu',
      phase: 'revoke',
      stage: 'Revoke access',
      title: `Open the menu of “${SU}”`,
      instruction: o.refreshToken
        ? `To end the integration: open the ⋯ menu of “${SU}” and choose Delete.`
        : `When ${o.vendor}’s work is done: open the ⋯ menu of “${SU}”.`,
      why: o.revokeWhy,
      page: PAGES.serviceUsers,
      when: { all: [{ exists: suRowWithGroup }, NO_DIALOG, NO_MENU] },
      target: rowMenuButton(SU),
    },
  );
  if (!o.refreshToken) {
    steps.push({
      id: 'revoke-delete',
      phase: 'revoke',
      stage: 'Revoke access',
      title: 'Delete the service user',
      instruction: 'Choose Delete. (Refresh token would only replace the token; Delete ends all access.)',
      page: PAGES.serviceUsers,
      when: rowMenuOpen(SU),
      target: menuItem('Delete'),
    });
  }
  steps.push({
    id: 'revoke-confirm-delete',
    phase: 'revoke',
    stage: 'Revoke access',
    title: 'Confirm the deletion',
    instruction: `Click Delete. “${SU}” and its token stop working at once.`,
    page: PAGES.serviceUsers,
    when: { all: [dialogOpen(l(WORDS.deleteServiceUser)), { exists: { name: { contains: [SU] }, inDialog: true } }] },
    target: dialogButton('Delete'),
  });
  return steps;
}
