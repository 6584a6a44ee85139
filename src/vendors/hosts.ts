/**
 * The vendor hosts Keyhole runs on. This is the one list the manifest, the content-script guard and the
 * background's sender check share. Salesforce partitions (sandbox, develop, scratch, …) are subdomains of
 * the same registrable domains, so `*.` patterns cover them.
 */
export const VENDOR_MATCHES = [
  'https://app.hibob.com/*',
  'https://*.my.salesforce.com/*',
  'https://*.lightning.force.com/*',
  'https://*.my.salesforce-setup.com/*',
];

const HOST_PATTERNS = [
  /^app\.hibob\.com$/,
  /^[a-z0-9-]+(--[a-z0-9-]+)?(\.(sandbox|develop|scratch|demo|free|patch|trailblaze))?\.my\.salesforce\.com$/,
  /^[a-z0-9-]+(--[a-z0-9-]+)?(\.(sandbox|develop|scratch|demo|free|patch|trailblaze))?\.lightning\.force\.com$/,
  /^[a-z0-9-]+(--[a-z0-9-]+)?(\.(sandbox|develop|scratch|demo|free|patch|trailblaze))?\.my\.salesforce-setup\.com$/,
];

export function isVendorHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return HOST_PATTERNS.some((re) => re.test(host));
}
