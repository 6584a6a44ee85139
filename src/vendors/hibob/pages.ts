/**
 * HiBob page knowledge (research: shared/research/hibob.md). HiBob's settings URLs are unverified, so
 * pages are recognised by headings, tabs and buttons; the host only narrows.
 */
import type { PageMatcher } from '../../core/types.ts';

export const HIBOB_HOSTS = ['^app\\.hibob\\.com$'];

export const PAGES = {
  anyPage: { url: { host: HIBOB_HOSTS[0] } },
  serviceUsers: {
    url: { host: HIBOB_HOSTS[0] },
    signature: { exists: { role: 'button', name: { contains: ['service user'] } } },
  },
} satisfies Record<string, PageMatcher>;
