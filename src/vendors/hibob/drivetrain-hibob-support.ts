/**
 * Drivetrain: grant temporary HiBob access (seed shared/seeds/000_f552120214c41e78.txt), corrected where the
 * seed is vague or out of date about HiBob (see each step's `why`).
 */
import type { PlaybookInput, Step } from '../../playbook/schema.ts';
import { HIBOB_HOSTS } from './pages.ts';
import { hibobSteps } from './flow.ts';
import { DRIVETRAIN_REQUIRED, DRIVETRAIN_STATUSES, DRIVETRAIN_STATUS_REVIEW_REASON } from './rules.ts';

export const drivetrainHibobSupport: PlaybookInput = {
  id: 'drivetrain-hibob-support',
  version: '1.0.0',
  title: 'Drivetrain: temporary HiBob access',
  summary: 'A HiBob service user in a read-only permission group for Drivetrain support (Hired, Employed and Terminated people; Basic info, Employment, History, Lifecycle, Work), and its deletion afterwards.',
  vendor: { name: 'Drivetrain', contact: 'your Drivetrain onboarding or support contact' },
  app: { name: 'HiBob', hosts: HIBOB_HOSTS },
  revokeAfterDays: 7,
  params: {
    serviceUserName: { label: 'Service user name', default: 'Drivetrain Support', pattern: '^[^,]{1,80}$' },
    groupName: { label: 'Permission group name', default: 'Drivetrain Support Access', pattern: '^[^,]{1,80}$' },
  },
  source: 'Drivetrain integrations guide: “Grant temporary access to HiBob”',
  steps: hibobSteps({
    vendor: 'Drivetrain',
    statuses: ['Hired', 'Employed', 'Terminated'],
    statusRules: DRIVETRAIN_STATUSES,
    statusReviewReason: DRIVETRAIN_STATUS_REVIEW_REASON,
    statusWhy:
      'Drivetrain asks for Hired, Employed and Terminated people. A new group’s default condition is “Lifecycle status = Employed”, which hides new hires and leavers. (Drivetrain must also ask the API for inactive people to receive Terminated ones.)',
    peopleRequired: DRIVETRAIN_REQUIRED,
    peopleReview: [],
    peopleInstruction:
      'Tick View on Basic info, Employment, profile changes History, Lifecycle and Work. Every Edit, Create, Add, Delete or Manage box must be off.',
    peopleWhy:
      'The seed says “People → Basic Info, Employment, History, Lifecycle, Work”: in HiBob these are the “View selected employees’ … sections” rows (History is “profile changes history”). Tenants with field-level permissions show a People’s fields grid instead: tick View (never Edit) on the fields of those categories. Collapsed sections are not on the page until opened, so Keyhole asks you to open each required one.',
    notify:
      'Tell your Drivetrain contact the service user is ready. Send the ID and token only through a secure channel; Drivetrain does not store them and loses access when the service user is deleted.',
    revokeWhy:
      'The seed says “Settings → Users → Manage Service Users … Remove Access or Delete”: in HiBob it is System Settings → Integrations → Service users, ⋯ menu → Delete. Deleting revokes the token at once.',
  }) as Step[],
};
