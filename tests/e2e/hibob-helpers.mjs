// Helpers for the HiBob e2e walks: act on what Keyhole highlights, read verdicts by visible wording.
import assert from 'node:assert/strict';
import { SLOW, sleep, waitForTarget } from './harness.mjs';

/** Wait until Keyhole highlights the step's control and click it (or type into it). Returns the handle. */
export async function act(page, stepId, { type, timeout = 10000 * SLOW } = {}) {
  // The page may re-render the control between finding and clicking it (slower under Firefox/BiDi): find it again.
  for (let attempt = 1; ; attempt++) {
    try {
      let { handle } = await waitForTarget(page, stepId, timeout);
      await handle.evaluate((el) => el.scrollIntoView({ block: 'nearest' }));
      await sleep(120);
      ({ handle } = await waitForTarget(page, stepId, timeout));
      await handle.click();
      if (type !== undefined) await page.keyboard.type(type);
      return handle;
    } catch (e) {
      if (attempt >= 3 || !/detached|not clickable/i.test(String(e?.message))) throw e;
      await sleep(150);
    }
  }
}

/** The step id currently targeted anywhere on the page (or null). */
export async function currentTarget(page) {
  return page.evaluate(() => document.querySelector('[data-keyhole-target]')?.getAttribute('data-keyhole-target') ?? null);
}

/** Verdict of the checkbox (or option) whose visible label is `label` (quotes and case ignored). */
export async function verdictOf(page, label) {
  return page.evaluate((label) => {
    const n = (s) => (s || '').replace(/[\u2018\u2019`]/g, "'").replace(/\s+/g, ' ').trim().toLowerCase();
    for (const el of document.querySelectorAll('[data-keyhole-verdict]')) {
      const name = el.labels?.[0]?.textContent || el.getAttribute('aria-label') || el.textContent;
      if (n(name) === n(label)) return el.getAttribute('data-keyhole-verdict');
    }
    return null;
  }, label);
}

/** Wait (up to 1 s, the contract) until the verdict of `label` is `want`. */
export async function expectVerdict(page, label, want, timeout = 1000) {
  const start = Date.now();
  let got = null;
  while (Date.now() - start <= timeout) {
    got = await verdictOf(page, label);
    if (got === want) return;
    await sleep(40);
  }
  assert.equal(got, want, `verdict of “${label}”`);
}

/** Click the visible label of a checkbox row by its text (as the admin would). */
export async function clickLabel(page, text) {
  const find = () => page.waitForFunction((text) => {
    const n = (s) => (s || '').replace(/[\u2018\u2019`]/g, "'").replace(/\s+/g, ' ').trim().toLowerCase();
    return [...document.querySelectorAll('label, [role=option]')].find((l) => n(l.textContent) === n(text)) || null;
  }, { timeout: 5000 }, text);
  // Virtual lists re-render on scroll: scroll first, then find the element again.
  await (await find()).asElement().evaluate((el) => el.scrollIntoView({ block: 'nearest' }));
  await sleep(120);
  await (await find()).asElement().click();
}

/** Click the header of a collapsible section (by its title) inside the current tab. */
export async function expandSection(page, title) {
  const h = await page.waitForFunction((title) => {
    const hs = [...document.querySelectorAll('header[aria-expanded]')].filter((x) => x.querySelector('h4')?.textContent.trim() === title);
    return hs[0] || null;
  }, { timeout: 5000 }, title);
  const open = await h.asElement().evaluate((e) => e.getAttribute('aria-expanded'));
  if (open !== 'true') await h.asElement().click();
}

/** Click whatever the step highlights until it highlights `stopWhen(el)` (e.g. Save), at most `max` times. */
export async function clickUntil(page, stepId, stopWhen, max = 60) {
  const clicked = [];
  for (let i = 0; i < max; i++) {
    let { handle } = await waitForTarget(page, stepId);
    const info = await handle.evaluate((el) => ({ tag: el.tagName, text: (el.textContent || '').trim().slice(0, 80) }));
    if (await handle.evaluate(stopWhen)) return clicked;
    clicked.push(info.text);
    await handle.evaluate((el) => el.scrollIntoView({ block: 'nearest' }));
    await sleep(120);
    const again = await waitForTarget(page, stepId);
    handle = again.handle;
    await handle.click();
    // wait until the target moves or changes state
    await page.waitForFunction(
      (el) => !el.isConnected || !el.hasAttribute('data-keyhole-target') || el.getAttribute('aria-expanded') === 'true' || (el.control ?? el).getAttribute?.('data-keyhole-verdict') === 'ok' || el.getAttribute('aria-selected') === 'true',
      { timeout: 3000 },
      handle,
    ).catch(() => {});
    await sleep(60);
  }
  throw new Error(`${stepId}: still not done after ${max} clicks: ${clicked.join(' | ')}`);
}

export const isSaveButton = (el) => el.tagName === 'BUTTON' && el.textContent.trim() === 'Save';
export const isApplyButton = (el) => el.tagName === 'BUTTON' && el.textContent.trim() === 'Apply';

export async function fixtureState(page) {
  return page.evaluate(() => window.__hibobFixture.getState());
}

/** Every data-keyhole-* attribute on the page, as [attr, value, tag, text]. */
export async function keyholeMarks(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('[data-keyhole-target], [data-keyhole-verdict]')].map((e) => [
      e.getAttribute('data-keyhole-target') ?? '',
      e.getAttribute('data-keyhole-verdict') ?? '',
      e.tagName,
      (e.labels?.[0]?.textContent ?? e.textContent ?? '').trim().slice(0, 60),
    ]),
  );
}

export async function overlayPresent(page) {
  return page.evaluate(() => [...document.documentElement.children].some((e) => e.tagName.startsWith('KEYHOLE-')));
}

export async function waitPath(page, re, timeout = 8000) {
  await page.waitForFunction((src) => new RegExp(src).test(location.pathname), { timeout }, re.source);
}

/**
 * Create the Service user permission group by acting on what Keyhole highlights, from the Permission groups page
 * to the new group's People's data tab. `description` only where the playbook asks for one (Learn Amp).
 */
export async function createServiceUserGroup(page, name, { description, landing = /\/peoples-data$/ } = {}) {
  await act(page, 'create-group');
  await act(page, 'choose-service-user-group');
  await act(page, 'group-name', { type: name });
  if (description) await act(page, 'group-description', { type: description });
  await act(page, 'group-members');
  await act(page, 'pick-service-user');
  await act(page, 'apply-members');
  await act(page, 'create-group-submit');
  await act(page, 'confirm-group');
  await waitPath(page, landing);
}
