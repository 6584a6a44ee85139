/**
 * What "read-only for an integration user" means on a Salesforce profile (research §11): the required set,
 * what must be off, and a one-line reason for everything else a Read Only clone brings along.
 */
import type { Rule } from '../../core/types.ts';

const OPS = '(create|edit|delete|view all|modify all)( records)?';

/** Headings of the pages' object-permission sections (original and enhanced profile UI). */
export const OBJECT_SECTIONS = ['Standard Object Permissions', 'Custom Object Permissions', 'Object Permissions'];
/** Sections of the original profile page that hold permissions (not app/tab visibility or layouts). */
export const PROFILE_PERMISSION_SECTIONS = ['Administrative Permissions', 'General User Permissions', ...OBJECT_SECTIONS];

export const REQUIRED_SYSTEM: Rule[] = [
  { match: 'API Enabled', reason: 'Drivetrain reads your data through the API.' },
  { match: ['API Only User', 'Api Only User'], reason: 'The user can call the API but cannot log in to the Salesforce UI.' },
];

export const REQUIRED_OBJECTS: Rule[] = [
  { match: 'Read Accounts', reason: 'Drivetrain needs to read Accounts.' },
  {
    match: 'Read Opportunities',
    reason: 'Drivetrain needs to read Opportunities; Opportunity History and Opportunity Field History follow this permission (they have no checkbox of their own).',
  },
  { match: 'Read Leads', reason: 'Drivetrain needs to read Leads.' },
];

export const FORBIDDEN: Rule[] = [
  {
    match: { regex: `^${OPS} \\S` },
    section: OBJECT_SECTIONS,
    reason: 'Write or org-wide object access: a read-only integration must not create, edit, delete or see/modify all records.',
  },
  { match: 'Modify All Data', reason: 'Full write access to every record in the org.' },
  { match: 'View All Data', reason: 'Reads every record regardless of sharing: far beyond the three objects needed.' },
  { match: 'Manage Users', reason: 'Can create users and change profiles: an admin permission.' },
  { match: 'Manage Internal Users', reason: 'Can create and change users: an admin permission.' },
  { match: 'Customize Application', reason: 'Can change the org\u2019s configuration.' },
  { match: 'Author Apex', reason: 'Can write and run code in the org.' },
  { match: 'Bulk API Hard Delete', reason: 'Can permanently delete records.' },
  { match: 'Modify Metadata Through Metadata API Functions', reason: 'Can change org metadata.' },
  { match: 'Manage Profiles and Permission Sets', reason: 'Can raise its own access.' },
  { match: 'Reset User Passwords and Unlock Users', reason: 'An admin permission.' },
];

export const REVIEW: Rule[] = [
  { match: 'View Setup and Configuration', reason: 'Shows your org\u2019s setup; not needed to read Accounts, Opportunities and Leads.' },
  { match: ['Run Reports', 'Export Reports'], reason: 'Reports can reach data beyond the three objects; not needed through the API.' },
  { match: ['Create and Customize Reports', 'Manage Public List Views', 'Create and Customize List Views', 'Subscribe to Reports'], reason: 'Report and list-view authoring is not needed by an API-only user.' },
  { match: 'Apex REST Services', reason: 'Salesforce counts Apex REST Services as giving edit access; untick unless Drivetrain asked for it.' },
  { match: 'View Roles and Role Hierarchy', reason: 'Not needed to read the three objects.' },
  { match: 'View All Users', reason: 'User records are readable through sharing (internal default: Public Read Only); View All Users widens that. There is no "Users" object checkbox.' },
  { match: { startsWith: ['Chatter', 'Invite Customers To Chatter'] }, reason: 'Chatter lets the user post and share files; an API-only integration does not need it.' },
  { match: ['Lightning Experience User', 'Lightning Console User'], reason: 'Meaningless for an API-only user.' },
  { match: { regex: '^read \\S' }, section: OBJECT_SECTIONS, reason: 'Read on an object Drivetrain did not ask for: untick unless the support case needs it.' },
  { match: { regex: '^edit access ' }, reason: 'Field-level Edit: harmless without object Edit, but becomes live if any permission set ever grants Edit. Untick.' },
  { match: 'Edit Opportunity Product Sales Price', reason: 'A write permission the Read Only profile carries.' },
];

export const DEFAULT_REVIEW_REASON = 'On in the profile you cloned, but not needed for Drivetrain\u2019s read-only troubleshooting: untick unless Drivetrain asked for it.';
