/**
 * Drivetrain: grant temporary HiBob access (seed shared/seeds/000_f552120214c41e78.txt), corrected where the
 * seed is vague or out of date about HiBob (see each step's `why`).
 */
import { hibobPlaybook } from '../../consoles/hibob/playbook.ts';
import { viewSection } from '../../consoles/hibob/rules.ts';

const STATUSES = ['Hired', 'Employed', 'Terminated'];

export const drivetrainHibobSupport = hibobPlaybook({
  id: 'drivetrain-hibob-support',
  version: '1.0.0',
  title: 'Drivetrain: temporary HiBob access',
  summary: 'A HiBob service user in a read-only permission group for Drivetrain support (Hired, Employed and Terminated people; Basic info, Employment, History, Lifecycle, Work), and its deletion afterwards.',
  source: 'Drivetrain integrations guide: “Grant temporary access to HiBob”',
  name: 'Drivetrain',
  contact: 'your Drivetrain onboarding or support contact',
  revokeAfterDays: 7,
  serviceUserName: 'Drivetrain Support',
  groupName: 'Drivetrain Support Access',
  statuses: STATUSES,
  statusRules: STATUSES.map((s) => ({ match: s, reason: `Drivetrain asks for people whose status is ${s}.` })),
  statusReviewReason:
    'Not in Drivetrain\u2019s list (Hired, Employed, Terminated): it widens whose data Drivetrain can read. Keep it only if the issue involves people in this status.',
  statusWhy:
    'Drivetrain asks for Hired, Employed and Terminated people. A new group’s default condition is “Lifecycle status = Employed”, which hides new hires and leavers. (Drivetrain must also ask the API for inactive people to receive Terminated ones.)',
  // People → Basic info, Employment, History, Lifecycle, Work (seed 000).
  peopleRequired: [
    viewSection('Basic info', 'Drivetrain needs Basic info (name, email) to identify people.'),
    viewSection('Employment', 'Drivetrain needs Employment (type, hours) to model headcount.'),
    viewSection('History', 'Drivetrain needs the profile changes history to investigate data issues.', "View selected employees' profile changes history"),
    viewSection('Lifecycle', 'Drivetrain needs Lifecycle (status, start and termination dates).'),
    viewSection('Work', 'Drivetrain needs Work (department, title, manager, site).'),
  ],
  peopleReview: [],
  peopleInstruction:
    'Tick View on Basic info, Employment, profile changes History, Lifecycle and Work. Every Edit, Create, Add, Delete or Manage box must be off.',
  peopleWhy:
    'The seed says “People → Basic Info, Employment, History, Lifecycle, Work”: in HiBob these are the “View selected employees’ … sections” rows (History is “profile changes history”). Tenants with field-level permissions show a People’s fields grid instead: tick View (never Edit) on the fields of those categories. Collapsed sections are not on the page until opened, so Keyhole asks you to open each required one.',
  notify:
    'Tell your Drivetrain contact the service user is ready. Send the ID and token only through a secure channel; Drivetrain does not store them and loses access when the service user is deleted.',
  revokeWhy:
    'The seed says “Settings → Users → Manage Service Users … Remove Access or Delete”: in HiBob it is System Settings → Integrations → Service users, ⋯ menu → Delete. Deleting revokes the token at once.',
});
