/**
 * Stage 4b: the condition pop-up, Lifecycle status equals the grantee's statuses (every status, custom ones
 * included, when the grantee asks for all). In the open value list every option is checked as a permission.
 */
import type { CheckboxGroup } from '../../../format/types.ts';
import type { HibobGrantee } from '../playbook.ts';
import { CONDITION_FIELD, CONDITION_OPERATOR, CONDITION_VALUE, PAGES, VALUE_LIST_APPLY, WORDS, dialogButton, valueFieldHas, valueListOpen } from '../pages.ts';
import { VALUE_LIST_GROUP } from '../rules.ts';
import { type StepIn, conditionDialog, conditionDialogNoList, l } from './common.ts';

export function setCondition(g: HibobGrantee): StepIn[] {
  const statusGroup: CheckboxGroup = g.allStatuses
    ? { ...VALUE_LIST_GROUP, requireAll: true, reason: g.allStatuses.reason }
    : VALUE_LIST_GROUP;
  return [
    {
      id: 'condition-statuses',
      phase: 'grant',
      stage: 'Set access rights',
      title: 'Tick the lifecycle statuses',
      instruction: g.allStatuses
        ? 'Tick every status in the list, custom ones included, scrolling to its end. Then Apply.'
        : `Tick ${g.statuses.join(', ')}. Then Apply.`,
      why: g.statusWhy,
      page: PAGES.peoplesData,
      when: { all: [conditionDialog, valueListOpen, { value: CONDITION_FIELD, equals: l(WORDS.lifecycleStatus) }] },
      permissions: {
        id: 'lifecycle-statuses',
        title: 'Access rights: Lifecycle status',
        groups: [statusGroup],
        required: g.statusRules,
        forbidden: [],
        review: [],
        defaultReviewReason: g.statusReviewReason,
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
      instruction: g.allStatuses ? 'Open the values and tick every status.' : `Open the values and tick ${g.statuses.join(', ')}.`,
      why: g.statusWhy,
      page: PAGES.peoplesData,
      when: conditionDialogNoList,
      target: CONDITION_VALUE,
      complete: { all: g.statuses.map(valueFieldHas) },
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
  ];
}
