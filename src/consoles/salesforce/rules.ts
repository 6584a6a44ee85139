/**
 * What "read-only for an integration user" means on a Salesforce profile (research §11): the required set,
 * what must be off, and a one-line reason for everything else a Read Only clone brings along. The grantee
 * chooses the objects it reads and says why; the rest is the console's. Everything the rules do not name is judged
 * by the permission catalog (catalog.ts): write and admin permissions (Apex REST Services, Send Outbound Messages,
 * Edit Opportunity Product Sales Price, View All Users, field Edit Access …) are forbidden whatever the rules say.
 */
import type { Rule } from '../../format/types.ts';
import { SALESFORCE_OBJECTS, objectsListed, objectsPhrase, type SalesforceObject } from './pages.ts';

const OPS = '(create|edit|delete|view all|modify all)( records)?';

/** Headings of the pages' object-permission sections (original and enhanced profile UI). */
const OBJECT_SECTIONS = ['Standard Object Permissions', 'Custom Object Permissions', 'Object Permissions'];
/** Sections of the original profile page that hold permissions (not app/tab visibility or layouts). */
export const PROFILE_PERMISSION_SECTIONS = ['Administrative Permissions', 'General User Permissions', ...OBJECT_SECTIONS];

/**
 * Sections of the original profile page that give the profile's users access to connected apps (OAuth clients) and
 * single sign-on service providers: not permissions the catalog knows (each org has its own apps), but access all
 * the same, so every ticked one is reviewed, with its reason.
 */
export const APP_ACCESS_SECTIONS = ['Connected App Access', 'Service Provider Access'];

/** What the rules need to know about the grantee. */
interface ProfileRuleInput {
  name: string;
  objects: Array<{ api: SalesforceObject; reason: string }>;
  /** Reason for Read on an object the grantee did not ask for. */
  otherObjectReason: string;
  /** Reason for anything else a cloned profile has on. */
  defaultReviewReason: string;
}

interface ProfileRules {
  requiredSystem: Rule[];
  requiredObjects: Rule[];
  forbidden: Rule[];
  review: Rule[];
  defaultReviewReason: string;
}

export function profileRules(g: ProfileRuleInput): ProfileRules {
  const objects = objectsPhrase(g.objects.length);
  const listed = objectsListed(g.objects.map((o) => o.api));
  return {
    requiredSystem: [
      { match: 'API Enabled', reason: `${g.name} reads your data through the API.` },
      { match: ['API Only User', 'Api Only User'], reason: 'The user can call the API but cannot log in to the Salesforce UI.' },
    ],
    requiredObjects: g.objects.map((o) => ({ match: `Read ${SALESFORCE_OBJECTS[o.api].plural}`, reason: o.reason })),
    forbidden: [
      {
        match: { regex: `^${OPS} \\S` },
        section: OBJECT_SECTIONS,
        reason: 'Write or org-wide object access: a read-only integration must not create, edit, delete or see/modify all records.',
      },
      { match: 'Modify All Data', reason: 'Full write access to every record in the org.' },
      { match: 'View All Data', reason: `Reads every record regardless of sharing: far beyond ${objects} needed.` },
      { match: 'Manage Users', reason: 'Can create users and change profiles: an admin permission.' },
      { match: 'Manage Internal Users', reason: 'Can create and change users: an admin permission.' },
      { match: 'Customize Application', reason: 'Can change the org\u2019s configuration.' },
      { match: 'Author Apex', reason: 'Can write and run code in the org.' },
      { match: 'Bulk API Hard Delete', reason: 'Can permanently delete records.' },
      { match: 'Modify Metadata Through Metadata API Functions', reason: 'Can change org metadata.' },
      { match: 'Manage Profiles and Permission Sets', reason: 'Can raise its own access.' },
      { match: 'Reset User Passwords and Unlock Users', reason: 'An admin permission.' },
    ],
    review: [
      { match: 'View Setup and Configuration', reason: `Shows your org\u2019s setup; not needed to read ${listed}.` },
      { match: ['Run Reports', 'Export Reports'], reason: `Reports can reach data beyond ${objects}; not needed through the API.` },
      { match: ['Create and Customize Reports', 'Create and Customize List Views', 'Subscribe to Reports'], reason: 'Your own reports and list views: not needed by an API-only user; recommended off.' },
      { match: 'View Roles and Role Hierarchy', reason: `Not needed to read ${objects}.` },
      { match: { startsWith: ['Chatter'] }, reason: 'Chatter lets the user post; an API-only integration does not need it. Recommended off.' },
      { match: ['Lightning Experience User', 'Lightning Console User'], reason: 'Meaningless for an API-only user; recommended off.' },
      { match: { regex: '^read \\S' }, section: OBJECT_SECTIONS, reason: g.otherObjectReason },
      {
        match: { regex: '.' },
        section: APP_ACCESS_SECTIONS,
        reason: `Lets this profile\u2019s users use this app (sign-in and the access it was given): ${g.name} does not need it unless it asked you to enable its own app.`,
      },
    ],
    defaultReviewReason: g.defaultReviewReason,
  };
}
