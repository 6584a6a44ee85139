/**
 * HiBob permission catalog: every permission-group row Keyhole knows (research hibob.md §2.4, HiBob's help pages,
 * vendor guides, and the rows of the project's HiBob fixture), each classified by EVERY verb in it: one writing
 * verb makes the row write ("View and manage employee document requests" writes because of "manage"; "View,
 * approve or decline requests …" because of "approve"/"decline"; "Request read approval" because of "request").
 * Rows that change company setup, integrations or API access are admin.
 *
 * Rows not listed are judged by the same verbs (PATTERNS): any writing verb anywhere → write; "View …"/"See …"
 * → read. The People's fields grid names its boxes "{column} {section} field: {row}" ("View Basic info field:
 * First name"), judged by the column.
 */
import type { Catalog, CatalogEntry, CatalogPattern, Effect } from '../../core/effects.ts';

const SOURCES = {
  R: 'research hibob.md §2.4 (permission strings quoted from vendor guides that copy HiBob’s labels)',
  HB: 'HiBob help “Create a custom permission group” (help.hibob.com 4409776408209): “in the Docs section, enable Request read approval, and View and Manage employee document requests”',
  DEEL: 'Deel help 12601852701201 (older wording “view all employees personal contact details sections”)',
  KOMBO: 'Kombo help (research §2.4, Time off and Features rows)',
  FX: 'in the project’s HiBob fixture (tests/fixtures/hibob/app/app.js PD and FEATURES rows; rows not in research are the fixture’s invention)',
} as const;
type SourceCode = keyof typeof SOURCES;

/** Verbs and what they do. A row's effect is the strongest of its verbs (admin > write > read). */
const READ_VERBS = ['view', 'see', 'export'] as const;
const WRITE_VERBS = [
  'edit', 'create', 'add', 'delete', 'manage', 'upload', 'adjust', 'start', 'update', 'remove', 'import', 'reset', 'assign',
  'change', 'invite', 'terminate', 'cancel', 'approve', 'decline', 'request', 'submit', 'send', 'sign', 'publish', 'move', 'reject', 'run',
] as const;
/** A writing verb on one of these is admin: it changes Bob's setup, integrations or API access for everyone. */
const ADMIN_OBJECTS = ['integration', 'api token', 'rest api', 'permission group', 'lists (sites', 'time off policies', 'time off settings'] as const;

/** Every verb in a row, in order ("View, approve or decline …" → view, approve, decline). */
export function verbsOf(label: string): string[] {
  const words = label.toLowerCase().replace(/[’']/g, "'").split(/[^a-z']+/).filter(Boolean);
  const verbs: readonly string[] = [...READ_VERBS, ...WRITE_VERBS];
  return words.filter((w) => verbs.includes(w));
}

/** The effect a row's verbs give it: the rule every entry below must agree with (checked by tests/unit/catalog.test.ts). */
export function effectOfVerbs(label: string): Effect | null {
  const verbs = verbsOf(label);
  if (!verbs.length) return null;
  const writes = verbs.some((v) => (WRITE_VERBS as readonly string[]).includes(v));
  if (writes) return ADMIN_OBJECTS.some((o) => label.toLowerCase().includes(o)) ? 'admin' : 'write';
  return 'read';
}

/** [label, effect, grants, source codes, tab/section] */
type Row = [string, Effect, string, string, string];

const sec = (s: string) => `People's data › People › ${s}`;

// prettier-ignore
const ROWS: Row[] = [
  // People's data › People: section rows (read)
  ["View selected employees' Basic info sections", 'read', 'Reads name, email, photo and other basic details of the people in Access rights.', 'R FX', sec('Basic info')],
  ["View selected employees' About sections", 'read', 'Reads the About section (bio, social links).', 'R FX', sec('About')],
  ["View selected employees' Address sections", 'read', 'Reads home addresses.', 'R FX', sec('Address')],
  ["View selected employees' Address section histories", 'read', 'Reads past addresses.', 'R FX', sec('Address')],
  ["View selected employees' EEO sections", 'read', 'Reads equal-employment data (ethnicity, gender and similar).', 'R FX', sec('EEO')],
  ["View selected employees' email addresses", 'read', 'Reads email addresses.', 'R FX', sec('Email')],
  ["View selected employees' Employment sections", 'read', 'Reads employment type, hours and contract.', 'R FX', sec('Employment')],
  ["View selected employees' Employment section histories", 'read', 'Reads past employment values.', 'R FX', sec('Employment')],
  ["View selected employees' profile changes history", 'read', 'Reads the history of profile changes.', 'R FX', sec('History')],
  ["View selected employees' Home sections", 'read', 'Reads the Home section (family, emergency contacts).', 'R FX', sec('Home')],
  ["View selected employees' Identification sections", 'read', 'Reads identification numbers (passport, national ID).', 'R FX', sec('Identification')],
  ["View selected employees' Lifecycle sections", 'read', 'Reads lifecycle status, start and termination dates.', 'R FX', sec('Lifecycle')],
  ["View selected employees' Lifecycle section histories", 'read', 'Reads past lifecycle values.', 'R FX', sec('Lifecycle')],
  ["View selected employees' Payroll sections", 'read', 'Reads payroll data.', 'R FX', sec('Payroll')],
  ["View selected employees' Payroll section histories", 'read', 'Reads past payroll values.', 'R FX', sec('Payroll')],
  ["View selected employees' Personal sections", 'read', 'Reads personal data (date of birth, nationality).', 'R FX', sec('Personal')],
  ["View selected employees' Personal contact details sections", 'read', 'Reads personal phone numbers and email.', 'R FX', sec('Personal contact details')],
  ['view all employees personal contact details sections', 'read', 'Reads personal phone numbers and email (older wording).', 'DEEL', sec('Personal contact details')],
  ["View selected employees' Work sections", 'read', 'Reads department, title, manager and site.', 'R FX', sec('Work')],
  ["View selected employees' Work section histories", 'read', 'Reads past work values.', 'R FX', sec('Work')],
  ["View selected employees' Salary sections", 'read', 'Reads salaries.', 'FX', sec('Salary')],
  ["View selected employees' Salary section histories", 'read', 'Reads past salaries.', 'FX', sec('Salary')],
  // People's data › People: section rows (write)
  ["Edit selected employees' Basic info sections", 'write', 'Changes names, emails and other basic details.', 'R FX', sec('Basic info')],
  ["Edit selected employees' About sections", 'write', 'Changes the About section.', 'R FX', sec('About')],
  ["Edit selected employees' Address sections", 'write', 'Changes home addresses.', 'R FX', sec('Address')],
  ["Edit selected employees' email addresses", 'write', 'Changes email addresses (and so where Bob’s mail and logins go).', 'R FX', sec('Email')],
  ["Edit selected employees' Employment sections", 'write', 'Changes employment data.', 'FX', sec('Employment')],
  ["Edit selected employees' Identification sections", 'write', 'Changes identification numbers.', 'FX', sec('Identification')],
  ["Edit selected employees' Lifecycle sections", 'write', 'Changes lifecycle status, start and termination dates.', 'R FX', sec('Lifecycle')],
  ["Edit selected employees' Payroll sections", 'write', 'Changes payroll data.', 'FX', sec('Payroll')],
  ["Edit selected employee's Personal sections", 'write', 'Changes personal data.', 'R FX', sec('Personal')],
  ["Edit selected employees' Personal contact details sections", 'write', 'Changes personal contact details.', 'R FX', sec('Personal contact details')],
  ["Edit selected employees' Salary sections", 'write', 'Changes salaries.', 'FX', sec('Salary')],
  ["Edit selected employees' Work sections", 'write', 'Changes department, title, manager and site.', 'FX', sec('Work')],
  // People's data › Time off
  ["See selected people's time off and sick leave balances", 'read', 'Reads time off and sick leave balances.', 'R FX', "People's data › Time off › Balances"],
  ["See who's out today", 'read', 'Reads who is absent today.', 'KOMBO FX', "People's data › Time off › Who's out"],
  ["Adjust selected people's time off balances", 'write', 'Changes time off balances.', 'FX', "People's data › Time off › Balances"],
  ["Create and manage selected people's time off requests", 'write', 'Creates and changes time off requests on people’s behalf.', 'R FX', "People's data › Time off › Requests"],
  ['View, approve or decline requests that are pending approval of others', 'write', 'Approves or declines other people’s requests: acts on behalf of your managers.', 'R FX', "People's data › Time off › Requests"],
  ["Create, edit, and cancel people's requests that haven't been approved yet", 'write', 'Creates, changes and cancels pending requests.', 'KOMBO FX', "People's data › Time off › Requests"],
  // People's data › Docs
  ['Request read approval', 'write', 'Sends documents to employees and asks them to confirm they read them.', 'HB', "People's data › Docs"],
  ['View and manage employee document requests', 'write', 'Reads and changes document requests to employees (“manage”).', 'HB', "People's data › Docs"],
  ["View selected employees' confidential documents", 'read', 'Reads confidential documents.', 'FX', "People's data › Docs › Confidential docs"],
  ["Upload and delete selected employees' confidential documents", 'write', 'Uploads and deletes confidential documents.', 'FX', "People's data › Docs › Confidential docs"],
  ["View selected employees' shared documents", 'read', 'Reads shared documents.', 'FX', "People's data › Docs › Shared docs"],
  ["Upload and delete selected employees' shared documents", 'write', 'Uploads and deletes shared documents.', 'FX', "People's data › Docs › Shared docs"],
  // People's data › Tasks and flows, Performance
  ["View selected employees' tasks", 'read', 'Reads people’s tasks.', 'FX', "People's data › Tasks and flows › Tasks"],
  ["Manage selected employees' tasks", 'write', 'Creates, changes and completes people’s tasks.', 'FX', "People's data › Tasks and flows › Tasks"],
  ['Start flows for selected employees', 'write', 'Starts workflows (onboarding, offboarding) that change people’s data.', 'FX', "People's data › Tasks and flows › Flows"],
  ["View selected employees' performance reviews", 'read', 'Reads performance reviews.', 'FX', "People's data › Performance › Reviews"],
  // Features
  ["View the company's people directory", 'read', 'Reads the people directory.', 'R FX', 'Features › People › Directory'],
  ['Add new people to the company', 'write', 'Creates employee records.', 'R FX', 'Features › People › Employees'],
  ['Delete people from the company', 'write', 'Deletes employee records.', 'R FX', 'Features › People › Employees'],
  ["View the company's org chart", 'read', 'Reads the org chart.', 'R FX', 'Features › Organisational chart'],
  ["Export the company's org chart", 'read', 'Exports the org chart out of Bob.', 'R FX', 'Features › Organisational chart'],
  ['Edit all lists (sites, job titles, etc.)', 'admin', 'Changes the company lists every profile uses (sites, job titles, departments).', 'R FX', 'Features › Lists'],
  ["View reports according to people's data access rights", 'read', 'Reads reports within Access rights.', 'R FX', 'Features › Reports'],
  ['Create and edit company reports', 'write', 'Creates and changes company reports other people use.', 'FX', 'Features › Reports'],
  ["See company's time off settings", 'read', 'Reads time off settings.', 'R FX', 'Features › Time off › Settings'],
  ["Manage company's time off policies", 'admin', 'Changes time off policies for everyone.', 'FX', 'Features › Time off › Settings'],
  ['Create/update/delete the integration', 'admin', 'Creates, changes and deletes Bob’s integrations (automation).', 'R FX', 'Features › Integrations › Automation'],
  ['Manage positions', 'write', 'Creates and changes positions (workforce planning).', 'R FX', 'Features › Workforce planning › Position management'],
  ['Manage REST API token', 'admin', 'Manages Bob’s API tokens (legacy API access).', 'R FX', 'Features › API access'],
];

export const PERMISSION_ROWS: readonly (CatalogEntry & { where: string })[] = ROWS.map(([label, effect, grants, codes, where]) => ({
  key: label,
  label,
  effect,
  grants,
  source: codes.split(' ').map((c) => SOURCES[c as SourceCode]).join('; '),
  basis: 'reviewed',
  where,
}));

const VERB_SRC = 'HiBob rows by their verbs (research §2.4 read/write rule, applied to every verb of the row)';
const WRITE_RE = `\\b(${WRITE_VERBS.join('|')})\\b`;

/** Rows Keyhole has not listed, by their verbs; the People's fields grid by its column. */
const PATTERNS: readonly CatalogPattern[] = [
  { id: 'field-edit', regex: '^edit .+ field: ', effect: 'write', grants: 'Changes the field (People’s fields grid, Edit column).', source: VERB_SRC },
  { id: 'field-view', regex: '^view .+ field: ', effect: 'read', grants: 'Reads the field (People’s fields grid, View column).', source: VERB_SRC },
  { id: 'admin-verbs', regex: `${WRITE_RE}.*\\b(integrations?|api tokens?|rest api|permission groups?|policies)\\b`, effect: 'admin', grants: 'Changes Bob’s setup, integrations or access (judged from its verbs).', source: VERB_SRC },
  { id: 'write-verbs', regex: WRITE_RE, effect: 'write', grants: 'Changes data in Bob (judged from its verbs: one writing verb is enough).', source: VERB_SRC },
  { id: 'read-verbs', regex: '^(view|see|export)\\b', effect: 'read', grants: 'Reads data in Bob (judged from its verbs).', source: VERB_SRC },
];

export const HIBOB_CATALOG: Catalog = {
  console: 'hibob',
  language: 'en',
  entries: PERMISSION_ROWS,
  patterns: PATTERNS,
};

/** Shown when Keyhole cannot read the page's permission rows (contract rule 5). */
export const LANGUAGE_NOTICE =
  'Keyhole cannot read the permission rows on this page: they are not in a language it knows, so it marks nothing as fine and will not point you to Save. Switch your own language in Bob to English for this setup (your personal language setting, reached from your avatar), then reload this page. Switch back when you are done.';
