/**
 * The cold pass on a large permission page is split into slices that yield to the page (issue 13). Bounds are
 * checked by count, not time: the number of checkboxes named and classified per slice, with a fake clock and a fake
 * scheduler, on the 481-object Salesforce profile edit replica (about 3,000 checkboxes).
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Window } from 'happy-dom';
import { salesforcePlaybook } from './agent-page.ts';
import { Agent, INDEX_SLICE } from '../../content-scripts/agent.ts';
import { CheckboxIndex, findingsOf, refreshAll } from '../../src/core/validator.ts';
import { markupForHost } from '../../src/consoles/index.ts';
import { publishedCatalogs } from './published-catalogs.ts';
// @ts-expect-error: plain ESM fixture (no types)
import { createSalesforceTenant } from '../fixtures/salesforce/tenant.mjs';

const sf = salesforcePlaybook;
const check = sf.steps.find((s) => s.id === 'profile-permissions')!.permissions!;

let url = '';
let html = '';
// happy-dom is slow with 3,000 rows on a shared 2-core machine: these bounds are counts, the timeout is only a guard.
const SLOW = 180_000;
beforeAll(() => {
  const tenant = createSalesforceTenant({ layout: 'classic', objectCount: 481, existingIntegrationProfile: true });
  url = tenant.urls.profileEdit(tenant.profileByName('Drivetrain Integration').id);
  const res = tenant.handle({ url, method: 'GET', postData: undefined, headers: {} });
  // The replica's own scripts are not needed (happy-dom would fetch assets); its markup is.
  html = String(res.body).replace(/<script\b[\s\S]*?<\/script>/gi, '').replace(/<link\b[^>]*>/gi, '');
});

let win: Window | null = null;
let agent: Agent | null = null;
afterEach(() => {
  agent?.stop();
  agent = null;
  win?.close();
  win = null;
});

function page(): Document {
  win = new Window({ url, settings: { disableJavaScriptFileLoading: true, disableCSSFileLoading: true } });
  const body = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? html;
  win.document.body.innerHTML = body;
  return win.document as unknown as Document;
}

const verdicts = (doc: Document) => doc.querySelectorAll('[data-keyhole-verdict]').length;

/**
 * Start the agent on the page `page()` loaded, with a fake scheduler (a slice continues only when the test runs the
 * queued resume) and a fake clock that never runs out; returns the queue and the messages sent.
 */
async function startSlicedAgent(): Promise<{ queue: Array<() => void>; sent: Array<{ kind: string; unverified?: number }> }> {
  const queue: Array<() => void> = [];
  const sent: Array<{ kind: string; unverified?: number }> = [];
  agent = new Agent(sf, {
    win: win as unknown as globalThis.Window,
    send: (m) => sent.push(m as never),
    catalogs: publishedCatalogs(sf),
    yieldToPage: (next) => queue.push(next),
    now: () => 0,
  });
  const a = agent as unknown as { steps: unknown; evaluate(): void };
  const { stepsForUrl } = await import('../../src/core/resolver.ts');
  a.steps = stepsForUrl(sf, new URL(url));
  a.evaluate();
  // The pass that found the page (its objects, its step) is a task of its own; the next ones only prepare the
  // index: the queue; the label map; the heading holders; the catalog's index. Naming starts in the one after.
  for (let task = 0; task < 5; task++) {
    expect(win!.document.querySelectorAll('[data-keyhole-verdict]').length).toBe(0);
    expect(queue.length).toBe(1);
    queue.shift()!();
    await Promise.resolve();
    await Promise.resolve();
  }
  return { queue, sent };
}

describe('sliced indexing (count, not time)', () => {
  it('the fixture is a large page: about 3,000 checkboxes', () => {
    const doc = page();
    expect(doc.querySelectorAll('input[type=checkbox]').length).toBeGreaterThan(2900);
  }, SLOW);

  it('CheckboxIndex.refreshSlice names at most maxNew items per slice, resumes, and ends where refreshAll() does', () => {
    const doc = page();
    const markup = markupForHost(new URL(url).hostname);
    const whole = new CheckboxIndex(check, doc, markup);
    refreshAll(whole);
    expect(whole.items.size).toBeGreaterThan(2500);

    const sliced = new CheckboxIndex(check, doc, markup);
    const named: number[] = [];
    for (let r = sliced.refreshSlice({ maxNew: 100 }); ; r = sliced.refreshSlice({ maxNew: 100 })) {
      named.push(r.named);
      expect(r.added.length).toBe(r.named);
      if (r.done) break;
      expect(sliced.pending).toBe(true);
      expect(named.length).toBeLessThan(1000); // it progresses
    }
    expect(Math.max(...named)).toBeLessThanOrEqual(100);
    expect(named.length).toBeGreaterThanOrEqual(Math.ceil(whole.items.size / 100));
    expect(named.reduce((a, b) => a + b, 0)).toBe(whole.items.size);
    expect(sliced.pending).toBe(false);
    expect(findingsOf(sliced)).toEqual(findingsOf(whole));
    // A finished index re-reads in one slice: known boxes cost a lookup, not a name.
    expect(sliced.refreshSlice({ maxNew: 100 })).toMatchObject({ done: true, named: 0, changed: false });
  }, SLOW);

  it('stops a slice when the clock says the time budget is spent, and checks the clock every few elements', () => {
    const doc = page();
    const index = new CheckboxIndex(check, doc, markupForHost(new URL(url).hostname));
    let t = 0;
    let reads = 0;
    // Each read of the clock advances it by 1 ms: a 5 ms budget allows 5 checks after the start.
    const now = () => (reads++, t++);
    const r = index.refreshSlice({ maxNew: Infinity, ms: 5, now });
    expect(r.done).toBe(false);
    expect(reads).toBe(6);
    expect(r.named).toBeGreaterThan(0);
    expect(r.named).toBeLessThanOrEqual(16 * 5);
  }, SLOW);

  it('a removed box is not indexed by a pass that began before the removal, and is forgotten when the pass ends', () => {
    const doc = page();
    const index = new CheckboxIndex(check, doc, markupForHost(new URL(url).hostname));
    index.refreshSlice({ maxNew: 10 });
    const boxes = doc.querySelectorAll('input[type=checkbox]');
    const last = boxes[boxes.length - 1];
    last.closest('tr')!.remove();
    let r = index.refreshSlice({ maxNew: 500 });
    while (!r.done) r = index.refreshSlice({ maxNew: 500 });
    expect(index.items.has(last)).toBe(false);
  }, SLOW);

  it('the agent marks verdicts over many yielded slices, each within INDEX_SLICE.maxNew, never targets Save before the end, then completes', async () => {
    const doc = page();
    const { queue, sent } = await startSlicedAgent();

    const total = doc.querySelectorAll('input[type=checkbox]').length;
    const perSlice: number[] = [verdicts(doc)];
    const saveTargeted = () => doc.querySelector('[data-keyhole-target]')?.matches('input[name=save], [name=save]') ?? false;
    expect(perSlice[0]).toBeGreaterThan(0);
    expect(perSlice[0]).toBeLessThanOrEqual(INDEX_SLICE.maxNew);
    expect(saveTargeted()).toBe(false);
    expect(sent.some((m) => (m as { kind: string }).kind === 'keyhole/findings')).toBe(false);
    // The target is drawn from the first slice: the first box that is wrong.
    expect(doc.querySelector('[data-keyhole-target]')).not.toBeNull();

    let slices = 1;
    while (queue.length) {
      const before = verdicts(doc);
      queue.shift()!();
      await Promise.resolve();
      await Promise.resolve();
      const after = verdicts(doc);
      perSlice.push(after - before);
      slices++;
      if (queue.length) expect(saveTargeted()).toBe(false);
      expect(slices).toBeLessThan(total);
    }
    expect(Math.max(...perSlice)).toBeLessThanOrEqual(INDEX_SLICE.maxNew);
    expect(slices).toBeGreaterThanOrEqual(Math.ceil(2500 / INDEX_SLICE.maxNew));
    // Complete: the same verdicts as one whole pass would write.
    const whole = new CheckboxIndex(check, doc, markupForHost(new URL(url).hostname), publishedCatalogs(sf).salesforce);
    refreshAll(whole);
    expect(verdicts(doc)).toBe(findingsOf(whole).length);
    expect((agent as unknown as { findings: unknown[] }).findings.length).toBe(findingsOf(whole).length);
  }, SLOW);

  // Readability is judged once the pass is complete: until then, a box only the page's language could make
  // reviewable (a label the catalog does not know) gets no verdict, so a slice never shows "review" on a page
  // that turns out unreadable.
  for (const lang of ['en', 'nl'] as const) {
    it(`unknown labels get no verdict while slicing; once complete: ${lang === 'en' ? 'forbidden' : 'none (unreadable page)'}`, async () => {
      const doc = page();
      doc.documentElement.setAttribute('lang', lang);
      // Three boxes the catalog does not know, in the first slice (next to API Enabled).
      const api = doc.querySelector('input[title="API Enabled"]')!;
      const row = api.closest('tr')!;
      for (const name of ['Frobnicate Widgets', 'Zorble Gadgets', 'Quux Everything']) {
        const tr = row.cloneNode(true) as Element;
        tr.querySelector('label')!.textContent = name;
        tr.querySelector('label')!.setAttribute('for', `u-${name}`);
        const box = tr.querySelector('input')!;
        box.id = `u-${name}`;
        box.setAttribute('title', name);
        tr.querySelectorAll('td').forEach((td, i) => i > 1 && td.remove());
        row.after(tr);
      }
      const unknown = () => Array.from(doc.querySelectorAll('input[id^="u-"]'));
      expect(unknown().length).toBe(3);
      const { queue, sent } = await startSlicedAgent();
      expect(queue.length).toBe(1); // sliced
      let slices = 0;
      while (queue.length) {
        for (const el of unknown()) expect(el.getAttribute('data-keyhole-verdict'), `slice ${slices}`).toBeNull();
        queue.shift()!();
        await Promise.resolve();
        await Promise.resolve();
        slices++;
      }
      expect(slices).toBeGreaterThan(3);
      for (const el of unknown()) expect(el.getAttribute('data-keyhole-verdict')).toBe(lang === 'en' ? 'forbidden' : null);
    }, SLOW);
  }
});
