import { afterEach, describe, expect, it } from 'vitest';
import { Window } from 'happy-dom';
import { salesforcePlaybook, frames, until } from './agent-page.ts';
import { Agent } from '../../content-scripts/agent.ts';
import type { ContentMessage } from '../../src/messages.ts';
import { publishedCatalogs } from './published-catalogs.ts';

const sf = salesforcePlaybook;

const EDIT_PAGE = `
  <h1 class="pageType">Profile Edit</h1><h2 class="pageDescription">Drivetrain Integration</h2>
  <table class="detailList"><tr><td class="labelCol"><label for="n">Profile Name</label></td><td class="dataCol"><input id="n" type="text" value="Drivetrain Integration"></td></tr></table>
  <div class="pbSubheader"><h3>Administrative Permissions<span class="titleSeparatingColon">:</span></h3></div>
  <table class="detailList"><tr>
    <td class="labelCol"><label for="a1">API Enabled</label></td><td class="dataCol"><input type="checkbox" id="a1" checked></td>
    <td class="labelCol"><label for="a2">Api Only User</label></td><td class="dataCol"><input type="checkbox" id="a2"></td></tr>
    <tr><td class="labelCol"><label for="a3">View Setup and Configuration</label></td><td class="dataCol"><input type="checkbox" id="a3" checked></td>
    <td class="labelCol"><label for="a4">Modify All Data</label></td><td class="dataCol"><input type="checkbox" id="a4"></td></tr></table>
  <div class="pbSubheader"><h3>Standard Object Permissions</h3></div>
  <table class="crudTable"><tr>
    <th class="labelCol" scope="row">Accounts</th><td class="crudCol"><input type="checkbox" title="Read Accounts" checked></td><td class="crudCol"><input type="checkbox" title="Edit Accounts" checked></td>
    <th class="labelCol" scope="row">Opportunities</th><td class="crudCol"><input type="checkbox" title="Read Opportunities" checked></td>
    <th class="labelCol" scope="row">Leads</th><td class="crudCol"><input type="checkbox" title="Read Leads" checked></td>
  </tr></table>
  <td class="pbButton"><input class="btn" type="submit" name="save" value=" Save "><input class="btn" type="submit" name="cancel" value="Cancel"></td>`;

let win: Window | null = null;
let agent: Agent | null = null;
afterEach(() => {
  agent?.stop();
  win?.close();
});


function boot(url: string, html: string) {
  win = new Window({ url });
  win.document.body.innerHTML = html;
  const sent: ContentMessage[] = [];
  agent = new Agent(sf, { win: win as unknown as globalThis.Window, send: (m) => sent.push(m), catalogs: publishedCatalogs(sf) });
  agent.start();
  return { doc: win.document, sent };
}

describe('content agent', () => {
  it('touches nothing on a page the playbook has no step for', async () => {
    const { doc, sent } = boot('https://acme.lightning.force.com/lightning/r/Account/001/view', '<button>Edit</button><input type="checkbox" checked>');
    await frames(win!);
    expect(doc.querySelectorAll('[data-keyhole-target], [data-keyhole-verdict]').length).toBe(0);
    expect(doc.documentElement.lastElementChild?.tagName.startsWith('KEYHOLE')).toBe(false);
    expect(sent).toEqual([]);
  });

  it('marks verdicts, targets the first problem, follows clicks, then targets Save', async () => {
    const { doc, sent } = boot('https://acme.my.salesforce.com/00e5g000001AbCd/e?retURL=%2F00e5g000001AbCd', EDIT_PAGE);
    await frames(win!);
    const v = (sel: string) => doc.querySelector(sel)!.getAttribute('data-keyhole-verdict');
    expect(v('#a1')).toBe('ok');
    expect(v('#a2')).toBe('missing');
    expect(v('#a3')).toBe('review');
    expect(v('#a4')).toBe('ok');
    expect(v('[title="Edit Accounts"]')).toBe('forbidden');
    const target = () => doc.querySelector('[data-keyhole-target]');
    expect(doc.querySelectorAll('[data-keyhole-target]').length).toBe(1);
    expect(target()?.id).toBe('a2');
    (doc.querySelector('#a2') as unknown as HTMLInputElement).click();
    expect(v('#a2')).toBe('ok'); // fast path, before the frame's pass
    (doc.querySelector('[title="Edit Accounts"]') as unknown as HTMLInputElement).click();
    await frames(win!);
    expect(v('[title="Edit Accounts"]')).toBe('ok');
    expect(target()?.getAttribute('name')).toBe('save');
    expect(target()?.getAttribute('data-keyhole-target')).toBe('profile-permissions');
    (target() as unknown as HTMLElement).click();
    const done = sent.find((m) => m.kind === 'keyhole/step' && m.status === 'done');
    expect(done && 'note' in done ? done.note : '').toMatch(/every required permission on and nothing forbidden \(1 review/);
    const saved = sent.find((m) => m.kind === 'keyhole/findings' && m.saved);
    expect(saved && 'items' in saved ? saved.items.find((i) => i.name === 'view setup and configuration')?.verdict : null).toBe('review');
  });

  it('on another profile, warns about lockout and marks nothing missing', async () => {
    const { doc } = boot('https://acme.my.salesforce.com/00e5g000001ZzZz/e', EDIT_PAGE.replaceAll('Drivetrain Integration', 'System Administrator'));
    await frames(win!);
    expect(doc.querySelectorAll('[data-keyhole-verdict]').length).toBe(0);
    expect(doc.querySelector('[data-keyhole-target]')?.getAttribute('name')).toBe('cancel');
  });

  it('keeps judging in a hidden tab, where animation frames do not run', async () => {
    win = new Window({ url: 'https://acme.my.salesforce.com/00e5g000001AbCd/e' });
    Object.defineProperty(win.document, 'hidden', { configurable: true, get: () => true });
    win.requestAnimationFrame = (() => 0) as unknown as typeof win.requestAnimationFrame; // frames never run in a hidden tab
    win.document.body.innerHTML = EDIT_PAGE;
    agent = new Agent(sf, { win: win as unknown as globalThis.Window, send: () => {}, catalogs: publishedCatalogs(sf) });
    agent.start();
    await new Promise((r) => setTimeout(r, 400));
    expect(win.document.querySelector('#a2')?.getAttribute('data-keyhole-verdict')).toBe('missing');
  });

  it('renames the target when the next step uses the same control', async () => {
    const pb = {
      ...sf,
      steps: [
        { id: 'first', phase: 'grant', stage: 's', title: 'First', instruction: 'i', page: { url: { path: '^/x$' } }, target: { role: 'button', name: 'Go' }, complete: { value: { role: 'textbox', label: 'Name' }, nonEmpty: true } },
        { id: 'second', phase: 'grant', stage: 's', title: 'Second', instruction: 'i', page: { url: { path: '^/x$' } }, target: { role: 'button', name: 'Go' } },
        { id: 'r', phase: 'revoke', stage: 'r', title: 'R', instruction: 'i', manual: true },
      ],
    } as typeof sf;
    win = new Window({ url: 'https://acme.my.salesforce.com/x' });
    win.document.body.innerHTML = '<label for="n">Name</label><input id="n" type="text"><button>Go</button>';
    agent = new Agent(pb, { win: win as unknown as globalThis.Window, send: () => {}, catalogs: publishedCatalogs(pb) });
    agent.start();
    await frames(win);
    const go = win.document.querySelector('button')!;
    expect(go.getAttribute('data-keyhole-target')).toBe('first');
    (win.document.querySelector('#n') as unknown as HTMLInputElement).value = 'x';
    win.document.querySelector('#n')!.dispatchEvent(new win.Event('input', { bubbles: true }));
    await frames(win);
    expect(go.getAttribute('data-keyhole-target')).toBe('second');
  });

  it('reports findings even on a page that never stops mutating', async () => {
    const { doc, sent } = boot('https://acme.my.salesforce.com/00e5g000001AbCd/e', EDIT_PAGE);
    const ticker = setInterval(() => doc.body.append(doc.createElement('span')), 30);
    try {
      await new Promise((r) => setTimeout(r, 1200));
    } finally {
      clearInterval(ticker);
    }
    expect(sent.some((m) => m.kind === 'keyhole/findings' && !m.saved)).toBe(true);
  });

  it('a box the page ticks by script (no event, no mutation) is judged again by the next pass; a row it adds is indexed from the changes alone', async () => {
    const { doc, sent } = boot('https://acme.my.salesforce.com/00e5g000001AbCd/e', EDIT_PAGE);
    await frames(win!);
    const v = (sel: string) => doc.querySelector(sel)!.getAttribute('data-keyhole-verdict');
    const snapshots = () => sent.filter((m) => m.kind === 'keyhole/findings').length;
    expect(v('#a4')).toBe('ok');
    // A pass with nothing changed: the same findings, no new snapshot queued (and none sent).
    const before = agent!.findings;
    doc.body.append(doc.createElement('span'));
    await frames(win!);
    await new Promise((r) => setTimeout(r, 450));
    expect(agent!.findings).toBe(before);
    const sentBefore = snapshots();
    // The page's script sets a property: no event, no record. Any later pass reads every box's state again.
    (doc.querySelector('#a4') as unknown as HTMLInputElement).checked = true;
    doc.body.append(doc.createElement('span'));
    await until(() => v('#a4') === 'forbidden', 1500); // a page-driven pass may wait out the back-off
    expect(v('#a4')).toBe('forbidden');
    expect(agent!.findings).not.toBe(before);
    await new Promise((r) => setTimeout(r, 450));
    expect(snapshots()).toBe(sentBefore + 1);
    // A row added later (a re-render): found among the page's additions, named and judged.
    const row = doc.createElement('tr');
    row.innerHTML = '<th class="labelCol" scope="row">Cases</th><td class="crudCol"><input type="checkbox" id="c1" title="Delete Cases" checked></td>';
    doc.querySelector('table.crudTable tbody, table.crudTable')!.append(row);
    await until(() => v('#c1') === 'forbidden', 1500);
    expect(v('#c1')).toBe('forbidden');
    // Removed again: forgotten (no finding for a box that left the page).
    expect(agent!.findings.some((f) => f.name === 'delete cases')).toBe(true);
    row.remove();
    await new Promise((r) => setTimeout(r, 1100)); // page-driven passes may wait out the back-off
    await frames(win!);
    expect(agent!.findings.some((f) => f.name === 'delete cases')).toBe(false);
  });

  it('removes every mark when stopped', async () => {
    const { doc } = boot('https://acme.my.salesforce.com/00e5g000001AbCd/e', EDIT_PAGE);
    await frames(win!);
    expect(doc.querySelectorAll('[data-keyhole-verdict]').length).toBeGreaterThan(0);
    agent!.stop();
    expect(doc.querySelectorAll('[data-keyhole-target], [data-keyhole-verdict]').length).toBe(0);
  });
});

describe('content agent: the background’s records change under a running guide', () => {
  it('know(): judged by the new records at once, with no restart (verdicts kept, the same agent)', async () => {
    const { doc } = boot('https://acme.my.salesforce.com/00e5g000001ZzZz/e', EDIT_PAGE.replaceAll('Drivetrain Integration', 'Drivetrain Integration v2'));
    await frames(win!);
    const verdicts = () => doc.querySelectorAll('[data-keyhole-verdict]').length;
    expect(verdicts()).toBe(0); // not the playbook's profile by name: nothing is judged
    agent!.know({ profile: { kind: 'profile', name: 'Drivetrain Integration v2', how: 'asked', id: '00e5g000001ZzZz', at: Date.now() } }, {});
    await frames(win!);
    expect(verdicts()).toBeGreaterThan(0); // the admin's answer, echoed by the background: judged now
    expect(doc.querySelector('#a2')?.getAttribute('data-keyhole-verdict')).toBe('missing');
  });
});
