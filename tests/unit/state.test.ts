import { describe, expect, it } from 'vitest';
import { apply, armReminder, emptyState, migrate, runView, type Run, type State } from '../../src/progress/state.ts';
import { appHomeUrl, byStage, currentStep, findingsSummary, revokeDone, revokeStepUrl, stepStatus, stepUrl, tenantHost } from '../../src/progress/view.ts';
import { alarmTime, grantStepIds, playbookOfAlarm, revokeAlarmName } from '../../src/progress/reminder.ts';
import { builtinPlaybooks } from '../../src/builtins.ts';
import type { Playbook } from '../../src/format/types.ts';

const sf = builtinPlaybooks().find((p) => p.id === 'drivetrain-salesforce-support')!;
const hibob = builtinPlaybooks().find((p) => p.id === 'drivetrain-hibob-support')!;
const DAY = 86_400_000;

function started(pb: Playbook = sf, now = 1000): State {
  return apply(emptyState(), { type: 'start', playbookId: pb.id, playbookVersion: pb.version, params: { profileName: 'Drivetrain Integration' }, revokeDays: pb.revokeAfterDays ?? null, now });
}
const step = (s: State, stepId: string, how: 'observed' | 'manual', now: number, status: 'done' | 'attention' | 'current' = 'done', tenant: string | null = 'acme.my.salesforce.com') =>
  apply(s, { type: 'step', playbookId: sf.id, stepId, status, how, note: how === 'manual' ? 'Marked done by the admin.' : 'seen', tenant, now });

describe('progress reducer', () => {
  it('never lets an older step report (a retried message landing late) undo a newer one', () => {
    let s = started();
    s = step(s, 'user-notify', 'observed', 3_000, 'attention');
    s = step(s, 'user-notify', 'observed', 2_000, 'done');
    expect(runView(s.runs[sf.id]).steps['user-notify']).toMatchObject({ status: 'attention', at: 3_000 });
    s = step(s, 'save-user', 'observed', 3_000, 'current');
    s = step(s, 'user-notify', 'observed', 2_500, 'current');
    expect(runView(s.runs[sf.id]).current?.stepId).toBe('save-user');
    // A newer observation still replaces an older one, and the admin's own mark is never blocked by the clock.
    s = step(s, 'user-notify', 'observed', 4_000, 'done');
    expect(runView(s.runs[sf.id]).steps['user-notify'].status).toBe('done');
    s = step(s, 'user-notify', 'manual', 1_000, 'attention');
    expect(runView(s.runs[sf.id]).steps['user-notify']).toMatchObject({ status: 'attention', how: 'manual' });
  });

  it('compares observation times within one tenant: another org\'s newer report never blocks this one', () => {
    const prod = 'acme.my.salesforce.com';
    const uat = 'acme--uat.sandbox.my.salesforce.com';
    let s = started();
    s = step(s, 'user-notify', 'observed', 5_000, 'attention', prod);
    s = step(s, 'save-user', 'observed', 5_000, 'current', prod);
    // The sandbox's reports were observed earlier than production's newest, yet they are the sandbox's only news.
    s = step(s, 'user-notify', 'observed', 2_000, 'done', uat);
    s = step(s, 'new-profile', 'observed', 2_000, 'current', uat);
    expect(runView(s.runs[sf.id], uat).steps['user-notify']).toMatchObject({ status: 'done', at: 2_000 });
    expect(runView(s.runs[sf.id], uat).current?.stepId).toBe('new-profile');
    // ...and production keeps its own newer view.
    expect(runView(s.runs[sf.id], prod).steps['user-notify']).toMatchObject({ status: 'attention', at: 5_000 });
    expect(runView(s.runs[sf.id], prod).current?.stepId).toBe('save-user');
    // Within the sandbox the guard holds as it does for one org.
    s = step(s, 'user-notify', 'observed', 1_000, 'attention', uat);
    s = step(s, 'save-user', 'observed', 1_500, 'current', uat);
    expect(runView(s.runs[sf.id], uat).steps['user-notify'].status).toBe('done');
    expect(runView(s.runs[sf.id], uat).current?.stepId).toBe('new-profile');
  });

  it('never lets an older observation (a late retried message) replace a newer findings view', () => {
    const snap = (at: number, verdict: 'ok' | 'missing') => ({
      type: 'findings' as const,
      playbookId: sf.id,
      now: 9_999,
      snapshot: { checkId: 'profile', title: 'P', stepId: 'profile-permissions', at, tenant: 'acme.my.salesforce.com', savedAt: null, items: [{ name: 'API Only User', checked: verdict === 'ok', verdict, reason: 'r' }] },
    });
    let s = apply(started(), snap(5_000, 'ok'));
    s = apply(s, snap(4_000, 'missing'));
    expect(runView(s.runs[sf.id]).findings.profile.items[0].verdict).toBe('ok');
    s = apply(s, snap(6_000, 'missing'));
    expect(runView(s.runs[sf.id]).findings.profile.items[0].verdict).toBe('missing');
  });

  it('starts a run, keeps it on restart of the same version, and starts afresh for a new version', () => {
    let s = started();
    s = step(s, 'new-profile', 'observed', 2000);
    expect(runView(apply(s, { type: 'start', playbookId: sf.id, playbookVersion: sf.version, params: {}, revokeDays: 7, now: 3000 }).runs[sf.id]).steps['new-profile']).toBeDefined();
    expect(runView(apply(s, { type: 'start', playbookId: sf.id, playbookVersion: '9.9.9', params: {}, revokeDays: 7, now: 3000 }).runs[sf.id]).steps).toEqual({});
  });

  it('records evidence: observation upgrades a manual mark; a manual mark never overwrites an observation', () => {
    let s = step(started(), 'save-user', 'manual', 2000, 'done', null);
    expect(runView(s.runs[sf.id]).steps['save-user'].how).toBe('manual');
    s = step(s, 'save-user', 'observed', 3000);
    expect(runView(s.runs[sf.id]).steps['save-user']).toMatchObject({ how: 'observed', at: 3000 });
    const again = step(s, 'save-user', 'manual', 4000, 'done', null);
    expect(runView(again.runs[sf.id]).steps['save-user']).toMatchObject({ how: 'observed', at: 3000 });
  });

  it('records the tenant from the first observation and the current step', () => {
    const s = step(started(), 'system-permissions', 'observed', 2000, 'current');
    expect(runView(s.runs[sf.id]).tenant).toBe('acme.my.salesforce.com');
    expect(stepStatus(sf.steps.find((x) => x.id === 'system-permissions')!, runView(s.runs[sf.id]))).toBe('current');
  });

  it('arms the revoke reminder once a grant step is done, and editing the days moves it', () => {
    let s = started();
    let run = armReminder(s.runs[sf.id], grantStepIds(sf), 5000);
    expect(run.revokeDueAt).toBeNull();
    s = step(s, 'new-profile', 'observed', 5000);
    run = armReminder(s.runs[sf.id], grantStepIds(sf), 5000);
    expect(run.revokeDueAt).toBe(5000 + 7 * DAY);
    s = { ...s, runs: { ...s.runs, [sf.id]: run } };
    s = apply(s, { type: 'revoke-days', playbookId: sf.id, days: 3, now: 6000 });
    expect(s.runs[sf.id].revokeDueAt).toBe(5000 + 3 * DAY);
  });

  it('reset removes the run and deactivates it', () => {
    const s = apply(started(), { type: 'reset', playbookId: sf.id, now: 2 });
    expect(s.runs).toEqual({});
    expect(s.activeId).toBeNull();
  });

  it('migrates v1 and resets damaged state with a notice instead of breaking the popup', () => {
    const v1 = migrate({ version: 1, active: { playbookId: sf.id }, runs: { [sf.id]: { playbookVersion: '1.0.0', startedAt: 1, steps: { a: { status: 'done', at: 2 } } } } });
    expect(v1.activeId).toBe(sf.id);
    expect(v1.runs[sf.id].revokeDueAt).toBeNull();
    expect(v1.notice).toMatch(/migrated/);
    expect(migrate('garbage').notice).toMatch(/reset/);
    expect(migrate({ version: 99 }).notice).toMatch(/reset/);
  });

  it('drops unknown fields of stored runs (nothing unexpected survives a reload)', () => {
    const s = started();
    const raw = JSON.parse(JSON.stringify(s));
    raw.runs[sf.id].sessionId = 'secret';
    raw.runs[sf.id].tenants = { acme: { host: 'acme.my.salesforce.com', token: 'secret', steps: { x: { status: 'done', at: 1, how: 'observed', note: 'n', tenant: null, cookie: 'sid=1' } }, findings: {}, current: null } };
    const m = migrate(raw);
    expect(JSON.stringify(m)).not.toContain('secret');
    expect(JSON.stringify(m)).not.toContain('cookie');
  });
});

describe('reminder timing (src/progress/reminder.ts)', () => {
  const run = (over: Partial<Run>): Run => ({ ...runView(started().runs[sf.id]), ...over });
  it('names alarms per playbook', () => {
    expect(playbookOfAlarm(revokeAlarmName(sf.id))).toBe(sf.id);
    expect(playbookOfAlarm('other')).toBeNull();
  });
  it('schedules at the due date, fires overdue reminders soon, and never after revoke or once reminded', () => {
    expect(alarmTime(sf, run({ revokeDueAt: 50_000, revokeDays: 7 }), 1000)).toBe(50_000);
    expect(alarmTime(sf, run({ revokeDueAt: 500, revokeDays: 7 }), 1000)).toBe(2000);
    expect(alarmTime(sf, run({ revokeDueAt: null, revokeDays: 7 }), 1000)).toBeNull();
    expect(alarmTime(sf, run({ revokeDueAt: 50_000, revokeDays: null }), 1000)).toBeNull();
    expect(alarmTime(sf, run({ revokeDueAt: 50_000, revokeDays: 7 }), 1000, 50_000)).toBeNull();
    const revoked = run({ revokeDueAt: 50_000, revokeDays: 7, steps: { 'revoke-save': { status: 'done', at: 9, how: 'observed', note: '', tenant: null } } });
    expect(revokeDone(sf, revoked)).toBe(true);
    expect(alarmTime(sf, revoked, 1000)).toBeNull();
  });
});

describe('popup view helpers', () => {
  const base = runView(started().runs[sf.id]);
  it('knows the tenant from the run, or from a single literal app host', () => {
    expect(tenantHost(sf, base)).toBeNull();
    expect(tenantHost(sf, { ...base, tenant: 'acme.my.salesforce.com' })).toBe('acme.my.salesforce.com');
    expect(tenantHost(hibob, { ...base, tenant: null })).toBe('app.hibob.com');
    expect(appHomeUrl(hibob, { ...base, tenant: null })).toBe('https://app.hibob.com/');
  });

  it('opens a step page on the tenant, from the nearest earlier step with a path, and never leaves the tenant', () => {
    const run = { ...base, tenant: 'acme.my.salesforce.com' };
    const userEmail = sf.steps.find((s) => s.id === 'user-email')!;
    expect(stepUrl(sf, userEmail, run)).toBe('https://acme.my.salesforce.com/005?isUserEntityOverride=1&setupid=ManageUsers');
    expect(revokeStepUrl(sf, run)).toMatch(/^https:\/\/acme\.my\.salesforce\.com\/005/);
    const evil = { ...sf, steps: sf.steps.map((s) => (s.id === 'new-profile' ? { ...s, open: 'https://evil.example/steal' } : s)) };
    expect(stepUrl(evil, evil.steps[0], run)).toBeNull();
    const sneaky = { ...sf, steps: sf.steps.map((s) => (s.id === 'new-profile' ? { ...s, open: '{{origin}}.evil.example/x' } : s)) };
    expect(stepUrl(sneaky, sneaky.steps[0], run)).toBeNull();
    const relative = { ...sf, steps: sf.steps.map((s) => (s.id === 'new-profile' ? { ...s, open: '//evil.example/x' } : s)) };
    expect(new URL(stepUrl(relative, relative.steps[0], run)!).hostname).toBe('acme.my.salesforce.com');
    expect(stepUrl(sf, userEmail, base)).toBeNull();
  });

  it('picks the current step: the reported one unless done, else the first open step after the last done one', () => {
    let s = step(started(), 'system-permissions', 'observed', 2, 'attention');
    s = step(s, 'system-permissions', 'observed', 3, 'current');
    expect(currentStep(sf, runView(s.runs[sf.id]))!.id).toBe('system-permissions');
    const t = step(step(started(), 'new-profile', 'observed', 2), 'profile-name', 'observed', 3);
    expect(currentStep(sf, runView(t.runs[sf.id]))!.id).toBe('save-profile');
  });

  it('groups steps by stage in first-appearance order and sums findings', () => {
    const groups = byStage(sf.steps).map((g) => g.stage);
    expect(new Set(groups).size).toBe(groups.length);
    expect(groups[0]).toBe('Create the profile');
    const f = findingsSummary({
      ...base,
      findings: {
        a: { checkId: 'a', title: 'A', stepId: 'x', at: 1, tenant: 't', savedAt: null, items: [
          { name: 'm', checked: false, verdict: 'missing', reason: '' },
          { name: 'f', checked: true, verdict: 'forbidden', reason: '' },
          { name: 'r', checked: true, verdict: 'review', reason: 'why' },
          { name: 'o', checked: true, verdict: 'ok', reason: '' },
        ] },
      },
    });
    expect([f.missing.length, f.forbidden.length, f.review.length, f.ok, f.checks]).toEqual([1, 1, 1, 1, 1]);
    expect(f.review[0]).toMatchObject({ name: 'r', reason: 'why', checkTitle: 'A' });
  });
});
