import { describe, expect, it } from 'vitest';
import { fillTemplate, looseKey, normalize, textMatches } from '../../src/core/text.ts';

describe('text matching', () => {
  it('normalises case, whitespace, nbsp, curly quotes, padding and decorations', () => {
    expect(normalize('  Save\u00a0 ')).toBe('save');
    expect(normalize('View selected employee\u2019s  Basic info')).toBe("view selected employee's basic info");
    expect(normalize('+ Create service user')).toBe('create service user');
    expect(normalize('Profile Name:')).toBe('profile name');
  });
  it("treats employees' and employee's alike", () => {
    expect(looseKey("View selected employees' Work sections")).toBe(looseKey('View selected employee\u2019s work sections'));
  });
  it('matches exact, lists, prefixes, contains and regex', () => {
    expect(textMatches(' Save ', 'Save')).toBe(true);
    expect(textMatches('Save & New', 'Save')).toBe(false);
    expect(textMatches('Api Only User', ['API Only User'])).toBe(true);
    expect(textMatches('New Service User', { contains: ['service user'] })).toBe(true);
    expect(textMatches('Edit Accounts', { regex: '^(create|edit|delete) ' })).toBe(true);
    expect(textMatches('Read Accounts', { regex: '^(create|edit|delete) ' })).toBe(false);
  });
  it('fills parameters and leaves unknown ones visible', () => {
    expect(fillTemplate('Open {{profileName}} {{x}}', { profileName: 'Drivetrain Integration' })).toBe('Open Drivetrain Integration {{x}}');
  });
});
