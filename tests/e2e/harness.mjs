// Shared e2e harness: launches Debian's Chromium with the built extension, serves fixture tenants at the
// real vendor URLs by request interception, and aborts every other request (no network is ever touched).
import puppeteer from 'puppeteer-core';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const DIST = resolve(process.cwd(), process.env.KEYHOLE_OUT ?? 'dist');
export const CHROMIUM = process.env.CHROMIUM_PATH || ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

export async function launch({ userDataDir, headless = true, extension = true, args = [], dist = DIST } = {}) {
  const dir = userDataDir ?? mkdtempSync(join(tmpdir(), 'keyhole-e2e-'));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless,
    userDataDir: dir,
    enableExtensions: extension,
    pipe: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run', '--disable-dev-shm-usage', '--window-size=1280,900',
      ...args,
    ],
    defaultViewport: { width: 1280, height: 900 },
  });
  let extensionId = null;
  if (extension) extensionId = await browser.installExtension(dist);
  const requests = [];
  const ctx = {
    browser,
    extensionId,
    userDataDir: dir,
    requests,
    tenants: [],
    async close({ keepProfile = false } = {}) {
      await browser.close().catch(() => {});
      if (!keepProfile && !userDataDir) rmSync(dir, { recursive: true, force: true });
    },
  };
  return ctx;
}

/** Route every request of a page through the tenants; chrome-extension:// passes (crxjs loads the content script from there). */
export async function serve(ctx, page, tenants) {
  await page.setRequestInterception(true);
  page.on('request', async (req) => {
    const url = req.url();
    ctx.requests.push({ url, method: req.method(), initiator: req.initiator?.()?.url ?? null, frame: req.frame()?.url?.() ?? null });
    if (req.isInterceptResolutionHandled()) return;
    if (url.startsWith('chrome-extension://') || url.startsWith('data:') || url.startsWith('blob:') || url === 'about:blank') {
      return req.continue();
    }
    for (const t of tenants) {
      let res = null;
      try {
        res = await t.handle({ url, method: req.method(), postData: req.postData(), headers: req.headers() });
      } catch (e) {
        console.error('fixture error', url, e);
        return req.respond({ status: 500, contentType: 'text/plain', body: String(e?.stack ?? e) });
      }
      if (res) {
        return req.respond({ status: res.status ?? 200, headers: res.headers ?? {}, contentType: res.contentType ?? 'text/html; charset=utf-8', body: res.body ?? '' });
      }
    }
    return req.abort('blockedbyclient');
  });
}

export async function newPage(ctx, tenants) {
  const page = await ctx.browser.newPage();
  page.on('pageerror', (err) => (page.__errors ??= []).push(String(err?.message ?? err)));
  page.on('console', (msg) => {
    if (msg.type() === 'error') (page.__consoleErrors ??= []).push(msg.text());
  });
  await serve(ctx, page, tenants);
  return page;
}

export async function openPopup(ctx) {
  const page = await ctx.browser.newPage();
  await page.goto(`chrome-extension://${ctx.extensionId}/popup/index.html`);
  await page.waitForSelector('[data-playbook]');
  return page;
}

export async function startPlaybook(ctx, id) {
  const popup = await openPopup(ctx);
  await popup.click(`[data-playbook="${id}"]`);
  await popup.waitForFunction(
    (pid) => chrome.storage.local.get('keyhole.active').then((g) => g['keyhole.active']?.playbook?.id === pid),
    { timeout: 5000 },
    id,
  );
  await popup.close();
}

export async function storageDump(ctx) {
  const page = await ctx.browser.newPage();
  await page.goto(`chrome-extension://${ctx.extensionId}/popup/options.html`);
  const all = await page.evaluate(() => chrome.storage.local.get(null));
  await page.close();
  return all;
}

/** Find the frame (top or iframe) whose URL matches. */
export async function frameWhere(page, pred, timeout = 10000) {
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
    if (Date.now() - start > timeout) throw new Error(`no frame matched within ${timeout} ms; frames: ${page.frames().map((x) => x.url()).join(', ')}`);
    await sleep(50);
  }
}

/** Wait until some frame of the page carries the target for a step; returns { frame, handle }. */
export async function waitForTarget(page, stepId, timeout = 10000) {
  const start = Date.now();
  let lastErr = null;
  for (;;) {
    for (const f of page.frames()) {
      if (f.detached) continue;
      try {
        const h = await f.$(`[data-keyhole-target="${stepId}"]`);
        if (h) return { frame: f, handle: h };
      } catch (e) {
        lastErr = e;
      }
    }
    if (Date.now() - start > timeout) {
      const seen = [];
      for (const f of page.frames()) {
        try {
          seen.push(...(await f.$$eval('[data-keyhole-target]', (els) => els.map((e) => e.getAttribute('data-keyhole-target')))));
        } catch {}
      }
      throw new Error(`target "${stepId}" not found within ${timeout} ms; targets seen: [${seen.join(', ')}] ${lastErr ?? ''}`);
    }
    await sleep(60);
  }
}

export async function verdicts(frame) {
  return frame.$$eval('[data-keyhole-verdict]', (els) =>
    els.map((e) => ({ verdict: e.getAttribute('data-keyhole-verdict'), title: e.getAttribute('title'), id: e.id, label: e.labels?.[0]?.textContent?.trim() ?? e.getAttribute('aria-label') ?? e.textContent?.trim() })),
  );
}

export async function keyholeAttributeCount(page) {
  let n = 0;
  for (const f of page.frames()) {
    try {
      n += await f.evaluate(() => document.querySelectorAll('[data-keyhole-target], [data-keyhole-verdict]').length);
    } catch {}
  }
  return n;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Poll every frame until `fn` (evaluated in the frame) returns a truthy value; survives frame replacement. */
export async function untilInAnyFrame(page, fn, arg, timeout = 10000) {
  const start = Date.now();
  for (;;) {
    for (const f of page.frames()) {
      if (f.detached) continue;
      try {
        const v = await f.evaluate(fn, arg);
        if (v) return { frame: f, value: v };
      } catch {}
    }
    if (Date.now() - start > timeout) throw new Error(`condition not met in any frame within ${timeout} ms`);
    await sleep(60);
  }
}

/** Poll `fn` until it returns a truthy value (then return it), or fail after `timeout` ms naming `what`. */
export async function waitFor(fn, what, timeout = 10_000, every = 80) {
  const start = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - start > timeout) throw new Error(`timed out waiting for ${what}`);
    await sleep(every);
  }
}
