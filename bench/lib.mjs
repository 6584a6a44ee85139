// Shared benchmark plumbing: Chromium with and without the built extension, fixture pages served at the real
// vendor URLs by request interception (nothing ever reaches a network), CDP helpers and statistics.
import puppeteer from 'puppeteer-core';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');
export const DIST = resolve(ROOT, process.env.KEYHOLE_OUT ?? 'dist');
export const CHROMIUM = process.env.CHROMIUM_PATH || ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
export const PLAYBOOK = 'drivetrain-salesforce-support';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** One Chromium. `extension: true` loads the built extension from DIST. */
export async function launch({ extension }) {
  const dir = mkdtempSync(join(tmpdir(), `keyhole-bench-${extension ? 'ext' : 'plain'}-`));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    userDataDir: dir,
    enableExtensions: extension,
    pipe: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run', '--disable-dev-shm-usage', '--window-size=1280,900',
      // Keep timers and rAF at full rate in every tab, so both browsers are measured alike.
      '--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows',
    ],
    defaultViewport: { width: 1280, height: 900 },
  });
  const extensionId = extension ? await browser.installExtension(DIST) : null;
  return {
    browser,
    extensionId,
    extension,
    async close() {
      await browser.close().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Answer every request from the handlers ({handle({url, method, postData, headers})} objects, like the Salesforce
 * fixture tenant). chrome-extension:// must pass: crxjs's loader imports the content script from there.
 */
export async function serve(page, handlers) {
  await page.setRequestInterception(true);
  page.on('request', async (req) => {
    if (req.isInterceptResolutionHandled()) return;
    const url = req.url();
    if (url.startsWith('chrome-extension://') || url.startsWith('data:') || url.startsWith('blob:') || url === 'about:blank') return req.continue();
    for (const h of handlers) {
      let res = null;
      try {
        res = await h.handle({ url, method: req.method(), postData: req.postData(), headers: req.headers() });
      } catch (e) {
        return req.respond({ status: 500, contentType: 'text/plain', body: String(e?.stack ?? e) });
      }
      if (res) return req.respond({ status: res.status ?? 200, headers: res.headers ?? {}, contentType: res.contentType ?? 'text/html; charset=utf-8', body: res.body ?? '' });
    }
    return req.abort('blockedbyclient');
  });
}

export async function newPage(b, handlers) {
  const page = await b.browser.newPage();
  page.on('pageerror', (err) => (page.__errors ??= []).push(String(err?.message ?? err)));
  await serve(page, handlers);
  return page;
}

/** Start the Salesforce playbook through the popup, as an admin would. */
export async function startPlaybook(b, id = PLAYBOOK) {
  const popup = await b.browser.newPage();
  await popup.goto(`chrome-extension://${b.extensionId}/popup/index.html`);
  await popup.waitForSelector(`[data-playbook="${id}"]`);
  await popup.click(`[data-playbook="${id}"]`);
  await popup.waitForFunction(
    (pid) => chrome.storage.local.get('keyhole.active').then((g) => g['keyhole.active']?.playbook?.id === pid),
    { timeout: 5000 },
    id,
  );
  await popup.close();
}

/** Find the frame whose URL matches (Salesforce Setup pages live in an iframe in Lightning layouts). */
export async function frameWhere(page, pred, timeout = 15000) {
  const start = Date.now();
  for (;;) {
    const f = page.frames().find((fr) => {
      try {
        return !fr.detached && pred(new URL(fr.url()));
      } catch {
        return false;
      }
    });
    if (f) return f;
    if (Date.now() - start > timeout) throw new Error(`no frame matched in ${timeout} ms: ${page.frames().map((x) => x.url()).join(', ')}`);
    await sleep(50);
  }
}

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
