/**
 * Salesforce Setup page knowledge: how each Setup page is recognised and where its controls are, by
 * visible text, label, title and structure (research: shared/research/salesforce.md). Page URLs are the
 * classic paths, which are what the content script sees inside the Lightning iframe
 * (`force-aloha-page iframe[name^=vfFrameId_]`, on *.my.salesforce.com or *.my.salesforce-setup.com) and in
 * Classic. The Lightning shell itself (/lightning/setup/...) carries no step: the guide lives in the frame.
 */
import type { Condition, Locator, PageMatcher, Target } from '../../core/types.ts';

export const SALESFORCE_HOSTS = [
  '^[a-z0-9-]+(--[a-z0-9-]+)?(\\.(sandbox|develop|scratch|demo|free|patch|trailblaze))?\\.my\\.salesforce\\.com$',
  '^[a-z0-9-]+(--[a-z0-9-]+)?(\\.(sandbox|develop|scratch|demo|free|patch|trailblaze))?\\.my\\.salesforce-setup\\.com$',
];

/** Salesforce record ids: 15 or 18 characters; profiles start 00e, users 005. */
const ID_TAIL = '[A-Za-z0-9]{12}([A-Za-z0-9]{3})?';

export const button = (name: string | string[]): Locator => ({ role: 'button', name });
/** Classic buttons carry padded, localised values; name="save" is stable across languages. */
export const SAVE: Target = [button('Save'), { role: 'button', css: 'input[name=save]' }];
export const CANCEL: Target = [button('Cancel'), { role: 'button', css: 'input[name=cancel]' }];
export const EDIT: Target = [button('Edit'), { role: 'button', css: 'input[name=edit]' }];

export const pageHeading = (text: string): Condition => ({
  any: [{ exists: { role: 'heading', name: text } }, { exists: { css: '.pageDescription', name: text } }],
});

/** Administrative/General permission tables and the Standard Object Permissions crudTable. */
const hasPermissionSections: Condition = {
  any: [
    { exists: { role: 'heading', name: ['Administrative Permissions', 'General User Permissions', 'Standard Object Permissions'] } },
    { exists: { css: 'table.crudTable', hidden: true } },
  ],
};

export const PAGES = {
  profilesList: {
    url: { path: '^/(00e|setup/ui/profilelist\\.jsp)$', query: { s: null } },
    signature: { exists: [button('New Profile'), { role: 'button', name: { startsWith: ['New Profile'] } }] },
  },
  cloneForm: {
    url: { path: '^/00e/e$' },
    signature: { exists: { role: 'combobox', label: 'Existing Profile' } },
  },
  profileDetailOriginal: {
    url: { path: `^/00e${ID_TAIL}$`, query: { s: null } },
    signature: { all: [{ exists: EDIT }, hasPermissionSections] },
  },
  profileEditOriginal: {
    url: { path: `^/00e${ID_TAIL}/e$`, query: { s: null } },
    signature: { all: [{ exists: { role: 'checkbox', hidden: true } }, hasPermissionSections] },
  },
  profileOverviewEnhanced: {
    url: { path: `^/00e${ID_TAIL}$`, query: { s: null } },
    signature: { exists: { role: 'link', name: 'System Permissions' } },
  },
  systemPermissionsView: {
    url: { path: `^/00e${ID_TAIL}$`, query: { s: '^SystemPermissions$' } },
    signature: { exists: EDIT },
  },
  systemPermissionsEdit: {
    url: { path: `^/00e${ID_TAIL}/e$`, query: { s: '^SystemPermissions$' } },
    signature: { exists: { role: 'checkbox', hidden: true } },
  },
  objectSettingsList: {
    url: { path: `^/00e${ID_TAIL}$`, query: { s: '^ObjectsAndTabs$', o: null } },
  },
  objectView: (api: string): PageMatcher => ({
    url: { path: `^/00e${ID_TAIL}$`, query: { s: '^ObjectsAndTabs$', o: `^${api}$` } },
    signature: { exists: EDIT },
  }),
  objectEdit: (api: string | null): PageMatcher => ({
    url: { path: `^/00e${ID_TAIL}/e$`, query: { s: '^ObjectsAndTabs$', o: api ? `^${api}$` : '.' } },
    signature: { exists: { role: 'heading', name: 'Object Permissions' } },
  }),
  usersList: {
    url: { path: '^/005$' },
    signature: { exists: button('New User') },
  },
  newUser: {
    url: { path: '^/005/e$' },
    signature: { exists: { role: 'combobox', label: 'Profile' } },
  },
  userDetail: {
    url: { path: `^/005${ID_TAIL}$` },
    signature: { exists: EDIT },
  },
  userEdit: {
    url: { path: `^/005${ID_TAIL}/e$` },
    signature: { exists: { role: 'checkbox', label: 'Active' } },
  },
} satisfies Record<string, PageMatcher | ((a: string) => PageMatcher) | ((a: string | null) => PageMatcher)>;

/** The profile the page is about is the playbook's profile (lockout guard). */
export const isProfile = (name: string): Condition => ({
  any: [
    pageHeading(name),
    { value: { role: 'textbox', label: ['Profile Name', 'Name'] }, equals: name },
  ],
});

/** Object pages carry the object's plural label as their heading (e.g. "Accounts"). */
export const OBJECT_SUBJECT: Target = [
  { css: '.pageDescription' },
  { role: 'heading', css: 'h2, h1' },
];
