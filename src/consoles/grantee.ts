/**
 * What every grantee (the party given access) states, whichever console its playbook is for, and the playbook
 * header built from it. Each console's playbook.ts extends `Grantee` with what that console needs.
 */
import type { PlaybookInput } from '../format/schema.ts';

export interface Grantee {
  id: string;
  version: string;
  title: string;
  summary: string;
  source: string;
  /** The grantee's name, as the admin knows it, and whom to contact. */
  name: string;
  contact: string;
  /** Temporary access: days until the revoke reminder. */
  revokeAfterDays?: number;
}

/** The playbook fields that come from the grantee alone (the console adds app, params, objects and steps). */
export function granteeHeader(g: Grantee): Pick<PlaybookInput, 'id' | 'version' | 'title' | 'summary' | 'vendor' | 'source' | 'revokeAfterDays'> {
  return {
    id: g.id,
    version: g.version,
    title: g.title,
    summary: g.summary,
    vendor: { name: g.name, contact: g.contact },
    source: g.source,
    ...(g.revokeAfterDays ? { revokeAfterDays: g.revokeAfterDays } : {}),
  };
}
