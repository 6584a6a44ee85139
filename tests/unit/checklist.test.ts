import { describe, expect, it } from 'vitest';
import { builtinPlaybooks } from '../../src/builtins.ts';
import { buildChecklist, checklistJson, checklistMarkdown, clean, exportFilename } from '../../src/progress/checklist.ts';
import type { Run } from '../../src/progress/state.ts';

const pb = builtinPlaybooks().find((p) => p.id === 'drivetrain-salesforce-support')!;
const T0 = Date.UTC(2025, 10, 20, 9, 0, 0);
const MIN = 60_000;
const DAY = 86_400_000;
const TENANT = 'acme.my.salesforce.com';

function sampleRun(): Run {
  return {
    playbookId: pb.id,
    playbookVersion: pb.version,
    startedAt: T0,
    tenant: TENANT,
    params: { profileName: 'Drivetrain RO', vendorDomain: 'drivetrain.ai' },
    steps: {
      'new-profile': { status: 'done', at: T0 + 5 * MIN, how: 'observed', note: 'The profile “Drivetrain RO” is listed in Setup → Profiles.', tenant: TENANT },
      'system-permissions': { status: 'attention', at: T0 + 9 * MIN, how: 'observed', note: 'Modify All Data is on.', tenant: TENANT },
      'save-user': { status: 'done', at: T0 + 20 * MIN, how: 'manual', note: 'Marked done by the admin.', tenant: null },
      'notify-vendor': { status: 'done', at: T0 + 25 * MIN, how: 'manual', note: 'Marked done by the admin.', tenant: null },
    },
    current: { stepId: 'object-account', at: T0 + 10 * MIN, tenant: TENANT },
    findings: {
      'system-permissions': {
        checkId: 'system-permissions',
        title: 'System permissions (enhanced profile UI)',
        stepId: 'system-permissions',
        at: T0 + 9 * MIN,
        tenant: TENANT,
        savedAt: T0 + 9 * MIN,
        items: [
          { name: 'API Enabled', checked: true, verdict: 'ok', reason: 'Drivetrain reads data through the API.' },
          { name: 'API Only User', checked: false, verdict: 'missing', reason: 'Blocks UI login.' },
          { name: 'Modify All Data', checked: true, verdict: 'forbidden', reason: 'Write access to every record.' },
          { name: 'View All Data', checked: false, verdict: 'ok', reason: 'Reads every record, beyond the scope.' },
          { name: 'Run Reports', checked: true, verdict: 'review', reason: 'Not needed by Drivetrain; review.' },
          { name: 'Some harmless thing', checked: false, verdict: 'ok', reason: 'Review it.' },
        ],
      },
    },
    revokeDueAt: T0 + 20 * MIN + 7 * DAY,
    revokeDays: 7,
  };
}

describe('completion checklist', () => {
  const c = buildChecklist(pb, sampleRun(), T0 + 30 * MIN);

  it('names the playbook, version, vendor, app, tenant, parameters and revoke due date', () => {
    expect(c.playbook).toEqual({ id: 'drivetrain-salesforce-support', version: pb.version, title: pb.title });
    expect(c.vendor).toBe('Drivetrain');
    expect(c.app).toBe('Salesforce');
    expect(c.tenant).toBe(TENANT);
    expect(c.params.find((p) => p.name === 'profileName')?.value).toBe('Drivetrain RO');
    expect(c.revoke).toEqual({ afterDays: 7, dueAt: new Date(T0 + 20 * MIN + 7 * DAY).toISOString(), done: false });
  });

  it('says when each step was done and how: observed with its note, or manual', () => {
    const np = c.steps.find((s) => s.id === 'new-profile')!;
    expect(np).toMatchObject({ status: 'done', how: 'observed', at: new Date(T0 + 5 * MIN).toISOString() });
    expect(np.note).toContain('Drivetrain RO');
    expect(np.title).toContain('Create a new profile');
    const notify = c.steps.find((s) => s.id === 'notify-vendor')!;
    expect(notify).toMatchObject({ status: 'done', how: 'manual', manualOnly: true });
    const saveUser = c.steps.find((s) => s.id === 'save-user')!;
    expect(saveUser).toMatchObject({ how: 'manual', manualOnly: false });
    expect(c.steps.find((s) => s.id === 'system-permissions')!.status).toBe('attention');
    // Warning steps (lockout guards) are guidance, not checklist items.
    expect(c.steps.some((s) => s.id === 'wrong-profile')).toBe(false);
  });

  it('lists every required item with its state, forbidden items confirmed off or on, and review items with reasons', () => {
    const sys = c.permissions.find((p) => p.id === 'system-permissions')!;
    expect(sys.required).toEqual([
      { name: 'API Enabled', on: true, ok: true, reason: 'Drivetrain reads data through the API.' },
      { name: 'API Only User', on: false, ok: false, reason: 'Blocks UI login.' },
    ]);
    expect(sys.forbidden).toEqual([
      { name: 'Modify All Data', on: true, reason: 'Write access to every record.' },
      { name: 'View All Data', on: false, reason: 'Reads every record, beyond the scope.' },
    ]);
    expect(sys.review).toEqual([{ name: 'Run Reports', on: true, reason: 'Not needed by Drivetrain; review.' }]);
    expect(JSON.stringify(sys)).not.toContain('Some harmless thing');
    expect(sys.savedAt).toBe(new Date(T0 + 9 * MIN).toISOString());
  });

  it('uses the rule recorded with each finding: a user permission named like an object operation is not "forbidden"', () => {
    const run = sampleRun();
    run.findings['system-permissions'].items.push(
      { name: 'edit accounts', checked: false, verdict: 'ok', reason: 'Write access.', rule: 'forbidden' },
      { name: 'create libraries', checked: false, verdict: 'ok', reason: 'Not needed.', rule: 'other' },
    );
    const sys = buildChecklist(pb, run, T0 + 30 * MIN).permissions.find((p) => p.id === 'system-permissions')!;
    expect(sys.forbidden.map((f) => f.name)).toContain('edit accounts');
    expect(sys.forbidden.map((f) => f.name)).not.toContain('create libraries');
  });

  it('lists what is still open', () => {
    expect(c.open).toContain('System permissions (enhanced profile UI): required “API Only User” is off');
    expect(c.open).toContain('System permissions (enhanced profile UI): forbidden “Modify All Data” is on');
    expect(c.open).toContain('System permissions (enhanced profile UI): review “Run Reports” (on)');
    expect(c.open.some((o) => o.startsWith('Permission check not observed: Object settings: Accounts'))).toBe(true);
    expect(c.open.some((o) => o.startsWith('Step not done: Save the profile') || o.startsWith('Step not done:'))).toBe(true);
    expect(c.open).toContain(`Revoke access by ${new Date(T0 + 20 * MIN + 7 * DAY).toISOString().slice(0, 10)}`);
    expect(c.open.some((o) => o.includes('Tell your Drivetrain CSM'))).toBe(false);
  });

  it('renders Markdown with the same facts', () => {
    const text = checklistMarkdown(c);
    expect(text).toContain('# Keyhole completion checklist: Drivetrain: temporary Salesforce access');
    expect(text).toContain('- Playbook: `drivetrain-salesforce-support` version 1.0.0');
    expect(text).toContain(`- Tenant: ${TENANT}`);
    expect(text).toMatch(/\| Tell your Drivetrain CSM \| Done \| 2025-11-20 09:25 UTC \| Manual \| — \| Marked done by the admin\. \|/);
    expect(text).toMatch(/\| Save the user \| Done \| .* \| Manual \(Keyhole could have observed it\) \|/);
    expect(text).toMatch(/\| Create a new profile \| Done \| 2025-11-20 09:05 UTC \| Observed \| acme\.my\.salesforce\.com \| The profile “Drivetrain RO” is listed/);
    expect(text).toContain('- [x] API Enabled: on.');
    expect(text).toContain('- [ ] API Only User: **off (missing)**.');
    expect(text).toContain('- [x] View All Data: confirmed off.');
    expect(text).toContain('- [ ] Modify All Data: **ON, must be off**.');
    expect(text).toContain('- Run Reports: on. Not needed by Drivetrain; review.');
    expect(text).toContain('## Still open');
    expect(text).toMatch(/Revoke reminder: due 2025-11-27 09:20 UTC/);
  });

  it('renders JSON that parses back to the checklist', () => {
    expect(JSON.parse(checklistJson(c))).toEqual(c);
  });

  it('names files keyhole-<playbook>-<tenant>-<date>', () => {
    expect(exportFilename(c, 'md')).toBe('keyhole-drivetrain-salesforce-support-acme.my.salesforce.com-2025-11-20.md');
    expect(exportFilename(c, 'json')).toMatch(/\.json$/);
  });

  it('never exports a token placed in an unexpected field of the state (whitelist, not a dump)', () => {
    const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.c2Vzc2lvbi1zZWNyZXQtdG9rZW4.QmFkU2lnbmF0dXJlVmFsdWU';
    const SID = '00D5g000004ABCD!AQ4AQFakeSessionIdValue1234567890';
    const run = sampleRun() as Run & Record<string, unknown>;
    run.sessionId = SID;
    (run as any).cookie = `sid=${SID}`;
    (run.steps['new-profile'] as any).accessToken = TOKEN;
    (run.findings['system-permissions'] as any).headers = { authorization: `Bearer ${TOKEN}` };
    (run.findings['system-permissions'].items[0] as any).password = 'hunter2-Secret!';
    run.params.extra = TOKEN; // not a declared parameter
    const out = buildChecklist(pb, run, T0 + 30 * MIN);
    for (const text of [checklistMarkdown(out), checklistJson(out)]) {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(SID);
      expect(text).not.toContain('hunter2');
      expect(text).not.toContain('sessionId');
      expect(text).not.toMatch(/cookie"|accessToken|authorization/i);
    }
  });

  it('redacts credential-like text even inside whitelisted fields', () => {
    expect(clean('Saw user; sid=00D5g000004ABCD!AQ4AQxyz')).not.toContain('AQ4AQxyz');
    expect(clean('Authorization: Bearer abc.def.ghi')).not.toContain('abc.def.ghi');
    expect(clean('password=hunter2')).toBe('(redacted)');
    expect(clean('API Enabled')).toBe('API Enabled');
    const run = sampleRun();
    run.steps['new-profile'].note = 'Profile listed; token=eyJabcdefghijk.lmnopqrstuv.wxyz';
    const text = checklistMarkdown(buildChecklist(pb, run, T0));
    expect(text).not.toContain('eyJabcdefghijk');
    expect(text).toContain('Profile listed; (redacted)');
  });

  it('says revoked and nothing open once everything is done', () => {
    const run = sampleRun();
    run.findings = {};
    for (const s of pb.steps) if (!s.warning) run.steps[s.id] = { status: 'done', at: T0, how: 'observed', note: 'seen', tenant: TENANT };
    const done = buildChecklist({ ...pb, steps: pb.steps.filter((s) => !s.permissions) }, run, T0);
    expect(done.revoke.done).toBe(true);
    expect(done.open).toEqual([]);
    expect(checklistMarkdown(done)).toContain('Revoke reminder: access revoked');
  });
});

describe('completion checklist: review by effect, page casing, not verified', () => {
  const run = sampleRun();
  run.params.baseProfile = 'Read Only';
  run.findings['profile-permissions'] = {
    checkId: 'profile-permissions', title: 'Profile permissions (original profile UI)', stepId: 'profile-permissions', at: T0, tenant: TENANT, savedAt: T0,
    items: [
      { name: 'read contacts', label: 'Read Contacts', checked: true, verdict: 'review', reason: 'extra', rule: 'other', effect: 'read' },
      { name: 'read cases', label: 'Read Cases', checked: true, verdict: 'review', reason: 'extra', rule: 'other', effect: 'read' },
      { name: 'chatter internal user', label: 'Chatter Internal User', checked: true, verdict: 'review', reason: 'chatter', rule: 'other', effect: 'self-service' },
      { name: 'apex rest services', label: 'Apex REST Services', checked: false, verdict: 'ok', reason: 'write', rule: 'forbidden', effect: 'write' },
    ],
  };
  run.findings['object-account'] = {
    checkId: 'object-account', title: 'Object settings: Accounts', stepId: 'object-account', at: T0, tenant: TENANT, savedAt: null, items: [], unverified: 12,
  };
  const c = buildChecklist(pb, run, T0 + 30 * MIN);
  const prof = c.permissions.find((p) => p.id === 'profile-permissions')!;

  it('groups review items by effect with counts, one line each, in the page’s casing', () => {
    expect(prof.reviewGroups.map((g) => [g.key, g.count, g.line])).toEqual([
      ['read', 2, '2 extra read permissions from Read Only: fine for reading; untick to narrow.'],
      ['self-service', 1, '1 self-service permission from Read Only: change no business data; recommended off.'],
    ]);
    expect(prof.reviewGroups[0].items.map((i) => i.name)).toEqual(['Read Contacts', 'Read Cases']);
    expect(prof.forbidden.map((i) => i.name)).toEqual(['Apex REST Services']);
    const md = checklistMarkdown(c);
    expect(md).toMatch(/- \*\*2 extra read permissions from Read Only: fine for reading; untick to narrow\.\*\*\n {2}- Read Contacts: on\. extra/);
    expect(c.open).toContain('Profile permissions (original profile UI): review 2 extra read permissions from Read Only: fine for reading; untick to narrow.');
  });

  it('records a check on an unreadable page as not verified', () => {
    const obj = c.permissions.find((p) => p.id === 'object-account')!;
    expect(obj).toMatchObject({ verified: false, unverifiedItems: 12 });
    expect(prof.verified).toBe(true);
    expect(checklistMarkdown(c)).toMatch(/\*\*Not verified\*\*: the page’s permission names were in a language Keyhole cannot read, so 12 item\(s\) got no verdict/);
    expect(c.open.some((o) => o.startsWith('Object settings: Accounts: not verified'))).toBe(true);
  });
});
