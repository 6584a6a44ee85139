/**
 * The permission catalogs: every label the fixtures and the two Salesforce profile exports show has an effect,
 * the write/admin permissions are write/admin, and HiBob rows are judged by every verb they contain.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EFFECTS, lookup, type Catalog, type Effect } from '../../src/core/effects.ts';
import {
  MINIMUM_ACCESS_OBJECTS, MINIMUM_ACCESS_USER_PERMISSIONS, OBJECT_SECTIONS, READ_ONLY_OBJECTS, READ_ONLY_USER_PERMISSIONS,
  SALESFORCE_CATALOG, TRANSLATIONS, USER_PERMISSIONS,
} from '../../src/consoles/salesforce/catalog.ts';
import { HIBOB_CATALOG, PERMISSION_ROWS, effectOfVerbs, verbsOf } from '../../src/consoles/hibob/catalog.ts';
// @ts-ignore -- plain ESM fixture data without type declarations
import * as sfFixture from '../fixtures/salesforce/catalog.mjs';

const FX = sfFixture as unknown as { USER_PERMISSIONS: { key: string; label: string }[]; STANDARD_OBJECTS: { label: string }[]; CUSTOM_OBJECTS: { label: string }[] };
const { CUSTOM_OBJECTS, STANDARD_OBJECTS, USER_PERMISSIONS: FIXTURE_USER_PERMISSIONS } = FX;

/** Labels the catalog cannot classify (the assertion every table below uses). */
function unclassified(catalog: Catalog, labels: readonly string[], section = ''): string[] {
  return labels.filter((l) => !lookup(catalog, l, section));
}
const effectOf = (catalog: Catalog, label: string, section = ''): Effect | undefined => lookup(catalog, label, section)?.effect;
const byKey = new Map(USER_PERMISSIONS.map((e) => [e.key, e]));

/** The HiBob fixture's permission rows, read from the SPA's static data (it is plain data inside the app). */
function hibobFixtureRows(): { label: string; kind: string }[] {
  const src = readFileSync('tests/fixtures/hibob/app/app.js', 'utf8');
  const slice = (start: string, end: string) => {
    const a = src.indexOf(start);
    const b = src.indexOf(end, a);
    if (a < 0 || b < 0) throw new Error(`fixture layout changed: ${start}`);
    return src.slice(a + start.length, b).trim().replace(/;$/, '');
  };
  const pd = new Function(`return (${slice('const PD = ', '// key every row')});`)() as { sections: [string, [string, string][]][] }[];
  const feats = new Function(`return (${slice('const FEATURES = ', 'const FEAT_ROWS')});`)() as { sections: [string, string[]][] }[];
  return [
    ...pd.flatMap((c) => c.sections.flatMap(([, rows]) => rows.map(([kind, label]) => ({ label, kind })))),
    ...feats.flatMap((c) => c.sections.flatMap(([, rows]) => rows.map((label) => ({ label, kind: 'feature' })))),
  ];
}

describe('the classification check itself', () => {
  it('reports a label no catalog knows (so the tables below can fail)', () => {
    expect(unclassified(SALESFORCE_CATALOG, ['API Enabled', 'Frobnicate Widgets'])).toEqual(['Frobnicate Widgets']);
    expect(unclassified(HIBOB_CATALOG, ['Frobnicate the widgets'])).toEqual(['Frobnicate the widgets']);
  });
});

describe('Salesforce catalog', () => {
  it('has one entry per API name, each with an effect, what it grants and a source', () => {
    expect(USER_PERMISSIONS.length).toBeGreaterThan(700);
    expect(new Set(USER_PERMISSIONS.map((e) => e.key)).size).toBe(USER_PERMISSIONS.length);
    for (const e of USER_PERMISSIONS) {
      expect(EFFECTS, e.key).toContain(e.effect);
      expect(e.grants.length, e.key).toBeGreaterThan(10);
      expect(e.source.length, e.key).toBeGreaterThan(10);
    }
  });

  it('classifies every user-permission label of the fixture catalog', () => {
    expect(unclassified(SALESFORCE_CATALOG, FIXTURE_USER_PERMISSIONS.map((p) => p.label))).toEqual([]);
  });

  it('classifies every permission of both profile exports, each judged by hand', () => {
    for (const key of [...READ_ONLY_USER_PERMISSIONS, ...MINIMUM_ACCESS_USER_PERMISSIONS]) {
      const e = byKey.get(key);
      expect(e, key).toBeDefined();
      expect(e!.basis, key).toBe('reviewed');
      expect(effectOf(SALESFORCE_CATALOG, e!.label), key).toBe(e!.effect);
    }
  });

  it('classifies the object rows of both exports and of the fixture, by operation', () => {
    const labels = [...STANDARD_OBJECTS, ...CUSTOM_OBJECTS].map((o) => o.label);
    for (const sectionName of OBJECT_SECTIONS) {
      for (const obj of labels) {
        expect(effectOf(SALESFORCE_CATALOG, `Read ${obj}`, sectionName), obj).toBe('read');
        for (const op of ['Create', 'Edit', 'Delete']) expect(effectOf(SALESFORCE_CATALOG, `${op} ${obj}`, sectionName), `${op} ${obj}`).toBe('write');
        for (const op of ['View All', 'Modify All', 'View All Records', 'Modify All Records']) {
          expect(effectOf(SALESFORCE_CATALOG, `${op} ${obj}`, sectionName), `${op} ${obj}`).toBe('admin');
        }
      }
    }
    // The exports name objects by API name; the rows the pages show use their labels, checked above.
    expect(READ_ONLY_OBJECTS).toContain('Opportunity');
    expect(MINIMUM_ACCESS_OBJECTS).toEqual(['QuickText']);
  });

  it('does not read a user permission as an object permission, or an object operation outside object sections', () => {
    expect(effectOf(SALESFORCE_CATALOG, 'Edit Events', 'Object Permissions')).toBe('write');
    expect(lookup(SALESFORCE_CATALOG, 'Edit Events', 'Object Permissions')?.key).toBe('EditEvent');
    expect(lookup(SALESFORCE_CATALOG, 'Read Accounts', 'General User Permissions')).toBeNull();
    expect(lookup(SALESFORCE_CATALOG, 'Edit Accounts', 'Administrative Permissions')).toBeNull();
  });

  it('classifies field permissions: Read Access reads, Edit Access writes', () => {
    expect(effectOf(SALESFORCE_CATALOG, 'Read Access Amount', 'Field Permissions')).toBe('read');
    expect(effectOf(SALESFORCE_CATALOG, 'Edit Access Amount', 'Field Permissions')).toBe('write');
  });

  it('makes the Read Only profile’s write-capable permissions write', () => {
    for (const key of ['ApexRestServices', 'EditOppLineItemUnitPrice', 'EnableNotifications', 'SubmitMacrosAllowed', 'SendSitRequests', 'ChatterFileLink']) {
      expect(byKey.get(key)?.effect, key).toBe('write');
    }
    expect(effectOf(SALESFORCE_CATALOG, 'Send Outbound Messages')).toBe('write');
    expect(effectOf(SALESFORCE_CATALOG, 'Apex REST Services')).toBe('write');
  });

  it('makes the issue’s system permissions write or admin', () => {
    const want: Record<string, Effect> = {
      'Assign Permission Sets': 'admin', 'Manage Sharing': 'admin', 'View All Data': 'admin', 'Modify All Data': 'admin', 'View All Users': 'admin',
      'Manage Users': 'admin', 'Customize Application': 'admin', 'Author Apex': 'admin', 'Manage Profiles and Permission Sets': 'admin',
      'Transfer Record': 'write', 'Convert Leads': 'write', 'Edit Tasks': 'write', 'Edit Events': 'write', 'Mass Email': 'write', 'Send Email': 'write',
      'Edit Read Only Fields': 'write', 'Edit Opportunity Product Sales Price': 'write', 'Bulk API Hard Delete': 'write',
    };
    for (const [label, effect] of Object.entries(want)) expect(effectOf(SALESFORCE_CATALOG, label), label).toBe(effect);
  });

  it('keeps reading, self-service and API access apart from writing', () => {
    expect(effectOf(SALESFORCE_CATALOG, 'View Setup and Configuration')).toBe('read');
    expect(effectOf(SALESFORCE_CATALOG, 'Run Reports')).toBe('read');
    expect(effectOf(SALESFORCE_CATALOG, 'API Enabled')).toBe('read');
    expect(effectOf(SALESFORCE_CATALOG, 'Api Only User')).toBe('read');
    expect(effectOf(SALESFORCE_CATALOG, 'Chatter Internal User')).toBe('self-service');
    expect(effectOf(SALESFORCE_CATALOG, 'Create and Customize List Views')).toBe('self-service');
    expect(effectOf(SALESFORCE_CATALOG, 'Create Topics')).toBe('self-service');
  });

  it('matches labels tolerantly (case, spacing, curly quotes)', () => {
    expect(effectOf(SALESFORCE_CATALOG, '  modify  ALL data ')).toBe('admin');
    expect(effectOf(SALESFORCE_CATALOG, 'Manage Macros Users Can\u2019t Undo')).toBe('write');
  });

  it('knows the critical permissions in Japanese (partial table from a describe)', () => {
    expect(lookup(SALESFORCE_CATALOG, 'すべてのデータの編集')).toMatchObject({ key: 'ModifyAllData', effect: 'admin', lang: 'ja' });
    expect(lookup(SALESFORCE_CATALOG, 'API の有効化')).toMatchObject({ key: 'ApiEnabled', lang: 'ja' });
    for (const key of Object.keys(TRANSLATIONS.ja)) expect(byKey.has(key), key).toBe(true);
  });

  it('does not classify a Dutch label it has no table for', () => {
    expect(lookup(SALESFORCE_CATALOG, 'Alle gegevens wijzigen')).toBeNull();
    expect(lookup(SALESFORCE_CATALOG, 'Lezen Accounts', 'Object Permissions')).toBeNull();
  });
});

describe('HiBob catalog', () => {
  it('classifies every row of the HiBob fixture, Edit rows as write or admin', () => {
    const rows = hibobFixtureRows();
    expect(rows.length).toBeGreaterThan(40);
    expect(unclassified(HIBOB_CATALOG, rows.map((r) => r.label))).toEqual([]);
    for (const r of rows) {
      const found = lookup(HIBOB_CATALOG, r.label)!;
      expect(found.basis, r.label).toBe('reviewed');
      if (r.kind === 'edit') expect(['write', 'admin'], r.label).toContain(found.effect);
      if (r.kind === 'view' || r.kind === 'history') expect(found.effect, r.label).toBe('read');
    }
  });

  it('classifies every row by all of its verbs', () => {
    for (const e of PERMISSION_ROWS) expect(e.effect, e.label).toBe(effectOfVerbs(e.label));
    expect(verbsOf('View, approve or decline requests that are pending approval of others')).toEqual(['view', 'approve', 'decline']);
  });

  it('makes two-verb rows write', () => {
    expect(effectOf(HIBOB_CATALOG, 'View and manage employee document requests')).toBe('write');
    expect(effectOf(HIBOB_CATALOG, 'View and Manage employee document requests')).toBe('write');
    expect(effectOf(HIBOB_CATALOG, 'View, approve or decline requests that are pending approval of others')).toBe('write');
    expect(effectOf(HIBOB_CATALOG, 'Request read approval')).toBe('write');
    // A row Keyhole has not listed: the second verb still decides.
    expect(lookup(HIBOB_CATALOG, 'View and delete selected employees’ notes')).toMatchObject({ effect: 'write', basis: 'pattern' });
    expect(lookup(HIBOB_CATALOG, 'View selected employees’ notes')).toMatchObject({ effect: 'read', basis: 'pattern' });
  });

  it('makes setup, integration and API rows admin', () => {
    expect(effectOf(HIBOB_CATALOG, 'Create/update/delete the integration')).toBe('admin');
    expect(effectOf(HIBOB_CATALOG, 'Manage REST API token')).toBe('admin');
    expect(effectOf(HIBOB_CATALOG, 'Edit all lists (sites, job titles, etc.)')).toBe('admin');
  });

  it('judges the People’s fields grid by its column, and ignores apostrophe style', () => {
    expect(effectOf(HIBOB_CATALOG, 'View Basic info field: First name')).toBe('read');
    expect(effectOf(HIBOB_CATALOG, 'Edit Payroll field: Salary')).toBe('write');
    expect(effectOf(HIBOB_CATALOG, 'View selected employee\u2019s Basic info sections')).toBe('read');
  });

  it('does not classify rows in another language', () => {
    expect(lookup(HIBOB_CATALOG, 'Basisgegevens van geselecteerde medewerkers bekijken')).toBeNull();
  });
});
