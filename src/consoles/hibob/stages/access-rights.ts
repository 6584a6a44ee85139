/**
 * Stage 4a: on the group's page, whose data its members can read: "Select people by condition", then Edit the
 * condition (stage 4b, condition.ts). Any other group is left alone: its members would gain or lose access.
 */
import type { Condition } from '../../../format/types.ts';
import type { HibobGrantee } from '../playbook.ts';
import { EDIT_PERMISSIONS, NO_DIALOG, NO_MENU, PAGES, PERMISSION_GROUPS_LINK, WORDS, button, conditionSummaryHas, isOtherGroup } from '../pages.ts';
import { GROUP, type StepIn, l, onGroup } from './common.ts';

export function setAccessRights(g: HibobGrantee): StepIn[] {
  const accessDone: Condition = { all: g.statuses.map(conditionSummaryHas) };
  return [
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
      why: 'Keyhole recognises the group by its id (recorded when you created or opened it), then by its name; a default group or another id is another group.',
      page: PAGES.group,
      when: isOtherGroup,
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
      why: g.conditionWhy ?? 'A Lifecycle-status condition states exactly whose data the service user reads.',
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
      instruction: `Click Edit to set the condition: Lifecycle status equals ${g.statuses.join(', ')}${g.allStatuses ? ' and every other status your tenant has' : ''}.`,
      why: g.statusWhy,
      page: PAGES.peoplesData,
      when: onGroup,
      target: [button('Edit', { within: { text: l(WORDS.whoseData) } }), button('Edit')],
      complete: accessDone,
    },
  ];
}
