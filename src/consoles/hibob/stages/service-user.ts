/**
 * Stage 2: Integrations → Service users → Create service user, and the token shown once (never read by Keyhole).
 */
import type { HibobGrantee } from '../playbook.ts';
import { INTEGRATIONS_LINK, MANAGE_SERVICE_USERS, NO_DIALOG, NO_MENU, PAGES, SU_CREATE_BUTTON, WORDS, dialogButton, dialogOpen } from '../pages.ts';
import { SU, type StepIn, createDialog, l, suRow } from './common.ts';

export function createServiceUser(g: HibobGrantee): StepIn[] {
  return [
    {
      id: 'open-integrations',
      phase: 'grant',
      stage: 'Create the service user',
      title: 'Open Integrations',
      instruction: 'In System Settings, open Integrations.',
      page: PAGES.otherSettings,
      target: INTEGRATIONS_LINK,
    },
    {
      id: 'open-service-users',
      phase: 'grant',
      stage: 'Create the service user',
      title: 'Manage service users',
      instruction: 'On the Service users tile, click Manage.',
      why: 'Older tenants show the tile under the Automation category, sometimes with Connect before Manage.',
      page: PAGES.integrations,
      target: MANAGE_SERVICE_USERS,
      lookFor: 'the “Service users” tile and its Manage button',
    },
    // ---------------------------------------------------------------- create the service user
    {
      id: 'create-service-user',
      phase: 'grant',
      stage: 'Create the service user',
      title: 'Create a service user',
      instruction: `Click Create service user. (If you just deleted “${SU}” to revoke access, you are done.)`,
      why: 'Service users are not tied to an employee and cannot log in to Bob; they exist only to call the API.',
      page: PAGES.serviceUsers,
      when: { all: [NO_DIALOG, NO_MENU] },
      target: SU_CREATE_BUTTON,
      complete: { exists: suRow },
      evidence: [{ page: PAGES.serviceUsers, condition: { exists: suRow }, note: `The service user “${SU}” is listed under Service users.` }],
    },
    {
      id: 'service-user-unique-name',
      phase: 'grant',
      stage: 'Create the service user',
      title: 'Unique name',
      instruction: `Older HiBob asks for a unique Name as well: type a short one, e.g. “${SU}”.`,
      optional: true,
      page: PAGES.serviceUsers,
      when: { all: [createDialog, { exists: { role: 'textbox', label: l(WORDS.legacyName), inDialog: true } }] },
      target: { role: 'textbox', label: l(WORDS.legacyName), inDialog: true },
      complete: { value: { role: 'textbox', label: l(WORDS.legacyName), inDialog: true }, nonEmpty: true },
    },
    {
      id: 'service-user-name',
      phase: 'grant',
      stage: 'Create the service user',
      title: 'Display name',
      instruction: `Type “${SU}” as the Display name (or a name of your own: Keyhole follows the name you type).`,
      page: PAGES.serviceUsers,
      when: createDialog,
      target: { role: 'textbox', label: l(WORDS.displayName), inDialog: true },
      complete: { value: { role: 'textbox', label: l(WORDS.displayName), inDialog: true }, equals: SU },
      names: 'serviceUser',
      accept: {
        when: { value: { role: 'textbox', label: l(WORDS.displayName), inDialog: true }, nonEmpty: true },
        note: `The service user has a name of your own instead of ${g.name}’s suggestion; Keyhole follows your name.`,
      },
    },
    {
      id: 'service-user-submit',
      phase: 'grant',
      stage: 'Create the service user',
      title: 'Create it',
      instruction: 'Click Create (Save or Next on some tenants).',
      page: PAGES.serviceUsers,
      when: createDialog,
      target: dialogButton(l(WORDS.createSubmit)),
    },
    {
      id: 'copy-credentials',
      phase: 'grant',
      stage: 'Create the service user',
      title: 'Copy the ID and token now',
      instruction:
        `HiBob shows this token only once. Copy the ID and the token now with their Copy buttons and send them to ${g.name} only through a secure channel (a one-time secret link or your password manager’s sharing; never plain email or chat). Keyhole never reads, stores or sends them. Then continue to permission groups.`,
      why: 'If the token is lost, use Refresh token on the service user later: that revokes the old token and shows a new one once.',
      page: PAGES.serviceUsers,
      when: dialogOpen(l(WORDS.serviceUserInfo)),
      target: [dialogButton('Go to permission groups'), dialogButton('Done')],
    },
  ];
}
