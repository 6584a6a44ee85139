/**
 * Drivetrain: grant temporary Salesforce access (seed shared/seeds/002_00fed0b591c6ea22.txt), corrected where
 * the seed is wrong about Salesforce (see each step's `why`).
 */
import { salesforcePlaybook } from '../../consoles/salesforce/playbook.ts';

export const drivetrainSalesforceSupport = salesforcePlaybook({
  id: 'drivetrain-salesforce-support',
  version: '1.0.0',
  title: 'Drivetrain: temporary Salesforce access',
  summary: 'A read-only, API-only profile and user for Drivetrain support, and how to revoke it afterwards.',
  source: 'Drivetrain help center: “Grant temporary access to Salesforce”',
  name: 'Drivetrain',
  contact: 'your Drivetrain CSM',
  revokeAfterDays: 7,
  profileName: 'Drivetrain Integration',
  emailDomain: 'drivetrain.ai',
  objects: [
    { api: 'Account', reason: 'Drivetrain needs to read Accounts.' },
    {
      api: 'Opportunity',
      reason: 'Drivetrain needs to read Opportunities; Opportunity History and Opportunity Field History follow this permission (they have no checkbox of their own).',
    },
    { api: 'Lead', reason: 'Drivetrain needs to read Leads.' },
  ],
  otherObjectReason: 'Read on an object Drivetrain did not ask for: untick unless the support case needs it.',
  defaultReviewReason: 'On in the profile you cloned, but not needed for Drivetrain\u2019s read-only troubleshooting: untick unless Drivetrain asked for it.',
  profileWhy:
    'The seed also lists Opportunity History, Opportunity Field History and Users: Salesforce has no such checkboxes. History follows Opportunity Read (and field-level security); User records are readable through sharing and View All Users.',
  emailInstruction: 'Type the address your Drivetrain CSM gave you (typically dp-yourcompany@{{vendorDomain}}).',
  notify: {
    title: 'Tell your Drivetrain CSM',
    instruction: 'Tell your Drivetrain contact the user exists. Never send a password: Salesforce emails the user directly.',
  },
  revokeWhen: 'When Drivetrain’s investigation is over',
});
