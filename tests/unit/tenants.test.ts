// Two tenants at once: one playbook run on two orgs (a production org and its sandbox, or two orgs) keeps separate
// progress and evidence per tenant; the Lightning host and its Setup frame hosts are one tenant; old one-progress
// state splits by the host each record was seen on; the checklist is one per tenant and names it.
import { describe, expect, it } from 'vitest';
import { apply, emptyState, migrate, runView, runViews, tenantKeys, type State } from '../../src/progress/state.ts';
import { tenantOfHost } from '../../src/consoles/hosts.ts';
import { buildChecklist, checklistMarkdown, exportFilename, md } from '../../src/progress/checklist.ts';
import { builtinPlaybooks } from '../../src/builtins.ts';

const sf = builtinPlaybooks().find((p) => p.id === 'drivetrain-salesforce-support')!;
const PROD = 'acme.my.salesforce.com';
const UAT = 'acme--uat.sandbox.my.salesforce.com';

const start = (): State => apply(emptyState(), { type: 'start', playbookId: sf.id, playbookVersion: sf.version, params: {}, revokeDays: 7, now: 1 });
const seen = (s: State, host: string, stepId: string, now: number) =>
  apply(s, { type: 'step', playbookId: sf.id, stepId, status: 'done', how: 'observed', note: 'seen', tenant: host, tenantKey: tenantOfHost(host), now });
const snap = (s: State, host: string, verdict: 'ok' | 'forbidden', now: number) =>
  apply(s, {
    type: 'findings', playbookId: sf.id, tenantKey: tenantOfHost(host), now,
    snapshot: { checkId: 'system', title: 'System permissions', stepId: 'system-permissions', at: now, tenant: host, savedAt: now, items: [{ name: 'Modify All Data', checked: verdict === 'forbidden', verdict, reason: 'writes', rule: 'forbidden' }] },
  });

describe('tenant of a host (src/consoles/hosts.ts)', () => {
  it.each([
    ['acme.my.salesforce.com', 'acme'],
    ['acme.lightning.force.com', 'acme'],
    ['acme.my.salesforce-setup.com', 'acme'],
    ['ACME.My.Salesforce.com', 'acme'],
    ['acme--uat.sandbox.my.salesforce.com', 'acme--uat.sandbox'],
    ['acme--uat.sandbox.lightning.force.com', 'acme--uat.sandbox'],
    ['acme--uat.sandbox.my.salesforce-setup.com', 'acme--uat.sandbox'],
    ['globex.my.salesforce.com', 'globex'],
    ['app.hibob.com', 'app.hibob.com'],
  ])('%s → %s', (host, key) => expect(tenantOfHost(host)).toBe(key));
});

describe('progress per tenant', () => {
  it('steps done on one org are not done on the other; each keeps its own evidence', () => {
    let s = seen(start(), PROD, 'new-profile', 10);
    s = seen(s, 'acme.my.salesforce-setup.com', 'profile-name', 11); // the Setup frame of the same org
    s = seen(s, UAT, 'new-profile', 20);
    s = snap(snap(s, PROD, 'ok', 30), UAT, 'forbidden', 31);
    const run = s.runs[sf.id];
    expect(Object.keys(run.tenants).sort()).toEqual(['acme', 'acme--uat.sandbox']);
    const prod = runView(run, 'acme');
    const uat = runView(run, 'acme--uat.sandbox');
    expect(Object.keys(prod.steps).sort()).toEqual(['new-profile', 'profile-name']);
    expect(Object.keys(uat.steps)).toEqual(['new-profile']);
    expect(prod.tenant).toBe(PROD);
    expect(uat.tenant).toBe(UAT);
    expect(prod.findings.system.items[0].verdict).toBe('ok');
    expect(uat.findings.system.items[0].verdict).toBe('forbidden');
    // The popup's default: the tenant worked on most recently.
    expect(tenantKeys(run)[0]).toBe('acme--uat.sandbox');
  });

  it('a mark goes to the tenant the popup shows, never to the other one', () => {
    let s = seen(seen(start(), PROD, 'new-profile', 10), UAT, 'new-profile', 20);
    s = apply(s, { type: 'step', playbookId: sf.id, stepId: 'notify-vendor', status: 'done', how: 'manual', note: 'm', tenant: null, tenantKey: 'acme', now: 30 });
    expect(runView(s.runs[sf.id], 'acme').steps['notify-vendor']).toBeDefined();
    expect(runView(s.runs[sf.id], 'acme--uat.sandbox').steps['notify-vendor']).toBeUndefined();
    s = apply(s, { type: 'unmark', playbookId: sf.id, stepId: 'new-profile', tenantKey: 'acme--uat.sandbox', now: 31 });
    expect(runView(s.runs[sf.id], 'acme').steps['new-profile']).toBeDefined();
  });

  it('marks made before any page was seen join the first tenant observed', () => {
    let s = apply(start(), { type: 'step', playbookId: sf.id, stepId: 'notify-vendor', status: 'done', how: 'manual', note: 'm', tenant: null, tenantKey: null, now: 5 });
    s = seen(s, PROD, 'new-profile', 10);
    expect(Object.keys(s.runs[sf.id].tenants)).toEqual(['acme']);
    expect(Object.keys(runView(s.runs[sf.id], 'acme').steps).sort()).toEqual(['new-profile', 'notify-vendor']);
  });

  it('v2 state (one progress per run) splits by the host each record was seen on, losing nothing', () => {
    const v2 = {
      version: 2, activeId: sf.id, notice: null,
      runs: {
        [sf.id]: {
          playbookId: sf.id, playbookVersion: sf.version, startedAt: 1, tenant: PROD, params: {}, revokeDueAt: null, revokeDays: 7,
          current: { stepId: 'profile-name', at: 9, tenant: UAT },
          steps: {
            'new-profile': { status: 'done', at: 2, how: 'observed', note: 's', tenant: PROD },
            'profile-name': { status: 'done', at: 3, how: 'observed', note: 's', tenant: 'acme.my.salesforce-setup.com' },
            'save-profile': { status: 'done', at: 4, how: 'observed', note: 's', tenant: UAT },
            'notify-vendor': { status: 'done', at: 5, how: 'manual', note: 'm', tenant: null },
          },
          findings: { system: { checkId: 'system', title: 'S', stepId: 'system-permissions', at: 6, tenant: UAT, savedAt: 6, items: [] } },
        },
      },
    };
    const m = migrate(v2, tenantOfHost);
    expect(m.notice).toBeNull();
    const run = m.runs[sf.id];
    expect(Object.keys(runView(run, 'acme').steps).sort()).toEqual(['new-profile', 'notify-vendor', 'profile-name']);
    expect(Object.keys(runView(run, 'acme--uat.sandbox').steps)).toEqual(['save-profile']);
    expect(Object.keys(runView(run, 'acme--uat.sandbox').findings)).toEqual(['system']);
    expect(runView(run, 'acme--uat.sandbox').current?.stepId).toBe('profile-name');
    expect(runView(run, 'acme').tenant).toBe(PROD);
    // Stored again and read back: the same.
    expect(migrate(JSON.parse(JSON.stringify(m)), tenantOfHost)).toEqual(m);
  });

  it('identities are per run: v2 identities, others and revokeStartedAt survive the split, every tenant view shows them', () => {
    const v2 = {
      version: 2, activeId: sf.id, notice: null,
      runs: {
        [sf.id]: {
          playbookId: sf.id, playbookVersion: sf.version, startedAt: 1, tenant: PROD, params: {}, revokeDueAt: null, revokeDays: 7, current: null,
          steps: {
            'new-profile': { status: 'done', at: 2, how: 'observed', note: 's', tenant: PROD },
            'save-profile': { status: 'done', at: 4, how: 'observed', note: 's', tenant: UAT },
          },
          findings: {},
          identities: { profile: { kind: 'profile', name: 'Drivetrain Integration', how: 'created', at: 3, id: '00e000000000001' } },
          others: { profile: { ids: ['00e000000000009'], names: ['Old'] } },
          revokeStartedAt: 8,
        },
      },
    };
    const m = migrate(v2, tenantOfHost);
    expect(m.notice).toBeNull();
    const run = m.runs[sf.id];
    expect(run.identities).toEqual(v2.runs[sf.id].identities);
    expect(run.others).toEqual(v2.runs[sf.id].others);
    expect(run.revokeStartedAt).toBe(8);
    for (const view of runViews(run)) {
      expect(view.identities!.profile.name).toBe('Drivetrain Integration');
      expect(view.others!.profile.ids).toEqual(['00e000000000009']);
      expect(view.revokeStartedAt).toBe(8);
    }
    expect(migrate(JSON.parse(JSON.stringify(m)), tenantOfHost)).toEqual(m);
    // A new identity is recorded once for the run, whichever tenant's page saw it.
    const s = apply(m, { type: 'identity', playbookId: sf.id, object: 'user', record: { name: 'dt@acme.com', how: 'name' }, now: 9 });
    expect(Object.keys(s.runs[sf.id].identities!).sort()).toEqual(['profile', 'user']);
    expect(runView(s.runs[sf.id], 'acme--uat.sandbox').identities!.user.name).toBe('dt@acme.com');
  });

  it('one checklist per tenant, each naming its tenant on the header, the steps, the checks and the file name', () => {
    let s = seen(start(), PROD, 'new-profile', Date.UTC(2025, 10, 20, 9));
    s = seen(s, UAT, 'save-profile', Date.UTC(2025, 10, 20, 10));
    s = snap(snap(s, PROD, 'ok', Date.UTC(2025, 10, 20, 11)), UAT, 'forbidden', Date.UTC(2025, 10, 20, 12));
    const lists = runViews(s.runs[sf.id]).map((v) => buildChecklist(sf, v, Date.UTC(2025, 10, 21)));
    expect(lists.map((c) => c.tenantKey).sort()).toEqual(['acme', 'acme--uat.sandbox']);
    const prod = lists.find((c) => c.tenantKey === 'acme')!;
    const uat = lists.find((c) => c.tenantKey === 'acme--uat.sandbox')!;
    expect(prod.tenant).toBe(PROD);
    expect(prod.steps.find((x) => x.id === 'new-profile')).toMatchObject({ status: 'done', tenant: PROD });
    expect(prod.steps.find((x) => x.id === 'save-profile')!.status).toBe('open');
    expect(uat.steps.find((x) => x.id === 'new-profile')!.status).toBe('open');
    expect(prod.permissions.map((p) => p.tenant)).toEqual([PROD]);
    expect(uat.permissions[0].forbidden[0].on).toBe(true);
    expect(prod.permissions[0].forbidden[0].on).toBe(false);
    expect(checklistMarkdown(uat)).toContain(`- Tenant: ${md(UAT)} (tenant ${md('acme--uat.sandbox')})`);
    expect(checklistMarkdown(prod)).toMatch(/\| Create a new profile \| Done \| .* \| Observed \| acme\.my\.salesforce\.com \|/);
    expect(exportFilename(prod, 'md')).not.toBe(exportFilename(uat, 'md'));
    expect(exportFilename(uat, 'json')).toContain('acme--uat.sandbox');
  });
});
