/**
 * HiBob page knowledge (research: shared/research/hibob.md). HiBob is an Angular single-page app built on its
 * bob-style component library. No public source shows the URLs or DOM ids of its settings pages, so every page
 * and control here is recognised by its wording and by ARIA/structure (headings, tabs, dialogs, roles, labels);
 * the host only narrows. Wording variants seen in grantees' guides over the years are listed together.
 *
 * Keyhole never names anything from dialog text: the "Service user info" dialog shows the API token, so it is
 * recognised by its title only and no checkbox check ever runs on it.
 */
import type { Condition, Locator, PageMatcher, Target, TextMatch } from '../../format/types.ts';
import { escapeRegex } from '../../core/text.ts';
import { guidedHosts } from '../hosts.ts';

export const HIBOB_HOSTS = guidedHosts('hibob');
const HOST = { host: HIBOB_HOSTS[0] };

// ---------------------------------------------------------------- wording (current first, then older)
export const WORDS = {
  serviceUsers: ['Service users', 'API service users'],
  createServiceUser: ['Create service user', 'New service user'],
  serviceUserInfo: ['Service user info'],
  displayName: ['Display name'],
  legacyName: ['Name'],
  createSubmit: ['Create', 'Save', 'Next'],
  permissionGroups: ['Permission groups', 'Roles & Permissions', 'Roles and permissions'],
  createGroup: ['Create permission group', 'Add permission group', 'Create group', 'Add group', 'Add another group'],
  groupDialog: ['Create permission group', 'Add permission group', 'Create group', 'New permission group'],
  groupName: ['Group name'],
  groupDescription: ['Description (optional)', 'Description'],
  groupMembers: ['Select service users', 'Members', 'Service users'],
  editPermissions: ['Edit permissions'],
  whoseData: ['Whose data can members access?', 'Whose data can members access'],
  byCondition: ['Select people by condition'],
  conditionDialog: ['Select people by condition'],
  lifecycleStatus: ['Lifecycle status'],
  equals: ['Equals', 'Is'],
  reviewChanges: ['Review changes', 'Summary of changes'],
  deleteServiceUser: ['Delete service user?', 'Delete service user'],
  refreshToken: ['Refresh token'],
  features: ['Features'],
  peoplesData: ["People's data"],
} as const;

const list = (w: readonly string[]): string[] => [...w];

// ---------------------------------------------------------------- locators
export const button = (name: TextMatch, extra: Partial<Locator> = {}): Locator => ({ role: 'button', name, ...extra });
export const dialogButton = (name: TextMatch): Locator => ({ role: 'button', name, inDialog: true });
/** A dialog, by its title (mat-dialog title / b-dialog header). */
const dialogTitled = (title: TextMatch): Locator => ({ role: 'heading', name: title, inDialog: true });
export const dialogOpen = (title: TextMatch): Condition => ({ exists: dialogTitled(title) });
export const NO_DIALOG: Condition = { absent: { role: 'dialog' } };
export const NO_MENU: Condition = { absent: { css: '[role=menu]' } };
export const menuItem = (name: TextMatch): Locator => ({ role: 'menuitem', name });

/** The top-left products ("apps") menu; icon-only, named by its tooltip. */
export const PRODUCTS_MENU: Target = [
  button(['Bob products', 'Products', 'Apps']),
  { role: 'button', css: '[data-qa=bob-products-button]' },
  { role: 'button', css: 'button[data-icon-before=apps]' },
];
export const SYSTEM_SETTINGS_ITEM: Target = [menuItem(['System Settings', 'Settings']), { role: 'link', name: 'System Settings' }];

/** The System Settings left menu. */
const SETTINGS_NAV: Locator[] = [
  { css: 'nav, [role=navigation]', name: 'System Settings' },
];
const settingsLink = (name: TextMatch): Target => [
  { role: 'link', name, within: { text: 'System Settings', css: 'nav, [role=navigation]' } },
  { role: 'link', name },
];
export const INTEGRATIONS_LINK = settingsLink('Integrations');
export const PERMISSION_GROUPS_LINK = settingsLink(list(WORDS.permissionGroups));

/** "Manage" on the Service users tile (other tiles have Manage buttons too). */
export const MANAGE_SERVICE_USERS: Target = [
  button(['Manage', 'Connect', 'Open'], { within: { text: list(WORDS.serviceUsers), css: 'h1, h2, h3, h4, h5, [role=heading]' } }),
  { role: 'link', name: list(WORDS.serviceUsers) },
];

const h1 = (name: TextMatch): Locator => ({ role: 'heading', css: 'h1, [aria-level="1"]', name });

const CELL = '[role=gridcell], [role=cell], td';
const ROW = '[role=row], tr';
/** A row of a data grid (ag-grid [role=row]) or table with a cell named `name` (the name rule: decorations aside). */
export const rowOf = (name: string, extra: Partial<Locator> = {}): Locator => ({
  css: ROW,
  within: { text: name, css: CELL, container: ROW },
  ...extra,
});
/** The row's own "more" (⋯) menu button: in the same row as the name, never a neighbour's ("… (old)"). */
export const rowMenuButton = (name: string): Target => [
  { role: 'button', css: '[aria-haspopup=menu], [aria-haspopup=true]', within: { text: name, css: CELL, container: ROW } },
  { role: 'button', css: '[data-icon-before=more]', within: { text: name, css: CELL, container: ROW } },
];
const MENU_OPEN: Condition = { exists: { css: '[role=menu]' } };
/** The menu opened from this row's ⋯ button (menus open in an overlay at the end of <body>). */
export const rowMenuOpen = (name: string): Condition => ({
  all: [MENU_OPEN, { exists: { css: '[aria-expanded=true]', within: { text: name, css: CELL, container: ROW } } }],
});
/** A row menu is open, but not the one of `name`'s row (e.g. a similar-named "… (old)" service user). */
export const otherRowMenuOpen = (name: string): Condition => ({
  all: [MENU_OPEN, { exists: { css: '[role=row]:has([aria-expanded=true]), tr:has([aria-expanded=true])' } }, { not: rowMenuOpen(name) }],
});
/** The delete confirmation names this service user (and not a similar-named one): "… delete Name (SERVICE-12)?". */
export const deleteDialogFor = (name: string): Condition => ({
  exists: { name: { contains: [`${name} (SERVICE-`, `${name}?`, `“${name}”`, `"${name}"`] }, inDialog: true },
});

export const SU_CREATE_BUTTON: Target = [
  button(list(WORDS.createServiceUser)),
  button({ startsWith: list(WORDS.createServiceUser) }),
];

export const EDIT_PERMISSIONS: Target = button(list(WORDS.editPermissions));
export const SAVE: Target = button('Save');
const tab = (name: TextMatch): Target => [{ role: 'tab', name }, { role: 'link', name, css: '[mat-tab-link], [role=tab]' }];
const ACTIVE_TAB_CSS = '[aria-current=page], [aria-selected=true], .mat-tab-label-active, .mdc-tab--active, .mat-mdc-tab-link-active';
const activeTab = (name: TextMatch): Condition => ({ exists: { role: 'tab', name, css: ACTIVE_TAB_CSS } });

// ---------------------------------------------------------------- the condition pop-up (Lifecycle status)
export const CONDITION_FIELD: Target = [
  { role: 'combobox', label: ['Field', 'Select field'], inDialog: true },
  { role: 'combobox', inDialog: true, nth: 0 },
];
export const CONDITION_OPERATOR: Target = [
  { role: 'combobox', label: ['Condition', 'Operator'], inDialog: true },
  { role: 'combobox', inDialog: true, nth: 1 },
];
export const CONDITION_VALUE: Target = [
  { role: 'combobox', label: ['Value', 'Values'], inDialog: true },
  { role: 'combobox', inDialog: true, nth: 2 },
];
/** The open multi-select value list (bob-style b-multi-list, virtual-scrolled). */
const VALUE_LIST: Locator = { css: '[role=listbox][aria-multiselectable=true]' };
export const VALUE_LIST_APPLY: Target = [
  button('Apply', { within: { text: { regex: '.' }, css: '[role=listbox][aria-multiselectable=true]' } }),
];
export const valueListOpen: Condition = { exists: VALUE_LIST };

// ---------------------------------------------------------------- page signatures
const inSettings: Condition = {
  any: [
    { exists: SETTINGS_NAV },
    { all: [{ exists: { role: 'link', name: 'Integrations' } }, { exists: { role: 'link', name: list(WORDS.permissionGroups) } }] },
  ],
};
const integrationsPage: Condition = { all: [{ exists: h1('Integrations') }, { exists: MANAGE_SERVICE_USERS }] };
const serviceUsersPage: Condition = { all: [{ exists: h1(list(WORDS.serviceUsers)) }, { exists: SU_CREATE_BUTTON }] };
const permissionGroupsPage: Condition = { all: [{ exists: h1(list(WORDS.permissionGroups)) }, { exists: button({ startsWith: list(WORDS.createGroup) }) }] };
const groupPage: Condition = {
  all: [
    { exists: { role: 'tab', name: list(WORDS.features) } },
    { exists: { role: 'tab', name: list(WORDS.peoplesData) } },
    { any: [{ exists: EDIT_PERMISSIONS }, { exists: button('Save') }] },
  ],
};
const peoplesDataTab: Condition = {
  all: [groupPage, { any: [activeTab(list(WORDS.peoplesData)), { exists: { name: list(WORDS.whoseData) } }] }],
};
const featuresTab: Condition = { all: [groupPage, activeTab(list(WORDS.features))] };

export const PAGES = {
  /** Any HiBob page outside System Settings (home, people, time off…), products menu closed. */
  outsideSettings: { url: HOST, signature: { all: [{ not: inSettings }, { absent: SYSTEM_SETTINGS_ITEM }] } },
  /** The products menu is open on a page outside System Settings. */
  productsMenuOpen: { url: HOST, signature: { all: [{ not: inSettings }, { exists: SYSTEM_SETTINGS_ITEM }] } },
  /** A System Settings page that is not one of the flow's pages. */
  otherSettings: {
    url: HOST,
    signature: {
      all: [inSettings, { not: { any: [integrationsPage, serviceUsersPage, permissionGroupsPage, groupPage] } }],
    },
  },
  integrations: { url: HOST, signature: integrationsPage },
  serviceUsers: { url: HOST, signature: serviceUsersPage },
  permissionGroups: { url: HOST, signature: permissionGroupsPage },
  group: { url: HOST, signature: groupPage },
  peoplesData: { url: HOST, signature: peoplesDataTab },
  features: { url: HOST, signature: featuresTab },
} satisfies Record<string, PageMatcher>;

/** The group page is about the playbook's group: recognised by its id, then by its title under the name rule. */
export const isGroup: Condition = { identity: 'group', is: 'same' };
export const isOtherGroup: Condition = { identity: 'group', is: 'other' };

/**
 * The playbook's objects in HiBob. A group's pages carry its id in the URL (unverified URL shape, research §2.1)
 * and its name in the page heading; default groups say so ("Default group"), which is positive evidence that the
 * page is not the group the admin made. Service users have no page of their own: their typed name is recorded.
 */
export const hibobObjects = (grantee: string) => ({
  group: {
    label: 'permission group',
    param: 'groupName',
    name: '{{groupName}}',
    pages: [PAGES.group],
    title: { role: 'heading' as const, css: 'h1, [aria-level="1"]' },
    id: { path: '/permission-groups/([^/]+)' },
    builtIn: { exists: { name: { startsWith: ['Default group'] } } },
  },
  serviceUser: { label: `service user for ${grantee}`, param: 'serviceUserName', name: '{{serviceUserName}}' },
});

export const TABS = {
  features: tab(list(WORDS.features)),
  peoplesData: tab(list(WORDS.peoplesData)),
};

/** A lazily rendered, collapsed section (bob-style b-collapsible-section) by its title. */
export const collapsedSection = (title: TextMatch): Target => [
  { css: '[aria-expanded=false]', within: { text: title, css: 'h1, h2, h3, h4, h5, h6, [role=heading]' } },
];

/** "Lifecycle status equals" / "is" / "=", never "is not" (a negated condition lists what is left out). */
const SUMMARY_HEAD = 'lifecycle status (equals|is|=):?\\s+(?!not\\b)';
/**
 * The access-rights summary line shows a status among the condition's values: as text ("… equals Hired, Employed and
 * Terminated", the status a whole item of the list, so "Leave" is not read in "Garden leave"), or as a chip of its own
 * inside the summary (chips need no commas between them).
 */
export const conditionSummaryHas = (status: string): Condition => ({
  any: [
    { exists: { name: { regex: `${SUMMARY_HEAD}(.*(,\\s*|\\sand\\s+))?${escapeRegex(status.toLowerCase())}\\s*(,|\\sand\\s|$)` } } },
    { exists: { name: status, within: { text: { regex: `^${SUMMARY_HEAD}` } } } },
  ],
});
/** The Value field of the condition pop-up (comma-joined) contains a status. */
export const valueFieldHas = (status: string): Condition => ({
  value: CONDITION_VALUE,
  equals: { regex: `(^|,\\s*)${escapeRegex(status.toLowerCase())}\\s*(,|$)` },
});
