import { defineManifest } from '@crxjs/vite-plugin';
import pkg from './package.json' with { type: 'json' };
import { CONSOLE_MATCHES, SHELL_EXCLUDES } from './src/consoles/hosts.ts';

/**
 * Permissions, one by one (README "Security" repeats this):
 * - storage: progress, findings, imported playbooks and reminders live in storage.local.
 * - alarms + notifications: the revoke reminder fires at its due date, even after a browser restart.
 * - host permissions: only the HiBob and Salesforce hosts where the content script runs (not the Lightning app
 *   shell, `*.lightning.force.com`: Setup pages are framed from the Salesforce hosts, and the guide runs there).
 * No tabs, no cookies, no scripting, no <all_urls>, no remote code.
 *
 * One manifest for Chrome and Firefox (issue 12): `background` carries both `service_worker` (Chrome) and `scripts`
 * (Firefox runs it as an event page); vite.config.ts writes both keys after crxjs. `storage.managed_schema` lets an
 * organisation's IT push settings (docs/managed-rollout.md). Firefox 140 is the first release whose add-on checks
 * accept `data_collection_permissions`, which addons.mozilla.org now requires.
 */
export default defineManifest({
  manifest_version: 3,
  name: 'Keyhole: least-privilege vendor access',
  short_name: 'Keyhole',
  version: pkg.version,
  description: pkg.description,
  minimum_chrome_version: '121',
  // The guide's texts (public/_locales/en/messages.json, src/core/texts.ts).
  default_locale: 'en',
  icons: { 16: 'icons/icon-16.png', 32: 'icons/icon-32.png', 48: 'icons/icon-48.png', 128: 'icons/icon-128.png' },
  action: { default_popup: 'popup/index.html', default_title: 'Keyhole', default_icon: { 16: 'icons/icon-16.png', 32: 'icons/icon-32.png' } },
  options_page: 'popup/options.html',
  background: { service_worker: 'background/service-worker.ts', scripts: ['background/service-worker.ts'], type: 'module' },
  permissions: ['storage', 'alarms', 'notifications'],
  storage: { managed_schema: 'managed-schema.json' },
  host_permissions: CONSOLE_MATCHES,
  content_scripts: [
    {
      matches: CONSOLE_MATCHES,
      // The Lightning shell on the Setup hosts (/lightning/…) carries no step: nothing is loaded into it.
      exclude_matches: SHELL_EXCLUDES,
      js: ['content-scripts/main.ts'],
      all_frames: true,
      run_at: 'document_end',
    },
  ],
  // Keyboard shortcuts (no permission): forwarded to the page's guide by background/commands.ts.
  commands: {
    'toggle-overlay': { suggested_key: { default: 'Alt+Shift+K' }, description: 'Show or hide the Keyhole guide on the page' },
    'jump-to-target': { suggested_key: { default: 'Alt+Shift+J' }, description: 'Scroll to the control Keyhole highlights' },
  },
  content_security_policy: {
    extension_pages: "script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  },
  browser_specific_settings: {
    gecko: { id: 'keyhole@keyhole.invalid', strict_min_version: '140.0', data_collection_permissions: { required: ['none'] } },
  },
} as Parameters<typeof defineManifest>[0]);
