// The popup component in happy-dom, with the browser edge (popup/api.ts) replaced by fakes.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { h, render } from 'preact';
import { migrate, type State } from '../../src/progress/state.ts';
import { tenantOfHost } from '../../src/consoles/hosts.ts';

const api = vi.hoisted(() => ({
  state: null as unknown,
  loadState: vi.fn(),
  loadImported: vi.fn(async () => ({})),
  onStorageChange: vi.fn(() => () => {}),
  send: vi.fn(async () => ({ ok: true })),
  openTab: vi.fn(async () => {}),
  openOptions: vi.fn(async () => {}),
  extensionUrl: vi.fn((p: string) => `chrome-extension://test/${p}`),
  downloadText: vi.fn(),
}));
vi.mock('../../popup/api.ts', () => api);

const { App } = await import('../../popup/App.tsx');
const { seededState, SF, TENANT, TOKEN } = await import('../e2e/popup-seed.mjs');

const flush = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
};

/** As popup/api.ts loadState does: stored state (here the v2 seed) migrated, tenants by host. */
async function mount(state: State) {
  api.loadState.mockResolvedValue(migrate(state, tenantOfHost));
  document.body.innerHTML = '<main id="app"></main>';
  const root = document.getElementById('app')!;
  render(h(App, null), root);
  await flush();
  return root;
}

beforeEach(() => vi.clearAllMocks());

describe('popup', () => {
  it('lists playbooks grouped by app; a start control starts its playbook at once', async () => {
    const root = await mount({ version: 2, activeId: null, runs: {}, notice: null });
    const groups = [...root.querySelectorAll('.app-group h3')].map((e) => e.textContent);
    expect(groups.sort()).toEqual(['HiBob', 'Salesforce']);
    (root.querySelector(`[data-playbook="${SF}"]`) as HTMLButtonElement).click();
    expect(api.send).toHaveBeenCalledWith({ kind: 'keyhole/start', playbookId: SF });
  });

  it('shows every step with its state, the findings counts and lists, and the tenant page', async () => {
    const root = await mount(seededState(Date.UTC(2025, 10, 20)));
    const status = (id: string) => root.querySelector(`[data-step="${id}"]`)?.getAttribute('data-status');
    expect(status('new-profile')).toBe('done');
    expect(status('system-permissions')).toBe('attention');
    expect(status('object-lead')).toBe('todo');
    expect(root.querySelector('[data-count="missing"]')!.textContent).toBe('1 missing');
    expect(root.querySelector('[data-count="forbidden"]')!.textContent).toBe('1 forbidden');
    expect(root.querySelector('[data-count="review"]')!.textContent).toBe('1 to review');
    expect(root.querySelector('[data-findings-list="forbidden"]')!.textContent).toContain('Modify All Data');
    const open = root.querySelector('[data-keyhole-open]') as HTMLButtonElement;
    expect(new URL(open.getAttribute('data-keyhole-open')!).hostname).toBe(TENANT);
    open.click();
    await flush();
    expect(api.openTab).toHaveBeenCalledWith(open.getAttribute('data-keyhole-open'));
  });

  it('"Done by hand" only on steps Keyhole cannot observe, in a row menu; a step marked by hand can be undone', async () => {
    const root = await mount(seededState());
    expect(root.querySelector('[data-keyhole-mark]')).toBeNull(); // menus closed
    (root.querySelector('[data-keyhole-row-menu="notify-vendor"]') as HTMLButtonElement).click();
    await flush();
    const mark = root.querySelector('[data-keyhole-mark="notify-vendor"]') as HTMLButtonElement;
    expect(mark.textContent).toBe('Done by hand');
    expect(root.querySelector('[data-keyhole-row-menu="notify-vendor"]')!.getAttribute('aria-expanded')).toBe('true');
    mark.click();
    expect(api.send).toHaveBeenCalledWith({ kind: 'keyhole/mark', playbookId: SF, stepId: 'notify-vendor', done: true, tenant: 'acme' });
    // Observable steps (a page, a check, evidence) have no manual mark at all.
    for (const id of ['object-lead', 'new-user', 'system-permissions', 'revoke-save']) expect(root.querySelector(`[data-keyhole-row-menu="${id}"]`), id).toBeNull();
    (root.querySelector('[data-keyhole-row-menu="save-profile"]') as HTMLButtonElement).click();
    await flush();
    (root.querySelector('[data-keyhole-unmark="save-profile"]') as HTMLButtonElement).click();
    expect(api.send).toHaveBeenCalledWith({ kind: 'keyhole/mark', playbookId: SF, stepId: 'save-profile', done: false, tenant: 'acme' });
  });

  it('shows where you are: the revoke due date on top, a progress bar, the current stage open, finished stages collapsed with their evidence', async () => {
    const now = Date.now();
    const root = await mount(seededState(now));
    const active = root.querySelector('[data-active]')!;
    expect(active.firstElementChild!.hasAttribute('data-keyhole-due-banner')).toBe(true);
    expect(root.querySelector('[data-keyhole-due]')!.textContent).toMatch(/^Due .* · in (6|7) days$/);
    const bar = root.querySelector('progress') as HTMLProgressElement;
    expect(Number(bar.getAttribute('value'))).toBeGreaterThan(0);
    expect(Number(bar.getAttribute('value'))).toBeLessThan(100);
    expect(root.querySelector('#progress-l')!.textContent).toBe('Stage 2 of 5: Set API and object permissions');
    const stages = [...root.querySelectorAll('details.stage')] as HTMLDetailsElement[];
    const state = Object.fromEntries(stages.map((d) => [d.getAttribute('data-stage'), [d.getAttribute('data-stage-state'), d.open]]));
    expect(state['Create the profile']).toEqual(['done', false]);
    expect(state['Set API and object permissions']).toEqual(['current', true]);
    expect(state['Create the user']).toEqual(['todo', false]);
    expect(state['Revoke access']).toEqual(['todo', false]);
    // The evidence of a finished stage is in its (collapsed) details.
    const created = stages.find((d) => d.getAttribute('data-stage') === 'Create the profile')!;
    expect(created.querySelector('[data-evidence="new-profile"]')!.textContent).toMatch(/“Drivetrain Integration” is listed.*seen by Keyhole/);
    expect(created.querySelector('[data-evidence="save-profile"]')!.textContent).toMatch(/marked by you/);
    expect(created.querySelector('summary')!.textContent).toMatch(/4 done/);
  });

  it('a manual current step has its own "Done by hand" button', async () => {
    const st = seededState();
    // The seed is stored state v2 (one progress per run); mount() migrates it to tenants.
    (st.runs[SF] as unknown as { current: unknown }).current = { stepId: 'notify-vendor', at: Date.now(), tenant: TENANT };
    const root = await mount(st);
    expect(root.querySelector('[data-current-step]')!.getAttribute('data-current-step')).toBe('notify-vendor');
    (root.querySelector('[data-keyhole-mark-current="notify-vendor"]') as HTMLButtonElement).click();
    expect(api.send).toHaveBeenCalledWith({ kind: 'keyhole/mark', playbookId: SF, stepId: 'notify-vendor', done: true, tenant: 'acme' });
  });

  it('exports Markdown and JSON through the download edge, without the token planted in the state', async () => {
    const root = await mount(seededState());
    (root.querySelector('[data-keyhole-export="markdown"]') as HTMLButtonElement).click();
    (root.querySelector('[data-keyhole-export="json"]') as HTMLButtonElement).click();
    expect(api.downloadText).toHaveBeenCalledTimes(2);
    const [[mdName, md, mdType], [jsonName, json]] = api.downloadText.mock.calls as unknown as [string, string, string][];
    expect(mdName).toMatch(new RegExp(`^keyhole-${SF}-${TENANT.replace(/\./g, '\\.')}-\\d{4}-\\d\\d-\\d\\d\\.md$`));
    expect(mdType).toMatch(/^text\/markdown/);
    expect(md).toContain('Modify All Data: **ON, must be off**');
    expect(jsonName).toMatch(/\.json$/);
    expect(JSON.parse(json).playbook.id).toBe(SF);
    expect(md + json).not.toContain(TOKEN);
  });

  it('edits the revoke reminder days and resets only after confirmation', async () => {
    const root = await mount(seededState());
    expect(root.querySelector('[data-keyhole-due]')!.textContent).toMatch(/^Due /);
    const input = root.querySelector('#rem-days') as HTMLInputElement;
    input.value = '3';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await flush();
    (root.querySelector('.reminder form') as HTMLFormElement).dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await flush();
    expect(api.send).toHaveBeenCalledWith({ kind: 'keyhole/revoke-days', playbookId: SF, days: 3 });
    (root.querySelector('[data-keyhole-reset]') as HTMLButtonElement).click();
    await flush();
    expect(api.send).not.toHaveBeenCalledWith(expect.objectContaining({ kind: 'keyhole/reset' }));
    (root.querySelector('[data-keyhole-reset-confirm]') as HTMLButtonElement).click();
    expect(api.send).toHaveBeenCalledWith({ kind: 'keyhole/reset', playbookId: SF });
  });
});
