/**
 * A HiBob playbook, assembled from the console's stages and one grantee's parameters, wording and required items:
 * System Settings → Integrations → Service users → create → credentials (shown once) → Permission groups →
 * Service user group → People's data (access rights by Lifecycle status, section/field permissions) → Features →
 * notify → revoke. A grantee file (src/grantees/<grantee>/hibob.ts) fills a `HibobGrantee` and calls `hibobPlaybook`.
 *
 * HiBob is a single-page app and Keyhole decides the current step from what the page shows, so the stages are
 * written as data the resolver reads in order; their order is the order of the walk.
 */
import { type Grantee, granteeHeader } from '../grantee.ts';
import type { PlaybookInput, Rule } from '../../format/schema.ts';
import { HIBOB_HOSTS, hibobObjects } from './pages.ts';
import { openSystemSettings } from './stages/system-settings.ts';
import { createServiceUser } from './stages/service-user.ts';
import { createPermissionGroup } from './stages/permission-group.ts';
import { setAccessRights } from './stages/access-rights.ts';
import { setCondition } from './stages/condition.ts';
import { setPermissions } from './stages/permissions.ts';
import { notifyGrantee } from './stages/notify.ts';
import { revokeAccess } from './stages/revoke.ts';

/** What a grantee (the party given access) decides in a HiBob playbook. */
export interface HibobGrantee extends Grantee {
  /** Default names of the service user and its permission group (the admin may change them). */
  serviceUserName: string;
  groupName: string;
  /** Statuses the access condition must include (checked in the Value field and the summary). */
  statuses: string[];
  /** Every option of the Lifecycle status list must be ticked (custom statuses included). */
  allStatuses?: { reason: string };
  statusRules: Rule[];
  statusReviewReason: string;
  statusWhy: string;
  /** Why a Lifecycle-status condition rather than "Everyone" (a console default otherwise). */
  conditionWhy?: string;
  peopleRequired: Rule[];
  peopleReview: Rule[];
  peopleInstruction: string;
  peopleWhy?: string;
  /** The grantee's guide makes the group description mandatory. */
  groupDescriptionRequired?: boolean;
  /** Offer "Refresh token" (the grantee's guide asks for it after the permissions). */
  refreshToken?: { instruction: string; why?: string };
  notify: string;
  revokeWhy: string;
}

const NAME_PATTERN = '^[^,]{1,80}$';

export function hibobPlaybook(g: HibobGrantee): PlaybookInput {
  return {
    ...granteeHeader(g),
    app: { name: 'HiBob', hosts: HIBOB_HOSTS },
    params: {
      serviceUserName: { label: 'Service user name', default: g.serviceUserName, pattern: NAME_PATTERN },
      groupName: { label: 'Permission group name', default: g.groupName, pattern: NAME_PATTERN },
    },
    objects: hibobObjects(g.name),
    steps: [
      ...openSystemSettings(),
      ...createServiceUser(g),
      ...createPermissionGroup(g),
      ...setAccessRights(g),
      ...setCondition(g),
      ...setPermissions(g),
      ...notifyGrantee(g),
      ...revokeAccess(g),
    ],
  };
}
