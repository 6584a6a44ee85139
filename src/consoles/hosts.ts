/**
 * Where each admin console lives: the one place Keyhole's host patterns are written. The manifest's host
 * permissions and content-script matches, the content script's first guard, the worker's sender check and the
 * built-in playbooks' `app.hosts` are all derived from this table. Salesforce partitions (sandbox, develop,
 * scratch, …) are subdomains of the same registrable domains, so `*.` match patterns cover them.
 */

/** A Salesforce My Domain name, with its partition (research: shared/research/salesforce.md). */
const SF_DOMAIN = '[a-z0-9-]+(--[a-z0-9-]+)?(\\.(sandbox|develop|scratch|demo|free|patch|trailblaze))?';

interface ConsoleHost {
  /** Manifest match pattern. */
  match: string;
  /** Regex on the hostname (lower case). */
  host: string;
  /** Playbook steps run here (false: the content script only loads; e.g. the Lightning shell around the Setup frame). */
  guided: boolean;
}

const CONSOLE_HOSTS = {
  hibob: [{ match: 'https://app.hibob.com/*', host: '^app\\.hibob\\.com$', guided: true }],
  salesforce: [
    { match: 'https://*.my.salesforce.com/*', host: `^${SF_DOMAIN}\\.my\\.salesforce\\.com$`, guided: true },
    // The Lightning shell: Setup pages live in an iframe on one of the other two hosts, and the guide runs there.
    { match: 'https://*.lightning.force.com/*', host: `^${SF_DOMAIN}\\.lightning\\.force\\.com$`, guided: false },
    { match: 'https://*.my.salesforce-setup.com/*', host: `^${SF_DOMAIN}\\.my\\.salesforce-setup\\.com$`, guided: true },
  ],
} satisfies Record<string, ConsoleHost[]>;

export type ConsoleId = keyof typeof CONSOLE_HOSTS;

// Pure: a bundle that does not use the list (the content script) drops it.
const ALL: ConsoleHost[] = /* @__PURE__ */ Object.values(CONSOLE_HOSTS).flat();

/** Manifest host permissions and content-script matches. */
export const CONSOLE_MATCHES: string[] = /* @__PURE__ */ ALL.map((h) => h.match);

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
  return CONSOLE_HOSTS[id].filter((h) => h.guided).map((h) => h.host);
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
