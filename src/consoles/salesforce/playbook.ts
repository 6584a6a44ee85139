/**
 * A Salesforce playbook, assembled from the console's stages and one grantee's parameters, wording and required
 * objects: a read-only, API-only profile (cloned from a read-only base), its permissions in the original or the
 * enhanced profile UI, a user with that profile, notify, and freeze + deactivate to revoke. A grantee file
 * (src/grantees/<grantee>/salesforce.ts) fills a `SalesforceGrantee` and calls `salesforcePlaybook`.
 *
 * The stages' order is the order of the walk; the resolver reads the steps in that order.
 */
import { type Grantee, granteeHeader } from '../grantee.ts';
import type { PlaybookInput } from '../../format/schema.ts';
import { IDENTITY_OBJECTS, SALESFORCE_HOSTS, type SalesforceObject } from './pages.ts';
import { BASE_PROFILES } from './catalog.ts';
import { createProfile } from './stages/new-profile.ts';
import { setProfilePermissions } from './stages/original-profile.ts';
import { setEnhancedProfilePermissions } from './stages/enhanced-profile.ts';
import { createUser } from './stages/new-user.ts';
import { notifyGrantee } from './stages/notify.ts';
import { revokeAccess } from './stages/revoke.ts';

/** What a grantee (the party given access) decides in a Salesforce playbook. */
export interface SalesforceGrantee extends Grantee {
  /** Defaults of the playbook's parameters: the profile's name and the grantee's email domain. */
  profileName: string;
  emailDomain: string;
  /** The objects the grantee reads (Read only), in the order the guide visits them, each with its reason. */
  objects: Array<{ api: SalesforceObject; reason: string }>;
  /** Reason for Read on another object; reason for anything else the cloned profile has on. */
  otherObjectReason: string;
  defaultReviewReason: string;
  /** Where the grantee's guide is wrong about the profile page (shown as the profile step's `why`). */
  profileWhy: string;
  /** The Email field's instruction ({{vendorDomain}} is the email-domain parameter). */
  emailInstruction: string;
  notify: { title: string; instruction: string };
  /** How the revoke steps start, e.g. “When the investigation is over”. */
  revokeWhen: string;
}

export function salesforcePlaybook(g: SalesforceGrantee): PlaybookInput {
  return {
    ...granteeHeader(g),
    app: { name: 'Salesforce', hosts: SALESFORCE_HOSTS },
    params: {
      profileName: { label: 'Profile name', default: g.profileName },
      vendorDomain: { label: 'Vendor email domain', default: g.emailDomain },
      baseProfile: {
        label: 'Base profile to clone',
        default: BASE_PROFILES.readOnly.name,
        pattern: `^(${BASE_PROFILES.readOnly.name}|${BASE_PROFILES.minimumAccess.name})$`,
        help: `Stricter: ${BASE_PROFILES.minimumAccess.name}. ${BASE_PROFILES.minimumAccess.difference}`,
      },
    },
    objects: IDENTITY_OBJECTS,
    steps: [
      ...createProfile(g),
      ...setProfilePermissions(g),
      ...setEnhancedProfilePermissions(g),
      ...createUser(g),
      ...notifyGrantee(g),
      ...revokeAccess(g),
    ],
  };
}
