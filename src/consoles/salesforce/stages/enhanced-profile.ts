/**
 * Stage 2 (enhanced profile UI): System Permissions, then each of the grantee's objects on its own Object Settings
 * page (reach it, Edit, Read only). Each page is checked with the same rules and lockout guard.
 */
import type { SalesforceGrantee } from '../playbook.ts';
import { EDIT, FIND_SETTINGS, OBJECT_SUBJECT, PAGES, SALESFORCE_OBJECTS, objectSettingsLink, isProfile, shownChecked } from '../pages.ts';
import { ADMIN_OFF, API_ON, type StepIn, onTheNewProfile } from './common.ts';

const OBJECT_OPS_OFF = ['Create', 'Edit', 'Delete', 'View All', 'Modify All', 'View All Records', 'Modify All Records'];

export function setEnhancedProfilePermissions(g: SalesforceGrantee): StepIn[] {
  const rules = onTheNewProfile(g);
  return [
    {
      id: 'open-system-permissions',
      phase: 'grant',
      stage: 'Set API and object permissions',
      title: 'Open System Permissions',
      instruction: 'Your org uses the enhanced profile page. Open System Permissions (or type “API” in Find Settings…).',
      page: PAGES.profileOverviewEnhanced,
      when: isProfile,
      target: [{ role: 'link', name: 'System Permissions' }, { role: 'link', css: 'a[href*="s=SystemPermissions"]' }],
    },
    {
      id: 'edit-system-permissions',
      phase: 'grant',
      stage: 'Set API and object permissions',
      title: 'Edit System Permissions',
      instruction: 'Click Edit.',
      page: PAGES.systemPermissionsView,
      when: isProfile,
      target: EDIT,
      complete: { all: [API_ON, ADMIN_OFF] },
    },
    {
      id: 'system-permissions',
      phase: 'grant',
      stage: 'Set API and object permissions',
      title: 'API Enabled and API Only User on, admin permissions off',
      instruction: 'Tick API Enabled and API Only User. Modify All Data, View All Data, Manage Users, Customize Application and Author Apex must be off.',
      why: 'There is no “Users” checkbox: User records are readable through sharing (internal default Public Read Only) and View All Users, which Keyhole lists for review.',
      page: PAGES.systemPermissionsEdit,
      permissions: {
        id: 'system-permissions',
        title: 'System permissions (enhanced profile UI)',
        groups: [{}],
        required: rules.requiredSystem,
        ...rules.onTheNewProfile,
      },
    },
    ...g.objects.flatMap((_, i) => objectSteps(g, rules, i)),
  ];
}

/** Reach, edit and check one object's Object Settings page. */
function objectSteps(g: SalesforceGrantee, rules: ReturnType<typeof onTheNewProfile>, i: number): StepIn[] {
  const { api } = g.objects[i];
  const { plural, find, why } = SALESFORCE_OBJECTS[api];
  const id = api.toLowerCase();
  // Where the admin comes from: System Permissions (done) for the first object, the previous object's page after.
  const from = i === 0 ? PAGES.systemPermissionsView : PAGES.objectView(g.objects[i - 1].api);
  return [
    {
      id: `open-object-${id}`,
      phase: 'grant',
      stage: 'Set API and object permissions',
      title: `Open ${plural}`,
      instruction: `Type “${find}” in Find Settings… and open ${plural} (its Object Settings page).`,
      page: from,
      when: isProfile,
      target: [objectSettingsLink(api), FIND_SETTINGS],
      lookFor: `the “Find Settings…” box at the top of the profile page, or Object Settings → ${plural}`,
    },
    {
      id: `edit-object-${id}`,
      phase: 'grant',
      stage: 'Set API and object permissions',
      title: `Edit ${plural}`,
      instruction: `Click Edit to set ${plural} to Read only.`,
      page: PAGES.objectView(api),
      when: isProfile,
      target: EDIT,
      complete: { all: [{ exists: shownChecked('Read') }, { absent: shownChecked(OBJECT_OPS_OFF) }] },
    },
    {
      id: `object-${id}`,
      phase: 'grant',
      stage: 'Set API and object permissions',
      title: `${plural}: Read only`,
      instruction: `Tick Read on ${plural}; leave Create, Edit, Delete, View All and Modify All off. Field Edit Access is listed for review: untick it.`,
      why,
      page: PAGES.objectEdit(api),
      permissions: {
        id: `object-${id}`,
        title: `Object settings: ${plural}`,
        groups: [
          { section: 'Object Permissions', name: '{label} {subject}', subject: OBJECT_SUBJECT },
          { section: 'Field Permissions', name: '{column} {row}', ignoreOthers: true },
        ],
        required: [rules.requiredObjects[i]],
        ...rules.onTheNewProfile,
      },
    },
  ];
}
