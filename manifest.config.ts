import { defineManifest } from '@crxjs/vite-plugin';
import pkg from './package.json' with { type: 'json' };
import { CONSOLE_MATCHES } from './src/consoles/hosts.ts';

/**
 * Permissions, one by one (README "Security" repeats this):
 * - storage: progress, findings, imported playbooks and reminders live in storage.local.
 * - alarms + notifications: the revoke reminder fires at its due date, even after a browser restart.
 * - host permissions: only the HiBob and Salesforce hosts where the content script runs.
 * No tabs, no cookies, no scripting, no <all_urls>, no remote code.
 */
export default defineManifest({
  manifest_version: 3,
  name: 'Keyhole: least-privilege vendor access',
  short_name: 'Keyhole',
  version: pkg.version,
  description: pkg.description,
  minimum_chrome_version: '120',
  icons: { 16: 'icons/icon-16.png', 32: 'icons/icon-32.png', 48: 'icons/icon-48.png', 128: 'icons/icon-128.png' },
  action: { default_popup: 'popup/index.html', default_title: 'Keyhole', default_icon: { 16: 'icons/icon-16.png', 32: 'icons/icon-32.png' } },
  options_page: 'popup/options.html',
  background: { service_worker: 'background/service-worker.ts', type: 'module' },
  permissions: ['storage', 'alarms', 'notifications'],
  host_permissions: CONSOLE_MATCHES,
  content_scripts: [
    {
      matches: CONSOLE_MATCHES,
      js: ['content-scripts/main.ts'],
      all_frames: true,
      run_at: 'document_idle',
    },
  ],
  content_security_policy: {
    extension_pages: "script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  },
  browser_specific_settings: { gecko: { id: 'keyhole@keyhole.invalid', strict_min_version: '128.0' } },
} as Parameters<typeof defineManifest>[0]);
