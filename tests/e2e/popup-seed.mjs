import { openExtPage } from './harness.mjs';
// A realistic run of the Salesforce playbook, for seeding storage.local from an extension page: steps seen
// by Keyhole and marked by hand, a current step, and saved findings with missing, forbidden and review items.
export const SF = 'drivetrain-salesforce-support';
export const TENANT = 'acme.my.salesforce.com';
export const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.c2Vzc2lvbi1zZWNyZXQ.S1gnatureValue0123456789';
const MIN = 60_000;
const DAY = 86_400_000;

export function seededState(now = Date.now(), { dueIn = 7 * DAY - 30 * MIN } = {}) {
  const t0 = now - 40 * MIN;
  return {
    version: 2,
    activeId: SF,
    notice: null,
    runs: {
      [SF]: {
        playbookId: SF,
        playbookVersion: '1.0.0',
        startedAt: t0,
        tenant: TENANT,
        params: { profileName: 'Drivetrain Integration', vendorDomain: 'drivetrain.ai' },
        // Not a field of the state: must never reach an export.
        sessionId: TOKEN,
        steps: {
          'new-profile': { status: 'done', at: t0 + 3 * MIN, how: 'observed', note: 'The profile “Drivetrain Integration” is listed in Setup → Profiles.', tenant: TENANT, cookie: `sid=${TOKEN}` },
          'clone-base': { status: 'done', at: t0 + 5 * MIN, how: 'observed', note: 'Cloned from “Read Only”.', tenant: TENANT },
          'profile-name': { status: 'done', at: t0 + 6 * MIN, how: 'observed', note: 'Profile name typed.', tenant: TENANT },
          'save-profile': { status: 'done', at: t0 + 8 * MIN, how: 'manual', note: 'Marked done by the admin.', tenant: null },
          'system-permissions': { status: 'attention', at: t0 + 12 * MIN, how: 'observed', note: 'Modify All Data is on.', tenant: TENANT },
        },
        current: { stepId: 'system-permissions', at: t0 + 12 * MIN, tenant: TENANT },
        findings: {
          'system-permissions': {
            checkId: 'system-permissions',
            title: 'System permissions (enhanced profile UI)',
            stepId: 'system-permissions',
            at: t0 + 12 * MIN,
            tenant: TENANT,
            savedAt: t0 + 12 * MIN,
            authorization: `Bearer ${TOKEN}`,
            items: [
              { name: 'API Enabled', checked: true, verdict: 'ok', reason: 'Drivetrain reads your data through the API.' },
              { name: 'API Only User', checked: false, verdict: 'missing', reason: 'The user can call the API but cannot log in to the Salesforce UI.' },
              { name: 'Modify All Data', checked: true, verdict: 'forbidden', reason: 'Full write access to every record in the org.' },
              { name: 'View All Data', checked: false, verdict: 'ok', reason: 'Reads every record regardless of sharing: far beyond the three objects needed.' },
              { name: 'Author Apex', checked: false, verdict: 'ok', reason: 'Can write and run code in the org.' },
              { name: 'Run Reports', checked: true, verdict: 'review', reason: 'Reports can reach data beyond the three objects; not needed through the API.' },
            ],
          },
        },
        revokeDueAt: now + dueIn,
        revokeDays: 7,
      },
    },
  };
}

/** Open an extension page and write the state (and clear the active copy so the background republishes on start). */
export async function seed(ctx, state) {
  const page = await openExtPage(ctx, 'popup/options.html');
  await page.evaluate((s) => chrome.storage.local.set({ 'keyhole.state': s }), state);
  await page.close();
}
