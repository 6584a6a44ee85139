/**
 * Where each admin console lives: the one place Keyhole's host patterns are written. The manifest's host
 * permissions and content-script matches (and excludes), the content script's first guard, the worker's sender
 * check and the built-in playbooks' `app.hosts` are all derived from this table. Salesforce partitions (sandbox,
 * develop, scratch, …) are subdomains of the same registrable domains, so `*.` match patterns cover them.
 *
 * The Lightning app shell is not here: `*.lightning.force.com` (record pages, the Setup shell of older orgs) and
 * `/lightning/…` on the Setup hosts. Setup pages live in the shell's iframe, on the hosts below, and the guide runs
 * there; the shell carries no step. So Keyhole asks for no access to it and loads nothing into it: the pages where
 * admins spend their day cost Keyhole nothing (issue 13).
 */

/** A Salesforce My Domain name, with its partition (research: shared/research/salesforce.md). */
const SF_DOMAIN = '[a-z0-9-]+(--[a-z0-9-]+)?(\\.(sandbox|develop|scratch|demo|free|patch|trailblaze))?';

interface ConsoleHost {
  /** Manifest match pattern. */
  match: string;
  /** Regex on the hostname (lower case). */
  host: string;
  /** A path pattern on this host that is an app shell around framed pages: it gets no content script. */
  shell?: string;
}

const CONSOLE_HOSTS = {
  hibob: [{ match: 'https://app.hibob.com/*', host: '^app\\.hibob\\.com$' }],
  salesforce: [
    // Classic Setup pages, at the top level (Classic) and inside the Lightning Setup iframe of older orgs.
    { match: 'https://*.my.salesforce.com/*', host: `^${SF_DOMAIN}\\.my\\.salesforce\\.com$`, shell: '/lightning/*' },
    // The Setup domain: its Lightning shell (/lightning/setup/…) frames the classic pages, same-origin.
    { match: 'https://*.my.salesforce-setup.com/*', host: `^${SF_DOMAIN}\\.my\\.salesforce-setup\\.com$`, shell: '/lightning/*' },
  ],
} satisfies Record<string, ConsoleHost[]>;

export type ConsoleId = keyof typeof CONSOLE_HOSTS;

// Pure: a bundle that does not use the list (the content script) drops it.
const ALL: ConsoleHost[] = /* @__PURE__ */ Object.values(CONSOLE_HOSTS).flat();

/** Manifest host permissions and content-script matches. */
export const CONSOLE_MATCHES: string[] = /* @__PURE__ */ ALL.map((h) => h.match);

/** Content-script exclude_matches: the app shells on those hosts (the guide runs in the page they frame). */
export const SHELL_EXCLUDES: string[] = /* @__PURE__ */ ALL.flatMap((h) => (h.shell ? [h.match.replace(/\/\*$/, h.shell)] : []));

const PATTERNS = (Object.entries(CONSOLE_HOSTS) as Array<[ConsoleId, ConsoleHost[]]>).flatMap(([id, hosts]) => hosts.map((h) => ({ id, re: new RegExp(h.host) })));

/** Which console a hostname belongs to, if any. */
export function consoleOfHost(hostname: string): ConsoleId | null {
  const host = hostname.toLowerCase();
  return PATTERNS.find((p) => p.re.test(host))?.id ?? null;
}

/** Is this one of the consoles' hosts (content-script guard, sender check)? */
export function isConsoleHost(hostname: string): boolean {
  return consoleOfHost(hostname) !== null;
}

/** The host regexes where a console's playbook steps run: a built-in playbook's `app.hosts`. */
export function guidedHosts(id: ConsoleId): string[] {
  return CONSOLE_HOSTS[id].map((h) => h.host);
}

/**
 * The tenant a host belongs to: for Salesforce the org's My Domain name with its partition (`acme`,
 * `acme--uat.sandbox`), the same for its Lightning, my.salesforce.com and salesforce-setup.com hosts (one org, three
 * hosts); for any other console host, the host itself. Progress and evidence are kept apart per tenant.
 */
export function tenantOfHost(hostname: string): string {
  const host = hostname.toLowerCase();
  const sf = SF_TENANT.exec(host);
  return sf ? sf[1] : host;
}

const SF_TENANT = new RegExp(`^(${SF_DOMAIN})\\.(?:my\\.salesforce\\.com|lightning\\.force\\.com|my\\.salesforce-setup\\.com)$`);
