/**
 * URL matching: the cheap first filter that decides whether a page deserves any work at all. Kept apart from
 * the DOM code so the content script can decide this before loading the guide.
 */
import type { PageMatcher, Playbook, UrlMatch } from '../format/types.ts';
import { compileRegex } from './text.ts';

export function urlMatches(m: UrlMatch | undefined, url: URL): boolean {
  if (!m) return true;
  const test = (source: string | undefined, value: string) => !source || !!compileRegex(source)?.test(value);
  if (!test(m.host, url.hostname)) return false;
  if (!test(m.path, url.pathname)) return false;
  if (!test(m.hash, url.hash)) return false;
  if (m.query) {
    for (const [key, source] of Object.entries(m.query)) {
      const value = url.searchParams.get(key);
      if (source === null) {
        if (value !== null) return false;
      } else if (value === null || !compileRegex(source)?.test(value)) return false;
    }
  }
  return true;
}

export function pageUrlMatches(page: PageMatcher | undefined, url: URL): boolean {
  return !!page && urlMatches(page.url, url);
}

/** Does any step (or any step's evidence) of the playbook concern this URL? */
export function playbookConcernsUrl(playbook: Playbook, url: URL): boolean {
  return playbook.steps.some((s) => pageUrlMatches(s.page, url) || (s.evidence ?? []).some((e) => pageUrlMatches(e.page, url)));
}
