// Damaged or full storage, against the real background worker (background/service-worker.ts) and an in-memory
// browser: damage injected into one field at a time keeps every readable part and names what was dropped (a
// notice the popup shows; the damaged original set aside); writes that fail (quota, storage.local.set rejecting)
// are retried, reported to the sender and in the popup, and never lose what was saved before.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeBrowser, senders } from './security-browser-fake.ts';

const fake = vi.hoisted(() => ({ current: null as unknown as ReturnType<typeof createFakeBrowser> }));
vi.mock('webextension-polyfill', async () => {
  const { createFakeBrowser } = await import('./security-browser-fake.ts');
  fake.current = createFakeBrowser();
  return { default: fake.current.browser };
});

const { STORAGE } = await import('../../src/messages.ts');
const { migrate } = await import('../../src/progress/state.ts');
const store = await import('../../background/store.ts');
await import('../../background/service-worker.ts');

const F = () => fake.current;
const SF = 'drivetrain-salesforce-support';
const HB = 'drivetrain-hibob-support';
const SF_PAGE = 'https://acme.my.salesforce.com/00e?setupid=EnhancedProfiles';
const popup = (msg: unknown) => F().send(msg, senders.popup());
const fromPage = (msg: unknown, url = SF_PAGE) => F().send(msg, senders.contentScript(url));
/** The Salesforce run's progress on the acme org. */
const A = (s: any) => s.runs[SF].tenants.acme;
const stored = () => structuredClone(F().data[STORAGE.state]) as any;
const QUOTA = () => new Error('QUOTA_BYTES quota exceeded');

async function reset(): Promise<void> {
  // Let a previous test's waiting changes land before the slate is wiped.
  F().failWrites(null);
  await store.update([]).catch(() => undefined);
  await new Promise((r) => setTimeout(r, 10));
  for (const k of Object.keys(F().data)) delete F().data[k];
  F().writes.length = 0;
  F().failWrites(null);
  F().setJitter(false);
  store.WRITE_RETRY_MS.splice(0, store.WRITE_RETRY_MS.length, 1, 1, 1);
}

const finding = (checkId: string, at = Date.now()) => ({
  kind: 'keyhole/findings', playbookId: SF, checkId, title: `Check ${checkId}`, stepId: 'system-permissions', saved: false, at,
  items: [{ name: 'API Enabled', checked: true, verdict: 'ok', reason: 'required', rule: 'required' }, { name: 'Modify All Data', checked: false, verdict: 'ok', reason: 'writes', rule: 'forbidden' }],
});

/** A good state with two runs, steps, two permission checks and parameters, built through the real worker. */
async function goodState(): Promise<any> {
  await popup({ kind: 'keyhole/start', playbookId: HB });
  await popup({ kind: 'keyhole/mark', playbookId: HB, stepId: 'notify-vendor', done: true });
  await popup({ kind: 'keyhole/start', playbookId: SF });
  await fromPage({ kind: 'keyhole/step', playbookId: SF, stepId: 'new-profile', status: 'done', note: 'seen' });
  await fromPage({ kind: 'keyhole/step', playbookId: SF, stepId: 'open-profile', status: 'done', note: 'seen' });
  expect(await fromPage(finding('profile'))).toMatchObject({ ok: true });
  expect(await fromPage(finding('other'))).toMatchObject({ ok: true });
  const s = stored();
  expect(Object.keys(s.runs).sort()).toEqual([HB, SF].sort());
  expect(Object.keys(A(s).steps).sort()).toEqual(['new-profile', 'open-profile']);
  return s;
}

beforeEach(reset);

describe('partly damaged state keeps what is valid and tells the admin what was dropped', () => {
  const DAMAGE: Array<[string, (s: any) => void, RegExp, (kept: any) => void]> = [
    ['one run is null', (s) => (s.runs[HB] = null), /progress of playbook “drivetrain-hibob-support”/, (k) => {
      expect(A(k).steps['new-profile'].status).toBe('done');
      expect(Object.keys(A(k).findings).sort()).toEqual(['other', 'profile']);
      expect(k.runs[HB]).toBeUndefined();
    }],
    ['one run is a string', (s) => (s.runs[HB] = 'x'), /progress of playbook “drivetrain-hibob-support”/, (k) => expect(A(k).steps['open-profile'].status).toBe('done')],
    ['one step has a bad status', (s) => (A(s).steps['open-profile'].status = 'finished'), /step “open-profile”/, (k) => {
      expect(A(k).steps['new-profile'].status).toBe('done');
      expect(A(k).steps['open-profile']).toBeUndefined();
    }],
    ['one step is a number', (s) => (A(s).steps['new-profile'] = 3), /step “new-profile”/, (k) => expect(A(k).steps['open-profile'].status).toBe('done')],
    ['the steps are an array', (s) => (A(s).steps = [1]), /the steps of “drivetrain-salesforce-support”/, (k) => expect(Object.keys(A(k).findings)).toHaveLength(2)],
    ['one check has no item list', (s) => (A(s).findings.profile.items = 'nope'), /permission check “profile”/, (k) => {
      expect(A(k).findings.profile).toBeUndefined();
      expect(A(k).findings.other.items).toHaveLength(2);
    }],
    ['one item is not an object', (s) => A(s).findings.profile.items.push(null), /1 unreadable item\(s\) of permission check “profile”/, (k) => expect(A(k).findings.profile.items).toHaveLength(2)],
    ['an item name is an object with a broken toString', (s) => (A(s).findings.profile.items[0].name = { toString: 1 }), /1 unreadable item\(s\) of permission check “profile”/, (k) => {
      // Before: String() threw and the whole state was reset. Now only that item goes; the rest is intact.
      expect(A(k).findings.other.items[0].name).toBe('API Enabled');
      expect(A(k).findings.profile.items.map((i: any) => i.name)).toEqual(['Modify All Data']);
      expect(A(k).steps['new-profile'].status).toBe('done');
    }],
    ['the findings are a string', (s) => (A(s).findings = 'x'), /the permission findings of “drivetrain-salesforce-support”/, (k) => expect(A(k).steps['new-profile'].status).toBe('done')],
    ['a parameter is a number', (s) => (s.runs[SF].params.profileName = 7), /setting “profileName”/, (k) => expect(A(k).steps['new-profile'].status).toBe('done')],
  ];

  it.each(DAMAGE)('%s', async (_name, damage, named, kept) => {
    const good = await goodState();
    const bad = structuredClone(good);
    damage(bad);
    F().data[STORAGE.state] = bad;
    const s = migrate(bad);
    kept(s);
    {
      expect(s.notice).toMatch(/kept everything readable and dropped/);
      expect(s.notice).toMatch(named);
    }
    // The worker's next write keeps the notice (until dismissed) and sets the damaged original aside.
    for (const l of F().browser.runtime.onStartup.listeners) l();
    await popup({ kind: 'keyhole/revoke-days', playbookId: SF, days: 3 });
    const after = stored();
    kept(after);
    expect(after.runs[SF].revokeDays).toBe(3);
    expect(after.notice).toMatch(named);
    expect(F().data[store.DAMAGED_KEY]).toEqual(bad);
  });

  it('an undamaged state has no notice and sets nothing aside', async () => {
    const good = await goodState();
    expect(migrate(good).notice).toBeNull();
    expect(F().data[store.DAMAGED_KEY]).toBeUndefined();
  });

  it('the popup shows the dropped entries as its notice, as text', async () => {
    const good = await goodState();
    A(good).steps['open-profile'] = { status: '<b>x</b>' };
    F().data[STORAGE.state] = good;
    const { h, render } = await import('preact');
    const { App } = await import('../../popup/App.tsx');
    document.body.innerHTML = '<main id="app"></main>';
    const root = document.getElementById('app')!;
    render(h(App, null), root);
    for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 2));
    expect(root.querySelector('.notice')?.textContent).toMatch(/dropped: step “open-profile” of “drivetrain-salesforce-support”/);
    expect(root.querySelector('.notice b')).toBeNull();
    render(null, root);
  });
});

describe('a write that fails is reported and retried; nothing already saved is lost', () => {
  it('a write that fails once (storage busy) is retried and succeeds without the sender noticing', async () => {
    await goodState();
    let failures = 1;
    F().failWrites(() => (failures-- > 0 ? QUOTA() : null));
    expect(await fromPage({ kind: 'keyhole/step', playbookId: SF, stepId: 'system-permissions', status: 'done', note: 'seen' })).toEqual({ ok: true });
    expect(A(stored()).steps['system-permissions'].status).toBe('done');
    expect(await popup({ kind: 'keyhole/storage-status' })).toEqual({ ok: true, failure: null });
  });

  it('storage full: the sender hears it is not saved, the stored state is untouched, the popup is told', async () => {
    const before = await goodState();
    F().failWrites(QUOTA);
    expect(await fromPage({ kind: 'keyhole/step', playbookId: SF, stepId: 'system-permissions', status: 'done', note: 'seen' })).toMatchObject({ ok: false });
    expect(await popup({ kind: 'keyhole/mark', playbookId: SF, stepId: 'notify-vendor', done: true })).toMatchObject({ ok: false });
    // Nothing already saved is lost or replaced by a partial state.
    expect(stored()).toEqual(before);
    const status = (await popup({ kind: 'keyhole/storage-status' })) as any;
    expect(status.failure).toMatchObject({ error: expect.stringMatching(/quota/i), pending: 2 });
    // The popup shows it.
    const { h, render } = await import('preact');
    const { StorageStatus } = await import('../../popup/StorageStatus.tsx');
    document.body.innerHTML = '<main id="app"></main>';
    const root = document.getElementById('app')!;
    render(h(StorageStatus, { pollMs: 5 }), root);
    for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 2));
    expect(root.querySelector('[data-keyhole-storage-failure]')?.textContent).toMatch(/cannot save your progress.*2 changes not saved yet/s);
    // Space is freed: "Try again" saves both waiting changes, keeps what was there, and says so once.
    F().failWrites(null);
    (root.querySelector('[data-keyhole-storage-failure] button') as HTMLButtonElement).click();
    for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 2));
    expect(root.querySelector('[data-keyhole-storage-failure]')).toBeNull();
    render(null, root);
    const after = stored();
    expect(A(after).steps['system-permissions'].status).toBe('done');
    expect(A(after).steps['notify-vendor'].how).toBe('manual');
    expect(A(after).steps['new-profile']).toEqual(A(before).steps['new-profile']);
    expect(A(after).findings).toEqual(A(before).findings);
    expect(after.runs[HB]).toEqual(before.runs[HB]);
    expect(after.notice).toMatch(/could not save your progress for a while.*now been saved/);
    expect(await popup({ kind: 'keyhole/storage-status' })).toEqual({ ok: true, failure: null });
  });

  it('changes waiting after a failed write are saved with the next successful one, in order', async () => {
    await goodState();
    F().failWrites(QUOTA);
    expect(await fromPage(finding('late', Date.now()))).toMatchObject({ ok: false });
    F().failWrites(null);
    expect(await fromPage({ kind: 'keyhole/step', playbookId: SF, stepId: 'system-permissions', status: 'done', note: 'seen' })).toEqual({ ok: true });
    const after = stored();
    expect(Object.keys(A(after).findings).sort()).toEqual(['late', 'other', 'profile']);
    expect(A(after).steps['system-permissions'].status).toBe('done');
  });

  it('the worker retries on its own after a failure, without a new message', async () => {
    await goodState();
    F().failWrites(QUOTA);
    expect(await fromPage({ kind: 'keyhole/step', playbookId: SF, stepId: 'system-permissions', status: 'done', note: 'seen' })).toMatchObject({ ok: false });
    F().failWrites(null);
    await vi.waitFor(() => expect(A(stored()).steps['system-permissions']?.status).toBe('done'), { timeout: 2_000, interval: 5 });
  });
});

describe('two tenants at once through the real worker', () => {
  it('two tabs on two orgs with the same playbook keep separate progress; a popup mark goes to the tenant it names', async () => {
    await popup({ kind: 'keyhole/start', playbookId: SF });
    const PROD_FRAME = 'https://acme.my.salesforce-setup.com/00e?setupid=EnhancedProfiles';
    const UAT_FRAME = 'https://acme--uat.sandbox.my.salesforce-setup.com/00e?setupid=EnhancedProfiles';
    expect(await fromPage({ kind: 'keyhole/step', playbookId: SF, stepId: 'new-profile', status: 'done', note: 'seen' }, PROD_FRAME)).toEqual({ ok: true });
    expect(await fromPage({ kind: 'keyhole/step', playbookId: SF, stepId: 'open-profile', status: 'done', note: 'seen' }, SF_PAGE)).toEqual({ ok: true });
    expect(await fromPage(finding('profile'), UAT_FRAME)).toEqual({ ok: true });
    expect(await popup({ kind: 'keyhole/mark', playbookId: SF, stepId: 'notify-vendor', done: true, tenant: 'acme--uat.sandbox' })).toEqual({ ok: true });
    const s = stored();
    expect(Object.keys(s.runs[SF].tenants).sort()).toEqual(['acme', 'acme--uat.sandbox']);
    expect(Object.keys(s.runs[SF].tenants.acme.steps).sort()).toEqual(['new-profile', 'open-profile']);
    expect(Object.keys(s.runs[SF].tenants.acme.findings)).toEqual([]);
    expect(Object.keys(s.runs[SF].tenants['acme--uat.sandbox'].steps)).toEqual(['notify-vendor']);
    expect(Object.keys(s.runs[SF].tenants['acme--uat.sandbox'].findings)).toEqual(['profile']);
    expect(s.runs[SF].tenants['acme--uat.sandbox'].findings.profile.tenant).toBe('acme--uat.sandbox.my.salesforce-setup.com');
  });
});
