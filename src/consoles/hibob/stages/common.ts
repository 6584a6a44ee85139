/**
 * What every HiBob stage shares: the two names the admin chooses (playbook parameters), and the dialogs and rows
 * the steps recognise. Steps that belong to an overlay (menu, dialog, value list) say so in `when`, so the guide
 * picks up wherever the admin is.
 */
import type { Condition, PlaybookInput } from '../../../format/schema.ts';
import { NO_DIALOG, WORDS, dialogOpen, isGroup, rowOf, valueListOpen } from '../pages.ts';

export type StepIn = PlaybookInput['steps'][number];

/** The service user's and the permission group's names: parameters every HiBob playbook declares. */
export const SU = '{{serviceUserName}}';
export const GROUP = '{{groupName}}';

export const l = (w: readonly string[]): string[] => [...w];

export const createDialog: Condition = dialogOpen(l(WORDS.createServiceUser));
export const groupDialog: Condition = { all: [dialogOpen(l(WORDS.groupDialog)), { not: dialogOpen('Confirm') }, { not: valueListOpen }] };
export const memberListOpen: Condition = { exists: { role: 'option', name: SU, css: '[role=listbox] [role=option]' } };
export const conditionDialog: Condition = dialogOpen(l(WORDS.conditionDialog));
export const conditionDialogNoList: Condition = { all: [conditionDialog, { absent: { css: '[role=listbox]' } }] };
export const suRow = rowOf(SU);
export const suRowWithGroup = rowOf(SU, { name: { contains: [GROUP] } });
/** On the playbook's own group page, no dialog open. */
export const onGroup: Condition = { all: [isGroup, NO_DIALOG] };
