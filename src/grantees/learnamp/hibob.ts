/**
 * Learn Amp: connect HiBob (seed shared/seeds/001_9f8c16168e7b85a6.txt, its "NEW PROCEDURE"), corrected where
 * the seed is vague or out of date about HiBob (see each step's `why`).
 */
import { hibobPlaybook } from '../../consoles/hibob/playbook.ts';
import { LIFECYCLE_STATUSES_CORE, viewSection } from '../../consoles/hibob/rules.ts';

export const learnampHibobIntegration = hibobPlaybook({
  id: 'learnamp-hibob-integration',
  version: '1.0.0',
  title: 'Learn Amp: HiBob integration',
  summary: 'A HiBob service user in a read-only permission group for the Learn Amp integration: every lifecycle status, Lifecycle sections, no write permission; and how to remove it.',
  source: 'Learn Amp knowledge base: “Hibob integration” (new procedure)',
  name: 'Learn Amp',
  contact: 'your Learn Amp customer success manager',
  serviceUserName: 'Learn Amp',
  groupName: 'Learn Amp integration',
  statuses: LIFECYCLE_STATUSES_CORE,
  allStatuses: { reason: 'Learn Amp asks for every lifecycle status, custom ones included, so nobody is filtered out of the sync.' },
  statusRules: [],
  statusReviewReason: 'Every option must be selected.',
  statusWhy:
    'Learn Amp: “Lifecycle status → Equals → check all the available options” (it warns that “Everyone” can filter some users out). Tenants can add custom statuses, so Keyhole does not use a fixed list: in the open list it marks every option and highlights Apply only when the list has been scrolled to its end with every option ticked. With the list closed Keyhole can only read the field’s text, so there it checks the six built-in statuses (Hired, Employed, Terminated, Garden leave, Leave, Parental leave); custom ones are checked inside the list.',
  conditionWhy: 'Learn Amp reports that “Everyone” can filter some people out; a Lifecycle-status condition states exactly whose data the vendor reads.',
  // Lifecycle sections (its guide, seed 001); other View rows are for review.
  peopleRequired: [viewSection('Lifecycle', 'Learn Amp reads Lifecycle to know who joined and who left (its guide asks for it explicitly).')],
  peopleReview: [
    {
      match: {
        equals: ["View selected employees' Basic info sections", "View selected employees' Work sections", "View selected employees' Employment sections", "View selected employees' About sections"],
        regex: '^view (basic info|work|employment|about) field: ',
      },
      reason: 'HiBob\u2019s people search returns Basic info, About, Employment and Work by default; keep if Learn Amp syncs names, teams and managers from Bob.',
    },
  ],
  peopleInstruction:
    'Tick “View selected employees’ Lifecycle sections” (the “Search permission” box finds it). Every Edit, Create, Add, Delete or Manage box must be off.',
  peopleWhy:
    'Learn Amp’s guide names the Lifecycle sections; the rest of its list is not public, so other View rows are listed for your review rather than required.',
  groupDescriptionRequired: true,
  refreshToken: {
    instruction: 'Learn Amp’s guide ends with Refresh token: choose it if Learn Amp asks for a new token. The old token stops working; copy the new one when it is shown.',
    why: 'Refreshing revokes the previous token. Skip this if you have just created the service user and already sent its token.',
  },
  notify: 'Enter the ID and token in Learn Amp’s HiBob integration settings yourself, or send them to Learn Amp only through a secure channel.',
  revokeWhy: 'To end the integration, delete the service user: its token stops working at once.',
});
