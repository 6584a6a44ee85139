// The permission-page planner as a table: each row is the facts a page shows and what the guide must do next.
import { afterEach, describe, expect, it } from 'vitest';
import { Window } from 'happy-dom';
import { salesforcePlaybook, frames } from './agent-page.ts';
import { plan, type PermissionAction, type PermissionPageState, type PlanTarget } from '../../src/core/planner.ts';
import { Agent } from '../../content-scripts/agent.ts';
import { publishedCatalogs } from './published-catalogs.ts';

const base: PermissionPageState = {
  instruction: 'Tick Read.',
  findings: 10,
  problems: 0,
  reviews: 0,
  editable: false,
  absent: [],
  absentBlocks: true,
  revealFor: null,
  moreBelow: false,
  hasNext: false,
};

const EDIT_ACCOUNTS = { name: 'edit accounts', label: 'Edit Accounts', verdict: 'forbidden' as const, reason: 'Writes records.' };

type Row = [string, Partial<PermissionPageState>, PermissionAction, PlanTarget, 'warn' | 'ok', boolean, RegExp];

const TABLE: Row[] = [
  // name                                                  facts                                                     action           target           tone    done   text
  ['editable page with a problem: Edit first', { editable: true, problems: 2, firstProblem: EDIT_ACCOUNTS }, 'edit', 'edit', 'warn', false, /^Tick Read\.\n\nFirst make the permissions editable\.$/],
  // The first problem by name and why (the box the 'first-problem' target highlights), not a general rule.
  ['edit page with a forbidden box: untick it, and why', { problems: 2, firstProblem: { name: 'modify all data', label: 'Modify All Data', verdict: 'forbidden', reason: 'Full write access to every record in the org.' } }, 'fix', 'first-problem', 'warn', false, /^Untick “Modify All Data”: Full write access to every record in the org\.\n\nTick Read\.$/],
  ['edit page with a missing box: tick it, and why', { problems: 1, firstProblem: { name: 'api enabled', label: 'API Enabled', verdict: 'missing', reason: 'The vendor reads your data through the API.' } }, 'fix', 'first-problem', 'warn', false, /^Tick “API Enabled”: The vendor reads your data through the API\.\n\nTick Read\.$/],
  ['a first problem without the page\'s label: its name', { problems: 1, firstProblem: { name: 'edit accounts', verdict: 'forbidden', reason: 'Writes.' } }, 'fix', 'first-problem', 'warn', false, /^Untick “edit accounts”: Writes\.\n\nTick Read\.$/],
  ['a problem on an unreadable page names its box too', { unreadable: true, problems: 1, firstProblem: EDIT_ACCOUNTS }, 'fix', 'first-problem', 'warn', false, /^Untick “Edit Accounts”: Writes records\.\n\nTick Read\.$/],
  ['a problem and an absent item: fix first, and name what was not found', { problems: 1, absent: ['API Enabled'], firstProblem: EDIT_ACCOUNTS }, 'fix', 'first-problem', 'warn', false, /^Untick “Edit Accounts”: Writes records\.\n\nTick Read\.\n\nNot found on this page: API Enabled\./],
  ['a problem wins over an absent item with a reveal', { problems: 1, absent: ['Work'], revealFor: 'Work', firstProblem: EDIT_ACCOUNTS }, 'fix', 'first-problem', 'warn', false, /Untick “Edit Accounts”/],
  ['a problem wins over more options below', { problems: 1, moreBelow: true, firstProblem: EDIT_ACCOUNTS }, 'fix', 'first-problem', 'warn', false, /Untick “Edit Accounts”/],
  ['absent required item that can be revealed', { absent: ['Work'], revealFor: 'Work' }, 'reveal', 'reveal', 'ok', false, /Open the highlighted section: “Work” is not on the page yet\./],
  ['reveal even on a read-only page', { editable: true, absent: ['Work'], revealFor: 'Work' }, 'reveal', 'reveal', 'ok', false, /Open the highlighted section/],
  ['a virtual list with options below the fold', { moreBelow: true }, 'scroll', 'list', 'ok', false, /Scroll this list to its end: every option counts\.$/],
  ['reveal comes before scroll', { moreBelow: true, absent: ['Work'], revealFor: 'Work' }, 'reveal', 'reveal', 'ok', false, /Open the highlighted section/],
  ['read-only page already as required', { editable: true }, 'done-readonly', 'next', 'ok', true, /^As required: nothing to change here\.$/],
  ['read-only page as required, with a next control', { editable: true, hasNext: true }, 'done-readonly', 'next', 'ok', true, /nothing to change here\. Next: the highlighted control\.$/],
  ['read-only page as required, with review items', { editable: true, reviews: 3 }, 'done-readonly', 'next', 'ok', true, /Review the 3 extra item\(s\) below; to untick any, click Edit first\.$/],
  ['read-only page, a required item absent and no reveal: Edit, not done', { editable: true, absent: ['Read Leads'] }, 'edit', 'edit', 'ok', false, /First make the permissions editable\.\n\nNot found on this page: Read Leads\./],
  ['edit page as required: Save', {}, 'save', 'save', 'ok', false, /^Nothing required is missing and nothing forbidden is on\. Save\.$/],
  ['edit page with review items: review, then Save', { reviews: 2 }, 'save', 'save', 'ok', false, /Review the 2 extra item\(s\) below, untick what the vendor does not need, then Save\.$/],
  // Fail closed: a required item that belongs on this page is not on it, so Save is never the target.
  ['edit page with absent required items: no Save, say so, name them and what to do', { absent: ['Read Leads', 'API Enabled'] }, 'absent', 'none', 'warn', false, /^Tick Read\.\n\nKeyhole cannot find every required item on this page, so it will not point you to Save\. Saved anyway, they are listed as not seen\.\n\nNot found on this page: Read Leads, API Enabled\. If the page uses other words, find them by meaning\.$/],
  ['an absent required item with review items: still no Save', { absent: ['API Enabled'], reviews: 3 }, 'absent', 'none', 'warn', false, /will not point you to Save[^]*Not found on this page: API Enabled\./],
  ['nothing judged yet and a required item absent: no Save, and its name', { findings: 0, absent: ['Read Leads'] }, 'absent', 'none', 'warn', false, /will not point you to Save[^]*Not found on this page: Read Leads\./],
  ['scroll comes before the absent item (it may be below the fold)', { moreBelow: true, absent: ['Terminated'] }, 'scroll', 'list', 'ok', false, /Scroll this list to its end/],
  ['unreadable comes before the absent item', { unreadable: true, absent: ['API Enabled'], notice: 'Switch to English.' }, 'unreadable', 'none', 'warn', false, /^Switch to English\./],
  // The check allows its required items on another page (e.g. objects listed elsewhere): Save, as before.
  ['absent items that may be elsewhere: Save, and name what was not found', { absent: ['Read Leads', 'API Enabled'], absentBlocks: false }, 'save', 'save', 'ok', false, /Save\.\n\nNot found on this page: Read Leads, API Enabled\. If the page uses other words/],
  ['read-only page, an item absent that may be elsewhere: Edit, not done', { editable: true, absent: ['Read Leads'], absentBlocks: false }, 'edit', 'edit', 'ok', false, /First make the permissions editable\.\n\nNot found on this page: Read Leads\./],
  ['nothing judged on the page, items may be elsewhere: no "not found" line', { findings: 0, absent: ['Read Leads'], absentBlocks: false }, 'save', 'save', 'ok', false, /^Nothing required is missing and nothing forbidden is on\. Save\.$/],
  // Unreadable: no target, so the card warns (it never says "ready").
  ['unreadable page (another language): never Save, say how to switch', { unreadable: true, notice: 'Switch to English.' }, 'unreadable', 'none', 'warn', false, /^Switch to English\.\n\nThe permission check is recorded as not verified\./],
  ['unreadable read-only page: not "done", never Save', { unreadable: true, editable: true, notice: 'Switch to English.' }, 'unreadable', 'none', 'warn', false, /not verified/],
  ['unreadable page with review items: still never Save', { unreadable: true, reviews: 4 }, 'unreadable', 'none', 'warn', false, /^Keyhole cannot read the permission names on this page, so it will not point you to Save\. Reload this page\./],
];

describe('permission-page planner', () => {
  it.each(TABLE)('%s', (_name, facts, action, target, tone, done, text) => {
    const p = plan({ ...base, ...facts });
    expect({ action: p.action, target: p.target, tone: p.tone, done: p.done }).toEqual({ action, target, tone, done });
    expect(p.text).toMatch(text);
  });

  it('review items never block: with only reviews the target is Save', () => {
    expect(plan({ ...base, reviews: 40 }).target).toBe('save');
  });

  it('the table covers every action', () => {
    const all: PermissionAction[] = ['edit', 'fix', 'reveal', 'scroll', 'done-readonly', 'absent', 'save', 'unreadable'];
    expect(new Set(TABLE.map((r) => r[2]))).toEqual(new Set(all));
  });

  it('never Save and never done while a required item that belongs on the page is absent (every combination of facts)', () => {
    const seen = new Set<string>();
    for (const editable of [false, true])
      for (const problems of [0, 1])
        for (const reviews of [0, 2])
          for (const findings of [0, 5])
            for (const reveal of [false, true])
              for (const moreBelow of [false, true])
                for (const unreadable of [false, true])
                  for (const hasNext of [false, true]) {
                    const facts: PermissionPageState = { ...base, editable, problems, reviews, findings, moreBelow, unreadable, hasNext, absent: ['API Enabled'], revealFor: reveal ? 'API Enabled' : null };
                    const p = plan(facts);
                    seen.add(p.action);
                    expect(p.target, JSON.stringify(facts)).not.toBe('save');
                    expect(p.done, JSON.stringify(facts)).toBe(false);
                    // Allowed elsewhere: the same facts reach Save where nothing else comes first.
                    if (!editable && !problems && !reveal && !moreBelow && !unreadable) expect(plan({ ...facts, absentBlocks: false }).target).toBe('save');
                  }
    expect(seen).toContain('absent');
  });
});

// The plan as the content script reads and renders it (happy-dom): the facts permission-page.ts reads off a
// Salesforce-like profile edit page, the target the agent marks and the card's text (captured from the closed root).
const sf = salesforcePlaybook;

const row = (id: string, label: string, checked: boolean) =>
  `<td class="labelCol"><label for="${id}">${label}</label></td><td class="dataCol"><input type="checkbox" id="${id}"${checked ? ' checked' : ''}></td>`;

function editPage(o: { apiEnabled?: boolean | null; apiOnly?: boolean; editAccounts?: boolean } = {}): string {
  const api = o.apiEnabled === null ? '' : `<tr id="api-row">${row('a1', 'API Enabled', o.apiEnabled ?? true)}</tr>`;
  return `
  <h1 class="pageType">Profile Edit</h1><h2 class="pageDescription">Drivetrain Integration</h2>
  <table class="detailList"><tr><td class="labelCol"><label for="n">Profile Name</label></td><td class="dataCol"><input id="n" type="text" value="Drivetrain Integration"></td></tr></table>
  <div class="pbSubheader"><h3>Administrative Permissions<span class="titleSeparatingColon">:</span></h3></div>
  <table class="detailList" id="admin">${api}
    <tr>${row('a2', 'Api Only User', o.apiOnly ?? true)}${row('a4', 'Modify All Data', false)}</tr></table>
  <div class="pbSubheader"><h3>Standard Object Permissions</h3></div>
  <table class="crudTable"><tr>
    <th class="labelCol" scope="row">Accounts</th><td class="crudCol"><input type="checkbox" title="Read Accounts" checked></td><td class="crudCol"><input type="checkbox" title="Edit Accounts"${o.editAccounts ? ' checked' : ''}></td>
    <th class="labelCol" scope="row">Opportunities</th><td class="crudCol"><input type="checkbox" title="Read Opportunities" checked></td>
    <th class="labelCol" scope="row">Leads</th><td class="crudCol"><input type="checkbox" title="Read Leads" checked></td>
  </tr></table>
  <td class="pbButton"><input class="btn" type="submit" name="save" value=" Save "><input class="btn" type="submit" name="cancel" value="Cancel"></td>`;
}

describe('permission-page planner on a page (agent, happy-dom)', () => {
  let win: Window | null = null;
  let agent: Agent | null = null;
  afterEach(() => {
    agent?.stop();
    win?.close();
    win = agent = null;
  });

  
  function boot(html: string) {
    win = new Window({ url: 'https://acme.my.salesforce.com/00e5g000001AbCd/e?retURL=%2F00e5g000001AbCd' });
    const roots: ShadowRoot[] = [];
    const proto = win.Element.prototype as unknown as { attachShadow: (init: ShadowRootInit) => ShadowRoot };
    const orig = proto.attachShadow;
    proto.attachShadow = function (this: Element, init: ShadowRootInit) {
      const r = orig.call(this, init);
      roots.push(r);
      return r;
    };
    win.document.body.innerHTML = html;
    agent = new Agent(sf, { win: win as unknown as globalThis.Window, send: () => {}, catalogs: publishedCatalogs(sf) });
    agent.start();
    const doc = win.document;
    return {
      doc,
      target: () => doc.querySelector('[data-keyhole-target]'),
      cardText: () => roots.map((r) => r.querySelector('.card .text')?.textContent ?? '').join('\n'),
    };
  }

  it('an edit page without the required "API Enabled" row: Save is not the target, the card names it; the row back: Save', async () => {
    const { doc, target, cardText } = boot(editPage({ apiEnabled: null }));
    await frames(win!);
    expect(doc.querySelector('[name=save]')!.hasAttribute('data-keyhole-target')).toBe(false);
    expect(target()).toBeNull();
    expect(cardText()).toMatch(/Keyhole cannot find every required item on this page, so it will not point you to Save\.[^]*Not found on this page: API Enabled\./);
    // The row comes back (e.g. another layout rendered late): the guide points to Save again.
    doc.querySelector('#admin')!.insertAdjacentHTML('afterbegin', `<tr>${row('a1', 'API Enabled', true)}</tr>`);
    // A change of the page's own (not the admin's input) gets its pass within the back-off (page-visit.ts: ≤ 1 s).
    for (let t0 = Date.now(); target()?.getAttribute('name') !== 'save' && Date.now() - t0 < 2000; ) await frames(win!);
    expect(target()?.getAttribute('name')).toBe('save');
    expect(cardText()).toMatch(/Nothing required is missing and nothing forbidden is on\. Save\./);
  });

  it('the card names the highlighted box and why, before the instruction: the missing one first (index order), then the forbidden one', async () => {
    const { doc, target, cardText } = boot(editPage({ apiOnly: false, editAccounts: true }));
    await frames(win!);
    expect(target()?.id).toBe('a2');
    expect(cardText()).toMatch(/^Tick “Api Only User”: The user can call the API but cannot log in to the Salesforce UI\.\n\n/);
    (doc.querySelector('#a2') as unknown as HTMLInputElement).click();
    await frames(win!);
    expect(target()?.getAttribute('title')).toBe('Edit Accounts');
    expect(cardText()).toMatch(/^Untick “Edit Accounts”: Write or org-wide object access: a read-only integration must not create, edit, delete or see\/modify all records\.\n\n/);
    expect(cardText()).not.toMatch(/Fix the highlighted box/);
  });
});
