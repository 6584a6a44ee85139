// Shared benchmark plumbing: Chromium with and without the built extension, fixture pages served at the real
// vendor URLs by request interception (nothing ever reaches a network), CDP helpers and statistics.
import { resolve } from 'node:path';
import { CHROMIUM, frameWhere as harnessFrameWhere, launch as harnessLaunch, serve as harnessServe, sleep, startPlaybook as harnessStartPlaybook } from '../tests/e2e/harness.mjs';

export const ROOT = resolve(import.meta.dirname, '..');
export const DIST = resolve(ROOT, process.env.KEYHOLE_OUT ?? 'dist');
export { CHROMIUM };
export const PLAYBOOK = 'drivetrain-salesforce-support';

export { sleep };

/** One Chromium (the e2e harness's launch). `extension: true` loads the built extension from DIST. */
export async function launch({ extension }) {
  const ctx = await harnessLaunch({
    extension,
    dist: DIST,
    // Keep timers and rAF at full rate in every tab, so both browsers are measured alike.
    args: ['--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows'],
  });
  // The harness's own context (extBase, browser kind, …) with the bench's fields: its helpers take it whole.
  return Object.assign(Object.create(ctx), { browser: ctx.browser, extensionId: ctx.extensionId, extension, close: () => ctx.close() });
}

/**
 * Answer every request from the handlers (fixture tenants) exactly as the e2e tests do; chrome-extension:// passes
 * (crxjs's loader imports the content script from there), everything else is aborted.
 */
export const serve = (page, handlers) => harnessServe({ requests: [] }, page, handlers);

export async function newPage(b, handlers) {
  const page = await b.browser.newPage();
  page.on('pageerror', (err) => (page.__errors ??= []).push(String(err?.message ?? err)));
  await serve(page, handlers);
  return page;
}

/** Start the Salesforce playbook through the popup, as an admin would. */
export const startPlaybook = (b, id = PLAYBOOK) => harnessStartPlaybook(b, id);

/** Find the frame whose URL matches (Salesforce Setup pages live in an iframe in Lightning layouts). */
export const frameWhere = (page, pred, timeout = 15000) => harnessFrameWhere(page, pred, timeout);

export function median(xs) {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return null;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function quantile(xs, q) {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return null;
  return s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))];
}

export const round = (x, d = 2) => (x == null ? null : Math.round(x * 10 ** d) / 10 ** d);

export function summary(xs, d = 2) {
  return { n: xs.length, median: round(median(xs), d), p10: round(quantile(xs, 0.1), d), p90: round(quantile(xs, 0.9), d), min: round(Math.min(...xs), d), max: round(Math.max(...xs), d) };
}

export const log = (...a) => console.error('[bench]', ...a);
