/**
 * What "read-only for a HiBob service user" means (research §2.4): "View …"/"See …" rows read, every
 * "Edit/Create/Add/Delete/Manage …" row writes or administers. Names are compared after Keyhole's
 * normalisation (case, whitespace, curly vs straight quotes, and "employees'" == "employee's").
 *
 * Item names:
 *   section layout   the row's label, e.g. "View selected employees' Basic info sections"
 *   field layout     "{column} {section} field: {row}", e.g. "View Basic info field: First name" (People's fields grid)
 *   value list       the option, e.g. "Terminated"
 */
import type { CheckboxGroup, Rule } from '../../format/types.ts';
import { escapeRegex } from '../../core/text.ts';
import { collapsedSection } from './pages.ts';

/** A People section the grantee must be able to view, in either layout; `reveal` opens it when it is collapsed. */
export const viewSection = (section: string, reason: string, row?: string): Rule => ({
  match: {
    equals: [row ?? `View selected employees' ${section} sections`],
    regex: `^view ${escapeRegex(section.toLowerCase())} field: `,
  },
  reason,
  reveal: collapsedSection(section),
});

export const WRITE: Rule[] = [
  {
    match: { regex: "^(edit|create|add|delete|manage|upload|adjust|start|update|remove|import|reset|assign|change|invite|terminate|cancel)\\b" },
    reason: 'A write or admin permission: a read-only service user must not change data in Bob.',
  },
  {
    match: { regex: '\\b(approve|decline)\\b' },
    reason: 'Approving or declining requests acts on behalf of your people: a write permission.',
  },
];

export const FEATURE_FORBIDDEN: Rule[] = [
  ...WRITE,
  { match: { contains: ['API token', 'REST API'] }, reason: 'API administration: lets the holder manage Bob\u2019s API access.' },
];

export const FEATURE_REVIEW: Rule[] = [
  { match: { startsWith: ['Export'] }, reason: 'Exports data out of Bob; a service user reads through the API and does not need it.' },
];
export const FEATURE_REVIEW_REASON =
  'A Features permission: service users reach Bob only through the API, so UI features are not needed. Untick unless the vendor asked for it.';

export const PEOPLE_REVIEW: Rule[] = [
  {
    match: { regex: 'section histories$' },
    reason: 'Section histories show past values; not in the vendor\u2019s list. Keep only if the vendor asked for history.',
  },
  {
    match: { contains: ['salary', 'payroll', 'bank account', 'confidential'] },
    reason: 'Sensitive compensation or confidential data: not in the vendor\u2019s list. Untick unless the vendor asked for it.',
  },
];

/** Section checkboxes and the People's fields grid, named so the same rules cover both layouts. */
export const PEOPLES_DATA_GROUPS: CheckboxGroup[] = [
  { scope: { css: '[role=grid], [role=treegrid]' }, name: '{column} {section} field: {row}' },
  {},
];

export const LIFECYCLE_STATUSES_CORE = ['Hired', 'Employed', 'Terminated', 'Garden leave', 'Leave', 'Parental leave'];

/** The Lifecycle status value list (options rendered in view only). */
export const VALUE_LIST_GROUP: CheckboxGroup = {
  scope: { css: '[role=listbox][aria-multiselectable=true]' },
  items: '[role=option]',
};

export const PEOPLE_REVIEW_REASON = 'Not in the vendor\u2019s list: it lets the vendor read more of your people\u2019s data. Untick unless the vendor asked for it.';
