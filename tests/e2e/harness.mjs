// Shared e2e harness: launches Debian's Chromium or Firefox ESR with the built extension, serves fixture tenants at
// the real vendor URLs by request interception, and aborts every other request (no network is ever touched).
// KEYHOLE_BROWSER=firefox|chromium picks the browser (tests/e2e/run.mjs runs both); chromium by default.
// Chromium speaks CDP, Firefox WebDriver BiDi: everything that differs between them lives here, so the tests read
// the same in both (extension URLs, navigating to extension pages, reading the overlay's closed shadow root,
// downloads). A test that cannot exist in Firefox is skipped there with `skip: chromiumOnly('why')`.
import puppeteer from 'puppeteer-core';
import { createServer } from 'node:http';
import { mkdtempSync, readdirSync, rmSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const BROWSER = process.env.KEYHOLE_BROWSER === 'firefox' ? 'firefox' : 'chromium';
export const FIREFOX = BROWSER === 'firefox';
export const DIST = resolve(process.cwd(), process.env.KEYHOLE_OUT ?? (FIREFOX ? 'dist-firefox' : 'dist'));
export const CHROMIUM = process.env.CHROMIUM_PATH || ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
export const FIREFOX_BIN = process.env.FIREFOX_PATH || ['/usr/bin/firefox-esr', '/usr/bin/firefox'].find((p) => existsSync(p));
/** The scheme of extension pages in the browser under test. */
export const EXT_SCHEME = FIREFOX ? 'moz-extension' : 'chrome-extension';
export const isExtensionUrl = (u) => typeof u === 'string' && (u.startsWith('chrome-extension://') || u.startsWith('moz-extension://'));
const GECKO_ID = 'keyhole@keyhole.invalid';
/** Firefox gives each install a random moz-extension host; the harness pins it (pref extensions.webextensions.uuids). */
export const FIREFOX_UUID = '6b1f3c2e-4d5a-4e8f-9a0b-1c2d3e4f5a6b';

/** Firefox (BiDi) runs the same walks about 1.8× slower: waits that are not the contract's own deadlines scale by this. */
export const SLOW = FIREFOX ? 2 : 1;

/** For `test(name, { skip: chromiumOnly('why') })`: skipped in Firefox with the reason printed. */
export const chromiumOnly = (why) => (FIREFOX ? `Chromium only: ${why}` : false);
/** For `test(name, { skip: firefoxOnly('why') })`: skipped in Chromium with the reason printed. */
export const firefoxOnly = (why) => (FIREFOX ? false : `Firefox only: ${why}`);

/**
 * A proxy that records every request reaching it and answers none (HTTP 403, CONNECT refused). Firefox is pointed
 * at it (`recordNetwork`): page requests are answered or aborted by interception before any network, so what
 * reaches the proxy is what nothing intercepted, e.g. a request from the extension's background page, which
 * WebDriver BiDi does not show (Chromium's tests watch the service worker over CDP instead).
 */
export async function networkRecorder() {
  const log = [];
  const server = createServer((req, res) => {
    log.push({ method: req.method, url: req.url, host: req.headers.host ?? '' });
    res.writeHead(403).end();
  });
  server.on('connect', (req, socket) => {
    log.push({ method: 'CONNECT', url: req.url, host: req.url.replace(/:\d+$/, '') });
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { log, port: server.address().port, close: () => new Promise((r) => server.close(r)) };
}

export async function launch({ userDataDir, headless = true, extension = true, args = [], dist = DIST, prefs = {}, recordNetwork = null } = {}) {
  const dir = userDataDir ?? mkdtempSync(join(tmpdir(), 'keyhole-e2e-'));
  const downloadDir = mkdtempSync(join(tmpdir(), 'keyhole-dl-'));
  const proxyPrefs = recordNetwork
    ? {
        'network.proxy.type': 1,
        'network.proxy.http': '127.0.0.1',
        'network.proxy.http_port': recordNetwork.port,
        'network.proxy.ssl': '127.0.0.1',
        'network.proxy.ssl_port': recordNetwork.port,
        'network.proxy.no_proxies_on': '',
        'network.proxy.allow_hijacking_localhost': true,
        'network.proxy.share_proxy_settings': true,
      }
    : {};
  const browser = FIREFOX
    ? await puppeteer.launch({
        browser: 'firefox',
        executablePath: FIREFOX_BIN,
        headless,
        userDataDir: dir,
        args: ['--remote-allow-system-access', '--width=1280', '--height=900', ...args],
        defaultViewport: { width: 1280, height: 900 },
        extraPrefsFirefox: {
          'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIREFOX_UUID }),
          // Downloads land in downloadDir without a dialog (Chromium: Browser.setDownloadBehavior in downloadsTo).
          'browser.download.folderList': 2,
          'browser.download.dir': downloadDir,
          'browser.download.useDownloadDir': true,
          'browser.download.always_ask_before_handling_new_types': false,
          'browser.download.start_downloads_in_tmp_dir': false,
          'browser.download.panel.shown': true,
          'browser.helperApps.neverAsk.saveToDisk': 'application/json,text/markdown,text/plain,application/octet-stream',
          ...proxyPrefs,
          ...prefs,
        },
      })
    : await puppeteer.launch({
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
  // Firefox: the gecko id; its pages live on the pinned uuid host. Chromium: the id is the host.
  if (extension) extensionId = await browser.installExtension(dist);
  const extHost = FIREFOX ? FIREFOX_UUID : extensionId;
  const requests = [];
  const ctx = {
    browser,
    browserName: BROWSER,
    extensionId,
    extHost,
    extBase: `${EXT_SCHEME}://${extHost}`,
    userDataDir: dir,
    downloadDir,
    requests,
    tenants: [],
    async close({ keepProfile = false } = {}) {
      await browser.close().catch(() => {});
      rmSync(downloadDir, { recursive: true, force: true });
      if (!keepProfile && !userDataDir) rmSync(dir, { recursive: true, force: true });
    },
  };
  return ctx;
}

/** The URL of an extension page, e.g. extUrl(ctx, 'popup/options.html'). */
export const extUrl = (ctx, path) => `${ctx.extBase}/${path.replace(/^\//, '')}`;

/**
 * Navigate a page to an extension page and wait until it has loaded. Firefox's BiDi `goto` never reaches `load` on
 * moz-extension:// pages: navigate without waiting, then poll the page (waitForFunction is blocked there by the
 * extension CSP on Firefox 140, so poll with evaluate).
 */
export async function gotoExt(ctx, page, path, { timeout = 10_000 } = {}) {
  const url = extUrl(ctx, path);
  if (!FIREFOX) return page.goto(url);
  // A marker on the old document tells a reload of the same URL from the document it replaces.
  await page.evaluate(() => (window.__keyholeOldDocument = true)).catch(() => {});
  await ctx.browser.connection.send('browsingContext.navigate', { context: page.mainFrame()._id, url, wait: 'none' });
  const start = Date.now();
  for (;;) {
    const ok = await page
      .evaluate((u) => location.href === u && document.readyState === 'complete' && !window.__keyholeOldDocument, url)
      .catch(() => false);
    if (ok) return null;
    if (Date.now() - start > timeout) throw new Error(`extension page ${url} did not load within ${timeout} ms`);
    await sleep(50);
  }
}

/** Reload an extension page (Firefox: see gotoExt). */
export async function reloadExt(ctx, page) {
  if (!FIREFOX) return page.reload();
  // BiDi navigate from an extension page to itself is refused (NS_ERROR_FILE_ACCESS_DENIED): the page reloads itself.
  await page.evaluate(() => {
    window.__keyholeOldDocument = true;
    setTimeout(() => location.reload(), 0);
  });
  await waitFor(() => page.evaluate(() => document.readyState === 'complete' && !window.__keyholeOldDocument).catch(() => false), `reload of ${page.url()}`);
  return null;
}

/** A new tab on an extension page. */
export async function openExtPage(ctx, path) {
  const page = await ctx.browser.newPage();
  page.on('pageerror', (e) => (page.__errors ??= []).push(String(e?.message ?? e)));
  await gotoExt(ctx, page, path);
  return page;
}

/** Poll `fn` evaluated in the page until truthy (works in extension pages on both browsers; see gotoExt). */
export async function pollPage(page, fn, arg, what = 'a condition in the page', timeout = 5000) {
  return waitFor(() => page.evaluate(fn, arg).catch(() => null), what, timeout, 50);
}

/** Wait until `selector` is in an extension page (waitForSelector works on both browsers; this adds a readable error). */
export async function waitSel(page, selector, timeout = 5000) {
  return page.waitForSelector(selector, { timeout });
}

/**
 * The directory the browser saves downloads in (cleared on close). Chromium: allowed through CDP now; Firefox: set
 * by prefs at launch. Files being written end in .crdownload (Chromium) or .part (Firefox).
 */
export async function downloadsTo(ctx) {
  if (!FIREFOX && !ctx.__downloadsAllowed) {
    const cdp = await ctx.browser.target().createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: ctx.downloadDir });
    ctx.__downloadsAllowed = cdp;
  }
  return ctx.downloadDir;
}

/** After the downloads: Chromium's CDP session is detached again (as the tests did before the harness knew Firefox). */
export async function downloadsDone(ctx) {
  const cdp = ctx.__downloadsAllowed;
  ctx.__downloadsAllowed = null;
  await cdp?.detach().catch(() => {});
}
export const isPartialDownload = (f) => f.endsWith('.crdownload') || f.endsWith('.part');
/** Finished downloads in `dir`: not partial, not empty, and (Firefox) no `.part` beside them any more. */
export function finishedDownloads(dir) {
  const all = readdirSync(dir);
  return all.filter((f) => !isPartialDownload(f) && !all.includes(`${f}.part`) && statSync(join(dir, f)).size > 0).sort();
}

/**
 * Text of Keyhole's card in any frame of the page. The overlay sits in a CLOSED shadow root (as users get it);
 * page scripts cannot read it, the automation protocols can: Chromium through the accessibility tree (CDP),
 * Firefox through WebDriver BiDi's node serialization, which includes closed shadow roots (`includeShadowTree:
 * 'all'`), then reading each root's text nodes (style sheets left out).
 */
export async function overlayText(page) {
  if (!FIREFOX) {
    const snap = await page.accessibility.snapshot({ interestingOnly: false, includeIframes: true }).catch(() => null);
    const texts = [];
    const walk = (n) => {
      if (!n) return;
      if (n.name) texts.push(n.name);
      for (const c of n.children ?? []) walk(c);
    };
    walk(snap);
    return texts.join('\n');
  }
  const conn = page.browser().connection;
  const texts = [];
  for (const f of page.frames()) {
    if (f.detached) continue;
    try {
      const context = f._id;
      const res = await conn.send('script.evaluate', {
        expression: `[...document.documentElement.children].filter((e) => e.localName.startsWith('keyhole-'))`,
        target: { context },
        awaitPromise: false,
        resultOwnership: 'none',
        serializationOptions: { maxDomDepth: 0, includeShadowTree: 'all' },
      });
      for (const host of res.result?.result?.value ?? res.result?.value ?? []) {
        const root = host.value?.shadowRoot;
        if (!root?.sharedId) continue;
        const got = await conn.send('script.callFunction', {
          functionDeclaration: `(root) => { const out = []; const w = document.createTreeWalker(root, NodeFilter.SHOW_TEXT); for (let n = w.nextNode(); n; n = w.nextNode()) { const p = n.parentElement; if (p && (p.localName === 'style' || p.localName === 'script')) continue; const t = n.nodeValue.trim(); if (t) out.push(t); } for (const el of root.querySelectorAll('[aria-label], [title]')) out.push(el.getAttribute('aria-label') || el.getAttribute('title')); return out.join('\\n'); }`,
          arguments: [{ sharedId: root.sharedId }],
          target: { context },
          awaitPromise: false,
          resultOwnership: 'none',
        });
        const v = got.result?.result?.value ?? got.result?.value;
        if (typeof v === 'string') texts.push(v);
      }
    } catch {
      /* frame went away */
    }
  }
  return texts.join('\n');
}

/**
 * A request can be gone before the fixture answers it (the page navigated on or was closed meanwhile): Firefox's
 * BiDi then refuses the answer ("no such request"), Chromium's CDP says the target closed. Nothing is lost there;
 * any other failure to answer is a harness bug and is said loudly (an unhandled rejection would fail the file after
 * its tests passed).
 */
const GONE = /no such request|not found|Target closed|Session closed|detached|already handled/i;
function answered(p, url) {
  return Promise.resolve(p).catch((e) => {
    if (!GONE.test(String(e?.message ?? e))) console.error('harness: could not answer', url, e);
  });
}

/** Route every request of a page through the tenants; extension URLs pass (crxjs loads the content script from there). */
export async function serve(ctx, page, tenants) {
  await page.setRequestInterception(true);
  page.on('request', (req) => void answered(route(ctx, req, tenants), req.url()));
}

async function route(ctx, req, tenants) {
  const url = req.url();
  ctx.requests.push({ url, method: req.method(), initiator: req.initiator?.()?.url ?? null, frame: req.frame()?.url?.() ?? null });
  if (req.isInterceptResolutionHandled()) return;
  if (isExtensionUrl(url) || url.startsWith('data:') || url.startsWith('blob:') || url === 'about:blank') {
    return req.continue();
  }
  for (const t of tenants) {
    let res = null;
    try {
      // Firefox (BiDi) has no postData(); fetchPostData reads the body there (and on Chromium).
      const postData = FIREFOX ? (req.hasPostData() ? await req.fetchPostData() : undefined) : req.postData();
      res = await t.handle({ url, method: req.method(), postData, headers: req.headers() });
    } catch (e) {
      console.error('fixture error', url, e);
      return req.respond({ status: 500, contentType: 'text/plain', body: String(e?.stack ?? e) });
    }
    if (res) {
      return req.respond({ status: res.status ?? 200, headers: res.headers ?? {}, contentType: res.contentType ?? 'text/html; charset=utf-8', body: res.body ?? '' });
    }
  }
  return req.abort('blockedbyclient');
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
  const page = await openExtPage(ctx, 'popup/index.html');
  await page.waitForSelector('[data-playbook]');
  return page;
}

export async function startPlaybook(ctx, id) {
  const popup = await openPopup(ctx);
  // The popup renders twice (playbooks, then the stored run): click the start control once it is laid out, again if
  // the re-render replaced it between the query and the click.
  for (let attempt = 0; ; attempt++) {
    try {
      await popup.waitForSelector(`[data-playbook="${id}"]`, FIREFOX ? {} : { visible: true });
      await popup.click(`[data-playbook="${id}"]`);
      break;
    } catch (e) {
      if (attempt >= 4) throw e;
      await sleep(200);
    }
  }
  await pollPage(popup, (pid) => chrome.storage.local.get('keyhole.active').then((g) => g['keyhole.active']?.playbook?.id === pid), id, `${id} active`);
  await popup.close();
}

export async function storageDump(ctx) {
  const page = await openExtPage(ctx, 'popup/options.html');
  const all = await page.evaluate(() => chrome.storage.local.get(null));
  await page.close();
  return all;
}

/** Find the frame (top or iframe) whose URL matches. */
export async function frameWhere(page, pred, timeout = 10000 * SLOW) {
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
export async function waitForTarget(page, stepId, timeout = 10000 * SLOW) {
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
export async function untilInAnyFrame(page, fn, arg, timeout = 10000 * SLOW) {
  const start = Date.now();
  for (;;) {
    for (const f of page.frames()) {
      if (f.detached) continue;
      try {
        const v = await f.evaluate(fn, arg);
        if (v) return { frame: f, value: v };
      } catch {}
    }
    if (Date.now() - start > timeout) throw new Error(`condition not met in any frame within ${timeout} ms; frames: ${page.frames().map((x) => x.url()).join(' | ')}`);
    await sleep(60);
  }
}

/** Poll `fn` until it returns a truthy value (then return it), or fail after `timeout` ms naming `what`. */
export async function waitFor(fn, what, timeout = 10_000 * SLOW, every = 80) {
  const start = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - start > timeout) throw new Error(`timed out waiting for ${what}`);
    await sleep(every);
  }
}

// ------------------------------------------------------------------ guide helpers shared by the flow files

/**
 * A fresh run of the playbook (reset, then start), sent from an extension page as the popup would. Resolves once
 * the playbook is the active one in storage (and, unless `revoked` is allowed, not in its revoked phase).
 */
export async function freshRun(ctx, id) {
  const ext = await ctx.browser.newPage();
  try {
    await gotoExt(ctx, ext, 'popup/options.html');
    const ok = await ext.evaluate(async (pid) => {
      await chrome.runtime.sendMessage({ kind: 'keyhole/reset', playbookId: pid });
      const r = await chrome.runtime.sendMessage({ kind: 'keyhole/start', playbookId: pid });
      const got = await chrome.storage.local.get('keyhole.active');
      return !!r?.ok && got['keyhole.active']?.playbook?.id === pid && !got['keyhole.active'].revoked;
    }, id);
    if (!ok) throw new Error(`a fresh run of ${id} did not become active`);
  } finally {
    await ext.close();
  }
}

/** Every target over all frames, as [{ frame, step, value, type }]. */
export async function allTargets(page) {
  const out = [];
  for (const f of page.frames()) {
    if (f.detached) continue;
    try {
      const found = await f.$$eval('[data-keyhole-target]', (els) =>
        els.map((e) => ({ step: e.getAttribute('data-keyhole-target'), value: (e.value ?? e.textContent ?? '').trim(), type: e.type ?? '' })),
      );
      for (const t of found) out.push({ frame: f, ...t });
    } catch {}
  }
  return out;
}

/** The guide moves its target on the next frame after a click (or the frame is replaced): wait until it left this element. */
export async function targetLeft(handle) {
  for (let w = 0; w < 80; w++) {
    const still = await handle.evaluate((el) => el.isConnected && el.hasAttribute('data-keyhole-target')).catch(() => false);
    if (!still) return;
    await sleep(25);
  }
}

/** Click the target of `stepId` (optionally checking first that no frame has two targets); returns its frame. */
export async function clickTarget(page, stepId, { oneTargetPerFrame = false } = {}) {
  let { frame, handle } = await waitForTarget(page, stepId);
  if (oneTargetPerFrame) {
    const per = new Map();
    for (const { frame: f } of await allTargets(page)) per.set(f, (per.get(f) ?? 0) + 1);
    for (const [f, n] of per) if (n !== 1) throw new Error(`${n} targets in one frame (${f.url()}); the contract allows one`);
  }
  try {
    await handle.click();
  } catch (e) {
    // The frame was replaced between finding the target and clicking it (Lightning swaps its Setup iframe; seen once
    // in Firefox: "Browsing context already closed"): find the target again in the new frame, and click that.
    if (!/context|detached|closed/i.test(String(e?.message ?? e))) throw e;
    ({ frame, handle } = await waitForTarget(page, stepId));
    await handle.click();
  }
  await targetLeft(handle);
  return frame;
}

/** Wait until the overlay's text (over all frames) matches `re`; returns that text. */
export async function untilOverlaySays(page, re, timeout = 8000) {
  const start = Date.now();
  let last = '';
  for (;;) {
    last = await overlayText(page);
    if (re.test(last)) return last;
    if (Date.now() - start > timeout * SLOW) throw new Error(`overlay never said ${re}; last: ${last.slice(0, 600)}`);
    await sleep(150);
  }
}
