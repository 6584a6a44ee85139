// The real background worker (background/service-worker.ts) against an in-memory browser: who may send what
// (forged messages), concurrent writers (no lost writes), damaged or old storage (migrated or reset with a
// notice, and a popup that still renders), and no needless writes.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createFakeBrowser, senders } from './security-browser-fake.ts';

const fake = vi.hoisted(() => ({ current: null as unknown as ReturnType<typeof createFakeBrowser> }));
vi.mock('webextension-polyfill', async () => {
  const { createFakeBrowser } = await import('./security-browser-fake.ts');
  fake.current = createFakeBrowser();
  return { default: fake.current.browser };
});

const { STORAGE } = await import('../../src/messages.ts');
const { migrate, apply, STATE_VERSION, emptyState, runView, runViews } = await import('../../src/progress/state.ts');
const { builtinPlaybooks } = await import('../../src/builtins.ts');
const { buildChecklist, checklistMarkdown } = await import('../../src/progress/checklist.ts');
const { update } = await import('../../background/store.ts');
await import('../../background/service-worker.ts');
const { readFileSync } = await import('node:fs');

const F = () => fake.current;
const SF = 'drivetrain-salesforce-support';
const HB = 'drivetrain-hibob-support';
const SF_PAGE = 'https://acme.my.salesforce.com/00e?setupid=EnhancedProfiles';
const sf = builtinPlaybooks().find((p) => p.id === SF)!;
const EXAMPLE = readFileSync('docs/examples/acme-bi-hibob-readonly.json', 'utf8');

const popup = (msg: unknown) => F().send(msg, senders.popup());
const fromPage = (msg: unknown, url = SF_PAGE) => F().send(msg, senders.contentScript(url));
const state = () => F().data[STORAGE.state] as ReturnType<typeof migrate> | undefined;
const snapshot = () => JSON.stringify(F().data);

async function reset(): Promise<void> {
  for (const k of Object.keys(F().data)) delete F().data[k];
  F().alarms.clear();
  F().writes.length = 0;
  F().setJitter(true);
}

beforeAll(async () => {
  await reset();
});
afterEach(() => F().setJitter(true));

describe('forged messages', () => {
  it('a content script (any web page) cannot send popup commands: start, mark, reset, import, params, stop', async () => {
    await reset();
    expect(await popup({ kind: 'keyhole/start', playbookId: SF })).toEqual({ ok: true });
    const before = snapshot();
    const forged = [
      { kind: 'keyhole/start', playbookId: HB },
      { kind: 'keyhole/mark', playbookId: SF, stepId: 'new-profile', done: true },
      { kind: 'keyhole/reset', playbookId: SF },
      { kind: 'keyhole/stop' },
      { kind: 'keyhole/import', json: EXAMPLE },
      { kind: 'keyhole/remove-playbook', playbookId: SF },
      { kind: 'keyhole/params', playbookId: SF, params: { profileName: 'x' } },
      { kind: 'keyhole/revoke-days', playbookId: SF, days: 365 },
      { kind: 'keyhole/dismiss-notice' },
      { kind: 'keyhole/test-fire-reminder', playbookId: SF },
    ];
    for (const msg of forged) {
      for (const url of [SF_PAGE, 'https://evil.example/', 'https://app.hibob.com/home']) {
        expect(await fromPage(msg, url), `${msg.kind} from ${url}`).toBeUndefined();
      }
      // An extension page URL claimed by a sender inside a web tab is still a web tab.
      expect(await F().send(msg, { ...senders.popup(), tab: { id: 1, url: SF_PAGE } })).toBeUndefined();
      // Another extension is ignored outright.
      expect(await F().send(msg, senders.otherExtension())).toBeUndefined();
    }
    expect(snapshot()).toBe(before);
  });

  it('step and findings reports are accepted only from a vendor host of the active playbook, for its steps', async () => {
    await reset();
    await popup({ kind: 'keyhole/start', playbookId: SF });
    const before = snapshot();
    const step = { kind: 'keyhole/step', playbookId: SF, stepId: 'new-profile', status: 'done', note: 'forged' };
    const findings = { kind: 'keyhole/findings', playbookId: SF, checkId: 'system-permissions', title: 't', stepId: 'system-permissions', saved: true, items: [] };
    const rejected: Array<[unknown, Record<string, unknown>]> = [
      [step, senders.contentScript('https://evil.example/00e')], // not a vendor host
      [step, senders.contentScript('https://app.hibob.com/home')], // a vendor host, not this playbook's
      [step, { ...senders.contentScript(SF_PAGE), tab: undefined }], // not from a tab
      [step, senders.otherExtension()],
      [{ ...step, playbookId: HB }, senders.contentScript(SF_PAGE)], // not the active playbook
      [{ ...step, stepId: 'no-such-step' }, senders.contentScript(SF_PAGE)],
      [{ ...step, status: 'approved' }, senders.contentScript(SF_PAGE)],
      [{ ...step, note: 'x'.repeat(5000) }, senders.contentScript(SF_PAGE)],
      [{ ...findings, stepId: 'new-profile' }, senders.contentScript(SF_PAGE)], // a step without a permission check
      [{ ...findings, items: [{ name: 'Modify All Data', checked: false, verdict: 'fine', reason: '' }] }, senders.contentScript(SF_PAGE)],
      [{ ...findings, items: 'all good' }, senders.contentScript(SF_PAGE)],
      [null, senders.contentScript(SF_PAGE)],
      ['keyhole/step', senders.contentScript(SF_PAGE)],
    ];
    for (const [msg, sender] of rejected) {
      const r = await F().send(msg, sender);
      expect(r === undefined || (r as { ok: boolean }).ok === false, JSON.stringify(msg).slice(0, 80)).toBe(true);
    }
    expect(snapshot()).toBe(before);
    // The genuine report is accepted, and only the whitelisted fields are kept.
    expect(await fromPage({ ...step, note: 'seen', token: 'eyJhbGciOi.secret.sig', cookie: 'sid=1' })).toEqual({ ok: true });
    expect(await fromPage({ ...findings, sessionId: '00D!secret', items: [{ name: 'API Enabled', checked: true, verdict: 'ok', reason: 'r', password: 'hunter2' }] })).toEqual({ ok: true });
    const saved = JSON.stringify(state());
    expect(saved).toContain('"new-profile"');
    expect(saved).not.toMatch(/eyJhbGciOi|sid=1|00D!secret|hunter2|"token"|"cookie"|"password"|"sessionId"/);
  });

  it('a packed findings snapshot (one JSON string) is opened and checked like any other; a malformed or mislabelled envelope is refused', async () => {
    const { packContentMessage } = await import('../../src/messages.ts');
    await reset();
    await popup({ kind: 'keyhole/start', playbookId: SF });
    const findings = { kind: 'keyhole/findings', playbookId: SF, checkId: 'system-permissions', title: 't', stepId: 'system-permissions', saved: true, items: [{ name: 'API Enabled', checked: true, verdict: 'ok', reason: 'r', password: 'hunter2' }] };
    const before = snapshot();
    const rejected: unknown[] = [
      { kind: 'keyhole/findings', packed: '{not json' },
      { kind: 'keyhole/findings', packed: JSON.stringify({ ...findings, kind: 'keyhole/step' }) }, // the envelope lies about its kind
      { kind: 'keyhole/step', packed: JSON.stringify(findings) }, // only findings travel packed
      { kind: 'keyhole/findings', packed: 42 },
      packContentMessage({ ...findings, items: [{ name: 'Modify All Data', checked: true, verdict: 'fine', reason: '' }] } as unknown as Parameters<typeof packContentMessage>[0]),
      { kind: 'keyhole/findings', packed: JSON.stringify({ ...findings, rows: [['Modify All Data', 0, 1, 'ok', 0, 7, 0]], reasons: [] }) }, // a reason index that points nowhere
      { kind: 'keyhole/findings', packed: JSON.stringify({ ...findings, rows: ['API Enabled'], reasons: [] }) },
      { kind: 'keyhole/findings', packed: ' '.repeat(8_000_001) }, // larger than any real page
    ];
    for (const msg of rejected) {
      const r = await fromPage(msg);
      expect(r === undefined || (r as { ok: boolean }).ok === false, JSON.stringify(msg).slice(0, 80)).toBe(true);
    }
    expect(snapshot()).toBe(before);
    // Round trip: what the worker opens is the message the page packed (reasons written once, items as rows).
    const { unpackContentMessage } = await import('../../src/messages.ts');
    const many = { ...findings, items: Array.from({ length: 300 }, (_, i) => ({ name: `p${i}`, label: `P${i}`, checked: i % 3 === 0, verdict: i % 3 ? 'ok' : 'forbidden', reason: `reason ${i % 4}`, rule: 'forbidden', ...(i % 2 ? { effect: 'write' } : {}) })) };
    const env = packContentMessage(many as Parameters<typeof packContentMessage>[0]) as { packed: string };
    expect(unpackContentMessage(env)).toEqual(many);
    expect(env.packed.length).toBeLessThan(JSON.stringify(many).length * 0.6);
    const packed = packContentMessage(findings as Parameters<typeof packContentMessage>[0]);
    expect(typeof (packed as { packed?: unknown }).packed).toBe('string');
    expect(await fromPage(packed)).toEqual({ ok: true });
    const saved = JSON.stringify(state());
    expect(saved).toContain('API Enabled');
    expect(saved).not.toContain('hunter2'); // unpacked, then only the whitelisted fields are kept
  });

  it('a playbook that is not active does not move, even from its own vendor host', async () => {
    await reset();
    await popup({ kind: 'keyhole/start', playbookId: SF });
    await popup({ kind: 'keyhole/stop' });
    const before = snapshot();
    expect(await fromPage({ kind: 'keyhole/step', playbookId: SF, stepId: 'new-profile', status: 'done', note: '' })).toEqual({ ok: false });
    expect(snapshot()).toBe(before);
  });
});

describe('concurrency: one writer, no lost writes', () => {
  it('two tabs and the popup writing at once keep every step and finding', async () => {
    await reset();
    await popup({ kind: 'keyhole/start', playbookId: SF });
    const steps = sf.steps.filter((s) => s.page && !s.permissions && !s.warning).map((s) => s.id);
    const checks = sf.steps.filter((s) => s.permissions).map((s) => s.id);
    const manual = sf.steps.filter((s) => s.manual && !s.page).map((s) => s.id);
    expect(steps.length).toBeGreaterThan(8);
    expect(checks.length).toBeGreaterThan(2);
    const tabA = steps.filter((_, i) => i % 2 === 0).map((id) => fromPage({ kind: 'keyhole/step', playbookId: SF, stepId: id, status: 'done', note: 'A' }));
    const tabB = steps
      .filter((_, i) => i % 2 === 1)
      .map((id) => F().send({ kind: 'keyhole/step', playbookId: SF, stepId: id, status: 'done', note: 'B' }, { ...senders.contentScript('https://acme.my.salesforce.com/005?isUserEntityOverride=1'), tab: { id: 4, url: 'https://acme.lightning.force.com/lightning/setup/ManageUsers/home' } }));
    const findings = checks.map((id, i) =>
      fromPage({ kind: 'keyhole/findings', playbookId: SF, checkId: `check-${i}`, title: id, stepId: id, saved: false, items: [{ name: `item ${i}`, checked: true, verdict: 'ok', reason: 'r' }] }),
    );
    const marks = manual.map((id) => popup({ kind: 'keyhole/mark', playbookId: SF, stepId: id, done: true }));
    const results = await Promise.all([...tabA, ...findings, ...marks, ...tabB]);
    const all = [...steps.filter((_, i) => i % 2 === 0), ...checks, ...manual, ...steps.filter((_, i) => i % 2 === 1)];
    expect(results.map((r, i) => [all[i], (r as { ok: boolean }).ok]).filter(([, ok]) => !ok)).toEqual([]);
    const run = runView(migrate(state())!.runs[SF]);
    expect(Object.keys(run.steps).sort()).toEqual([...steps, ...manual].sort());
    expect(Object.keys(run.findings).sort()).toEqual(checks.map((_, i) => `check-${i}`).sort());
  });

  it('two options pages importing at once both keep their playbook', async () => {
    await reset();
    const base = JSON.parse(EXAMPLE);
    const ids = Array.from({ length: 8 }, (_, i) => `imported-${i}`);
    const results = await Promise.all(ids.map((id) => F().send({ kind: 'keyhole/import', json: JSON.stringify({ ...base, id }) }, senders.options())));
    expect(results).toEqual(ids.map((id) => ({ ok: true, id })));
    expect(Object.keys(F().data[STORAGE.imported] as object).sort()).toEqual([...ids].sort());
  });

  it('store.update applies events strictly one after another', async () => {
    await reset();
    await popup({ kind: 'keyhole/start', playbookId: SF });
    const n = 40;
    await Promise.all(
      Array.from({ length: n }, (_, i) =>
        update([{ type: 'findings', playbookId: SF, snapshot: { checkId: `c${i}`, title: 't', stepId: 's', at: i, tenant: 'acme.my.salesforce.com', savedAt: null, items: [] }, now: i }]),
      ),
    );
    expect(Object.keys(runView(state()!.runs[SF]).findings)).toHaveLength(n);
  });
});

describe('no needless writes', () => {
  it('events that change nothing return the same state object and write nothing', async () => {
    await reset();
    await popup({ kind: 'keyhole/start', playbookId: SF });
    const s = migrate(state());
    const run = s.runs[SF];
    expect(apply(s, { type: 'params', playbookId: SF, params: { ...run.params }, now: 1 })).toBe(s);
    expect(apply(s, { type: 'revoke-days', playbookId: SF, days: run.revokeDays, now: 1 })).toBe(s);
    expect(apply(s, { type: 'start', playbookId: SF, playbookVersion: run.playbookVersion, params: {}, revokeDays: 7, now: 1 })).toBe(s);
    expect(apply(s, { type: 'reset', playbookId: 'not-there', now: 1 })).toBe(s);
    expect(apply(s, { type: 'unmark', playbookId: SF, stepId: 'new-profile', now: 1 })).toBe(s);
    expect(apply(s, { type: 'params', playbookId: SF, params: { profileName: 'Other' }, now: 1 })).not.toBe(s);

    await fromPage({ kind: 'keyhole/step', playbookId: SF, stepId: 'new-profile', status: 'current', note: '' });
    const writes = F().writes.filter((w) => STORAGE.state in w).length;
    for (let i = 0; i < 5; i++) await fromPage({ kind: 'keyhole/step', playbookId: SF, stepId: 'new-profile', status: 'current', note: '' });
    await popup({ kind: 'keyhole/params', playbookId: SF, params: { ...run.params } });
    expect(F().writes.filter((w) => STORAGE.state in w).length).toBe(writes);
  });
});

/** Hand-made bad states, as storage could hold them after a crash, a downgrade, a bug or an edit by hand. */
const BAD_STATES: Array<[string, unknown, 'reset' | 'migrated' | 'kept' | 'dropped' | 'none']> = [
  ['a string', 'not json at all', 'reset'],
  ['a number', 42, 'reset'],
  ['an array', [1, 2, 3], 'reset'],
  ['true', true, 'reset'],
  ['an empty object', {}, 'reset'],
  ['a future version', { version: 99, activeId: SF, runs: {} }, 'reset'],
  ['version as a string', { version: '2', runs: {} }, 'reset'],
  ['runs as a string', { version: 2, activeId: null, runs: 'x' }, 'reset'],
  ['runs as an array', { version: 2, activeId: null, runs: [] }, 'reset'],
  ['a run that is null', { version: 2, activeId: SF, runs: { [SF]: null } }, 'dropped'],
  ['a run that is a number', { version: 2, activeId: SF, runs: { [SF]: 7 } }, 'dropped'],
  [
    'garbage inside a run',
    {
      version: 2,
      activeId: SF,
      notice: null,
      runs: {
        [SF]: {
          playbookVersion: 5, startedAt: 'yesterday', tenant: { host: 1 }, params: { profileName: 7, ok: 'x' }, steps: [1, 2], current: 'new-profile',
          findings: { a: { items: 'nope' }, b: null, c: { items: [null, 5, 'x', { name: { toString: 1 }, checked: 'yes', verdict: 'fine' }] } },
          revokeDueAt: 'soon', revokeDays: Infinity,
        },
      },
    },
    'dropped',
  ],
  ['an active id with no run', { version: 2, activeId: 'ghost', runs: {}, notice: null }, 'kept'],
  ['a notice that is not a string', { version: 2, activeId: null, runs: {}, notice: { html: '<b>x</b>' } }, 'kept'],
  [
    'version 1',
    { version: 1, active: { playbookId: SF }, runs: { [SF]: { playbookId: SF, playbookVersion: '1.0.0', startedAt: 1, tenant: 'acme.my.salesforce.com', params: {}, steps: { 'new-profile': { status: 'done', at: 2, how: 'observed', note: 'seen', tenant: 'acme.my.salesforce.com' } }, current: null, findings: {} } } },
    'migrated',
  ],
  ['version 1 with runs missing', { version: 1, active: null }, 'reset'],
  ['prototype keys', JSON.parse(`{"version":2,"activeId":"__proto__","runs":{"__proto__":{"steps":{"__proto__":{"status":"done"}}},"constructor":{}},"notice":null}`), 'kept'],
  ['nothing stored', undefined, 'none'],
];

function isValidState(s: ReturnType<typeof migrate>): void {
  expect(s.version).toBe(STATE_VERSION);
  expect(s.activeId === null || typeof s.activeId === 'string').toBe(true);
  if (s.activeId !== null) expect(Object.prototype.hasOwnProperty.call(s.runs, s.activeId)).toBe(true);
  expect(s.notice === null || typeof s.notice === 'string').toBe(true);
  for (const [id, run] of Object.entries(s.runs)) {
    expect(run.playbookId).toBe(id);
    expect(typeof run.playbookVersion).toBe('string');
    expect(Number.isFinite(run.startedAt)).toBe(true);
    const views = runViews(run);
    for (const st of views.flatMap((v) => Object.values(v.steps))) expect(['done', 'attention']).toContain(st.status);
    for (const f of views.flatMap((v) => Object.values(v.findings))) {
      expect(Array.isArray(f.items)).toBe(true);
      for (const i of f.items) {
        expect(typeof i.name).toBe('string');
        expect(typeof i.checked).toBe('boolean');
        expect(['ok', 'missing', 'forbidden', 'review']).toContain(i.verdict);
      }
    }
    for (const v of Object.values(run.params)) expect(typeof v).toBe('string');
  }
}

describe('damaged or old storage', () => {
  it.each(BAD_STATES)('%s: migrated or reset with a notice; the worker keeps working', async (_name, raw, expectNotice) => {
    await reset();
    if (raw !== undefined) F().data[STORAGE.state] = raw;
    F().data[STORAGE.imported] = 'damaged';
    F().data['keyhole.reminded'] = [1, 2];
    const s = migrate(raw);
    isValidState(s);
    if (expectNotice === 'reset') expect(s.notice).toMatch(/reset/);
    if (expectNotice === 'dropped') expect(s.notice).toMatch(/kept everything readable and dropped/);
    if (expectNotice === 'migrated') expect(s.notice).toMatch(/older Keyhole version was migrated/);
    if (expectNotice === 'none') expect(s.notice).toBeNull();
    if (expectNotice === 'migrated') expect(runView(s.runs[SF]).steps['new-profile'].status).toBe('done');
    // Every run builds a checklist that renders.
    for (const run of Object.values(s.runs)) {
      const pb = builtinPlaybooks().find((p) => p.id === run.playbookId);
      if (pb) for (const view of runViews(run)) expect(checklistMarkdown(buildChecklist(pb, view, Date.now()))).toContain('# Keyhole completion checklist');
    }
    // The worker restores from it, then takes commands as usual.
    for (const l of F().browser.runtime.onStartup.listeners) l();
    expect(await popup({ kind: 'keyhole/start', playbookId: SF })).toEqual({ ok: true });
    expect(await popup({ kind: 'keyhole/mark', playbookId: SF, stepId: 'notify-vendor', done: true })).toEqual({ ok: true });
    expect(await popup({ kind: 'keyhole/import', json: EXAMPLE })).toMatchObject({ ok: true });
    const after = migrate(state());
    isValidState(after);
    expect(after.activeId).toBe(SF);
    expect(runView(after.runs[SF]).steps['notify-vendor'].how).toBe('manual');
    if (expectNotice === 'reset' || expectNotice === 'migrated' || expectNotice === 'dropped') {
      expect(after.notice).toBe(s.notice); // the notice is kept until the admin dismisses it
      await popup({ kind: 'keyhole/dismiss-notice' });
      expect(migrate(state()).notice).toBeNull();
    }
  });

  it('the popup renders every bad state, showing the notice instead of breaking', async () => {
    const { h, render } = await import('preact');
    const { App } = await import('../../popup/App.tsx');
    const flush = async () => {
      for (let i = 0; i < 8; i++) await new Promise((r) => setTimeout(r, 2));
    };
    for (const [name, raw, kind] of BAD_STATES) {
      await reset();
      F().setJitter(false);
      if (raw !== undefined) F().data[STORAGE.state] = raw;
      F().data[STORAGE.imported] = { broken: { id: 'broken', steps: 'no' }, 'x-y-z': 5 };
      const errors: unknown[] = [];
      const onError = (e: unknown) => errors.push(e);
      process.on('unhandledRejection', onError);
      document.body.innerHTML = '<main id="app"></main>';
      const root = document.getElementById('app')!;
      render(h(App, null), root);
      await flush();
      process.off('unhandledRejection', onError);
      expect(errors, name).toEqual([]);
      expect(root.querySelectorAll('[data-playbook]').length, name).toBeGreaterThanOrEqual(3);
      const notice = root.querySelector('.notice')?.textContent ?? '';
      if (kind === 'reset') expect(notice, name).toMatch(/reset/);
      if (kind === 'dropped') expect(notice, name).toMatch(/dropped/);
      if (kind === 'migrated') {
        expect(notice, name).toMatch(/migrated/);
        expect(root.querySelector(`[data-active="${SF}"]`), name).not.toBeNull();
      }
      if (kind === 'none') expect(notice, name).toBe('');
      // A notice from storage is text, never markup.
      expect(root.querySelector('.notice b')).toBeNull();
      render(null, root);
    }
  });

  it('an empty state is not a damaged one', () => {
    expect(migrate(emptyState())).toEqual(emptyState());
  });
});
