/**
 * Salesforce Setup page knowledge: how each Setup page is recognised and where its controls are, by
 * visible text, label, title and structure (research: shared/research/salesforce.md). Page URLs are the
 * classic paths, which are what the content script sees inside the Lightning iframe
 * (`force-aloha-page iframe[name^=vfFrameId_]`, on *.my.salesforce.com or *.my.salesforce-setup.com) and in
 * Classic. The Lightning shell itself (/lightning/setup/...) carries no step: the guide lives in the frame.
 */
import type { Condition, Locator, PageMatcher, Target } from '../../format/types.ts';
import { guidedHosts } from '../hosts.ts';

export const SALESFORCE_HOSTS = guidedHosts('salesforce');

/** Salesforce record ids: 15 or 18 characters; profiles start 00e, users 005. */
const ID_TAIL = '[A-Za-z0-9]{12}([A-Za-z0-9]{3})?';

export const button = (name: string | string[]): Locator => ({ role: 'button', name });
/** Classic buttons carry padded, localised values; name="save" is stable across languages. */
export const SAVE: Target = [button('Save'), { role: 'button', css: 'input[name=save]' }];
export const CANCEL: Target = [button('Cancel'), { role: 'button', css: 'input[name=cancel]' }];
export const EDIT: Target = [button('Edit'), { role: 'button', css: 'input[name=edit]' }];

/**
 * Read-only pages show permissions as images ("Checked" / "Not Checked" in alt and title) next to a label cell.
 * Matching the image by its row label keeps the check to that one row (research §3.2).
 */
const CHECKED_IMG = 'img[title="Checked"], img[alt="Checked"]';
const UNCHECKED_IMG = 'img[title="Not Checked"], img[alt="Not Checked"]';
export const shownChecked = (label: string | string[]): Locator => ({ css: CHECKED_IMG, label, hidden: true });
export const shownUnchecked = (label: string | string[]): Locator => ({ css: UNCHECKED_IMG, label, hidden: true });

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
    // Language-independent: the list's Clone links lead to the clone form (/00e/e?clone=1).
    signature: { exists: [button('New Profile'), { role: 'button', css: 'input[name=new]' }, { role: 'link', css: 'a[href*="/00e/e?"]', hidden: true }] },
  },
  cloneForm: {
    url: { path: '^/00e/e$' },
    signature: { exists: [{ role: 'combobox', label: 'Existing Profile', hidden: true }, { role: 'combobox', css: 'form select', hidden: true }] },
  },
  /** Any read-only profile page (original detail, enhanced overview, enhanced section views). */
  profileAnyView: {
    url: { path: `^/00e${ID_TAIL}$` },
    signature: { exists: [button('Edit'), { role: 'button', css: 'input[name=edit]' }, { role: 'link', css: 'a[href*="s=SystemPermissions"]' }] },
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
    signature: { exists: [{ role: 'combobox', label: 'Profile' }, { role: 'combobox', css: 'select[name=Profile]' }] },
  },
  userDetail: {
    url: { path: `^/005${ID_TAIL}$` },
    signature: { exists: EDIT },
  },
  userEdit: {
    url: { path: `^/005${ID_TAIL}/e$` },
    signature: { exists: [{ role: 'checkbox', label: 'Active' }, { role: 'combobox', css: 'select[name=Profile]' }] },
  },
} satisfies Record<string, PageMatcher | ((a: string) => PageMatcher) | ((a: string | null) => PageMatcher)>;

/** The profile the page is about is the playbook's profile (lockout guard). */
export const isProfile: Condition = { identity: 'profile', is: 'same' };
export const isOtherProfile: Condition = { identity: 'profile', is: 'other' };

/**
 * The playbook's objects in Salesforce. A profile's pages carry its id in the path (`/00e…`, the 15-character
 * prefix of an 18-character id) and its name in the page description; a page that shows "Custom Profile: Not
 * Checked" is a standard profile, never the clone this playbook makes.
 */
export const IDENTITY_OBJECTS = {
  profile: {
    label: 'profile',
    param: 'profileName',
    name: '{{profileName}}',
    pages: [{ url: { path: `^/00e${ID_TAIL}(/e)?$` } }],
    title: [{ css: 'h2.pageDescription' }, { css: '.pageDescription' }],
    id: { path: '^/(00e[A-Za-z0-9]{12})' },
    builtIn: { exists: shownUnchecked('Custom Profile') },
  },
};

/** Object Settings pages carry the object's plural label as the title of their page block (e.g. "Accounts"). */
export const OBJECT_SUBJECT: Target = [
  { css: '.pbTitle h2, .pbTitle h3' },
  { role: 'heading', css: 'h2, h1' },
];

/** The Existing Profile picklist of the clone form; on a translated page, the form's only picklist. */
export const CLONE_SELECT: Target = [{ role: 'combobox', label: 'Existing Profile' }, { role: 'combobox', css: 'form select' }];
/** The Profile picklist of the user form: its name attribute is stable across languages (research §6). */
export const USER_PROFILE_SELECT: Target = [{ role: 'combobox', label: 'Profile' }, { role: 'combobox', css: 'select[name=Profile]' }];

/** A link to one object's Object Settings page (enhanced UI, `?s=ObjectsAndTabs&o=<Api>`), e.g. in Find Settings results. */
export const objectSettingsLink = (api: string): Locator => ({
  role: 'link',
  css: `a[href*="s=ObjectsAndTabs"][href*="o=${api}&"], a[href*="s=ObjectsAndTabs"][href$="o=${api}"]`,
});
export const FIND_SETTINGS: Locator = { role: 'textbox', label: { startsWith: ['Find Settings'] } };

/**
 * Standard objects a grantee may read: their plural label (checkbox names read "Read <plural>"), what to type in
 * Find Settings to reach their Object Settings page, and what the seeds get wrong about them.
 */
export const SALESFORCE_OBJECTS = {
  Account: { plural: 'Accounts', find: 'Acc', why: undefined },
  Opportunity: {
    plural: 'Opportunities',
    find: 'Opp',
    why: 'Opportunity History and Opportunity Field History have no checkbox of their own: they follow Read on Opportunities (and each field’s Read Access).',
  },
  Lead: { plural: 'Leads', find: 'Lea', why: undefined },
} as const satisfies Record<string, { plural: string; find: string; why: string | undefined }>;
export type SalesforceObject = keyof typeof SALESFORCE_OBJECTS;

const COUNT = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
/** "the three objects": how rules and instructions refer to the grantee's objects. */
export const objectsPhrase = (n: number): string => (n === 1 ? 'the one object' : `the ${COUNT[n - 1] ?? n} objects`);
/** "Accounts, Opportunities and Leads". */
export function objectsListed(apis: SalesforceObject[]): string {
  const p = apis.map((a) => SALESFORCE_OBJECTS[a].plural);
  return p.length > 1 ? `${p.slice(0, -1).join(', ')} and ${p[p.length - 1]}` : (p[0] ?? '');
}
