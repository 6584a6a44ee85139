// Managed policy (background/policy.ts): parsing what IT pushes, and how it wins over local settings.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { NO_POLICY, importRefused, isManaged, parsePolicy, revokeDaysRefused, startRevokeDays, withPolicy } from '../../src/progress/policy.ts';
import { parsePlaybook } from '../../src/format/schema.ts';
import type { Playbook } from '../../src/format/types.ts';

const EXAMPLE = readFileSync(resolve(__dirname, '../../docs/examples/acme-bi-hibob-readonly.json'), 'utf8');
const example = (): Playbook => {
  const r = parsePlaybook(EXAMPLE);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.playbook;
};

describe('parsePolicy', () => {
  it('no managed storage, or an empty one, is no policy', () => {
    expect(parsePolicy(undefined)).toEqual(NO_POLICY);
    expect(parsePolicy({})).toEqual(NO_POLICY);
    expect(parsePolicy([])).toEqual(NO_POLICY);
  });

  it('reads days, imports and playbooks (JSON texts validated like an import)', () => {
    const p = parsePolicy({ revokeReminderDays: 3, allowImports: false, playbooks: [EXAMPLE] });
    expect(p.managed).toBe(true);
    expect(p.revokeReminderDays).toBe(3);
    expect(p.allowImports).toBe(false);
    expect(Object.keys(p.playbooks)).toEqual(['acme-bi-hibob-readonly']);
    expect(p.problems).toEqual([]);
  });

  it('reports what it cannot apply, and a malformed allowImports fails closed', () => {
    const bad = JSON.parse(EXAMPLE);
    bad.version = 'v2';
    const p = parsePolicy({ revokeReminderDays: 0, allowImports: 'no', playbooks: [JSON.stringify(bad), '{"id":', EXAMPLE, EXAMPLE] }, new Set());
    expect(p.revokeReminderDays).toBeNull();
    expect(p.allowImports).toBe(false);
    expect(p.problems.some((l) => l.startsWith('revokeReminderDays:'))).toBe(true);
    expect(p.problems.some((l) => l.startsWith('allowImports:'))).toBe(true);
    expect(p.problems.some((l) => l.startsWith('playbooks[0]: version'))).toBe(true);
    expect(p.problems.some((l) => l.startsWith('playbooks[1]: (root): not valid JSON'))).toBe(true);
    expect(p.problems.some((l) => l.startsWith('playbooks[3]:') && /twice/.test(l))).toBe(true);
    expect(Object.keys(p.playbooks)).toEqual(['acme-bi-hibob-readonly']);
    expect(parsePolicy({ playbooks: 'x' }).problems).toEqual(['playbooks: expected a list of playbook JSON texts']);
  });

  it('a policy playbook cannot take a built-in id', () => {
    const p = parsePolicy({ playbooks: [EXAMPLE] }, new Set(['acme-bi-hibob-readonly']));
    expect(p.playbooks).toEqual({});
    expect(p.problems[0]).toMatch(/built-in playbook id/);
  });
});

describe('policy wins over local settings', () => {
  const local = { 'acme-bi-hibob-readonly': { ...example(), title: 'local copy' }, other: { ...example(), id: 'other' } };

  it('policy playbooks are added and replace a local import with the same id; imports off hides local ones', () => {
    const on = withPolicy(local, parsePolicy({ playbooks: [EXAMPLE] }));
    expect(Object.keys(on).sort()).toEqual(['acme-bi-hibob-readonly', 'other']);
    expect(on['acme-bi-hibob-readonly'].title).not.toBe('local copy');
    expect(isManaged(on['acme-bi-hibob-readonly'])).toBe(true);
    expect(isManaged(on.other)).toBe(false);
    const off = withPolicy(local, parsePolicy({ allowImports: false, playbooks: [EXAMPLE] }));
    expect(Object.keys(off)).toEqual(['acme-bi-hibob-readonly']);
    expect(withPolicy(local, NO_POLICY)).toEqual(local);
  });

  it('imports: refused only when the policy says so', () => {
    expect(importRefused(NO_POLICY)).toBeNull();
    expect(importRefused(parsePolicy({ allowImports: true }))).toBeNull();
    expect(importRefused(parsePolicy({ allowImports: false }))).toMatch(/policy does not allow importing/);
  });

  it('reminder days: the policy sets new runs; the admin may shorten, never lengthen or switch off', () => {
    const p = parsePolicy({ revokeReminderDays: 5 });
    expect(startRevokeDays(7, p)).toBe(5);
    expect(startRevokeDays(null, p)).toBe(5);
    expect(startRevokeDays(7, NO_POLICY)).toBe(7);
    expect(revokeDaysRefused(3, p)).toBeNull();
    expect(revokeDaysRefused(5, p)).toBeNull();
    expect(revokeDaysRefused(6, p)).toMatch(/at most 5 days/);
    expect(revokeDaysRefused(null, p)).toMatch(/requires a revoke reminder/);
    expect(revokeDaysRefused(null, NO_POLICY)).toBeNull();
    expect(revokeDaysRefused(300, NO_POLICY)).toBeNull();
  });
});

describe('managed schema (public/managed-schema.json)', () => {
  it('describes exactly the keys policy.ts reads, with Chrome-supported types', () => {
    const schema = JSON.parse(readFileSync(resolve(__dirname, '../../public/managed-schema.json'), 'utf8'));
    expect(schema.type).toBe('object');
    expect(Object.keys(schema.properties).sort()).toEqual(['allowImports', 'playbooks', 'revokeReminderDays']);
    expect(schema.properties.revokeReminderDays).toMatchObject({ type: 'integer', minimum: 1, maximum: 365 });
    expect(schema.properties.allowImports.type).toBe('boolean');
    expect(schema.properties.playbooks).toMatchObject({ type: 'array', items: { type: 'string' } });
  });
});
