import { describe, expect, it } from 'vitest';
import { Window } from 'happy-dom';
import { builtinPlaybooks } from '../../src/builtins.ts';
import { defaultParams, instantiate } from '../../src/core/instantiate.ts';
import { CheckboxIndex, findingsOf, refreshAll, absentRequiredRules, classify, verdictFor } from '../../src/core/validator.ts';
import type { PermissionCheck, Playbook } from '../../src/format/types.ts';
import { evaluate } from '../../src/core/conditions.ts';
import { conditionSummaryHas } from '../../src/consoles/hibob/pages.ts';

const pb = (id: string): Playbook => {
  const p = builtinPlaybooks().find((x) => x.id === id)!;
  return instantiate(p, defaultParams(p));
};
const check = (p: Playbook, stepId: string): PermissionCheck => p.steps.find((s) => s.id === stepId)!.permissions!;
const dt = pb('drivetrain-hibob-support');
const la = pb('learnamp-hibob-integration');
const verdict = (c: PermissionCheck, name: string, on: boolean, group = c.groups[c.groups.length - 1]) => verdictFor(classify(name, c, group).kind, on);

describe('HiBob rules: names → verdicts', () => {
  const people = check(dt, 'peoples-data-permissions');

  it('requires the five Drivetrain View rows, whatever the apostrophe', () => {
    for (const name of [
      "View selected employees' Basic info sections",
      'View selected employee\u2019s Basic info sections',
      'view  selected EMPLOYEES\u2019 basic info sections',
      "View selected employees' Employment sections",
      "View selected employees' profile changes history",
      "View selected employee's Lifecycle sections",
      'View selected employees\u2019 Work sections',
    ]) {
      expect(verdict(people, name, false), name).toBe('missing');
      expect(verdict(people, name, true), name).toBe('ok');
    }
  });

  it('forbids every write row and reviews other View rows', () => {
    for (const name of [
      "Edit selected employees' Basic info sections",
      "Edit selected employee's Personal sections",
      "Create and manage selected people's time off requests",
      'View, approve or decline requests that are pending approval of others',
      "Upload and delete selected employees' shared documents",
      "Manage selected employees' tasks",
      'Start flows for selected employees',
      "Adjust selected people's time off balances",
    ]) {
      expect(verdict(people, name, true), name).toBe('forbidden');
      expect(verdict(people, name, false), name).toBe('ok');
    }
    expect(verdict(people, "View selected employees' Payroll sections", true)).toBe('review');
    expect(verdict(people, "See selected people's time off and sick leave balances", true)).toBe('review');
    expect(verdict(people, "View selected employees' Work section histories", true)).toBe('review');
  });

  it('names the People\u2019s fields grid by column, section and field', () => {
    const grid = people.groups[0];
    expect(verdict(people, 'view basic info field: first name', false, grid)).toBe('missing');
    expect(verdict(people, 'view lifecycle field: termination date', true, grid)).toBe('ok');
    expect(verdict(people, 'edit lifecycle field: termination date', true, grid)).toBe('forbidden');
    expect(verdict(people, 'view payroll field: bank account', true, grid)).toBe('review');
  });

  it('features: write and admin on are forbidden, views are review', () => {
    const f = check(dt, 'features-permissions');
    expect(verdict(f, 'Create/update/delete the integration', true)).toBe('forbidden');
    expect(verdict(f, 'Add new people to the company', true)).toBe('forbidden');
    expect(verdict(f, 'Manage REST API token', true)).toBe('forbidden');
    expect(verdict(f, "View the company's people directory", true)).toBe('review');
    expect(verdict(f, "Export the company's org chart", true)).toBe('review');
  });

  it('lifecycle statuses: Drivetrain needs three, Learn Amp needs every option', () => {
    const d = check(dt, 'condition-statuses');
    expect(verdict(d, 'Terminated', false)).toBe('missing');
    expect(verdict(d, 'Leave', true)).toBe('review');
    expect(verdict(d, 'Leave', false)).toBe('ok');
    const l = check(la, 'condition-statuses');
    expect(verdict(l, 'Sabbatical', false)).toBe('missing');
    expect(verdict(l, 'Garden leave', true)).toBe('ok');
  });

  it('Learn Amp: Lifecycle required, Basic info for review', () => {
    const p = check(la, 'peoples-data-permissions');
    expect(verdict(p, 'View selected employee\u2019s Lifecycle sections', false)).toBe('missing');
    expect(verdict(p, "View selected employees' Basic info sections", true)).toBe('review');
    expect(verdict(p, "Edit selected employees' Lifecycle sections", true)).toBe('forbidden');
  });
});

describe('HiBob markup in happy-dom', () => {
  const HTML = `
    <b-collapsible-section><section><header aria-expanded="true"><h4>Lifecycle</h4></header><div>
      <div role="grid"><div role="row"><div role="columnheader" aria-colindex="1" col-id="field">Field</div><div role="columnheader" aria-colindex="2" col-id="view">View</div><div role="columnheader" aria-colindex="3" col-id="edit">Edit</div></div>
        <div role="row"><div role="gridcell" aria-colindex="1" col-id="field"><span>Termination date</span></div>
          <div role="gridcell" aria-colindex="2" col-id="view"><mat-checkbox><label for="v1"><input id="v1" type="checkbox" checked><span style="display:none">&nbsp;</span></label></mat-checkbox></div>
          <div role="gridcell" aria-colindex="3" col-id="edit"><mat-checkbox><label for="e1"><input id="e1" type="checkbox" checked><span style="display:none">&nbsp;</span></label></mat-checkbox></div></div>
      </div></div></section></b-collapsible-section>
    <b-collapsible-section><section><header aria-expanded="false"><h4>Basic info</h4><p>0/2</p></header><div style="display:none"></div></section></b-collapsible-section>
    <b-checkbox><input type="checkbox" class="bchk-input" id="x1"><label class="bchk-label" for="x1"><span>View selected employees\u2019 profile changes history</span></label></b-checkbox>`;

  it('names grid checkboxes from ARIA column headers and row labels, and finds the collapsed section to open', () => {
    const win = new Window({ url: 'https://app.hibob.com/x' });
    win.document.body.innerHTML = HTML;
    const c = check(dt, 'peoples-data-permissions');
    const index = new CheckboxIndex(c, win.document as unknown as Document);
    refreshAll(index);
    const names = [...index.items.values()].map((i) => `${i.name}=${verdictFor(i.kind, (i.el as HTMLInputElement).checked)}`);
    expect(names).toEqual([
      'view lifecycle field: termination date=ok',
      'edit lifecycle field: termination date=forbidden',
      "view selected employees' profile changes history=missing",
    ]);
    const absent = absentRequiredRules(c, findingsOf(index)).map((r) => r.reason);
    expect(absent.some((r) => r.includes('Basic info'))).toBe(true);
    expect(absent.some((r) => r.includes('Lifecycle'))).toBe(false);
    win.close();
  });
});

describe('HiBob access-rights summary: which lifecycle statuses the condition holds', () => {
  // Written after an independent replica (2026-12-03) showed the condition as chips with no commas between them,
  // which Keyhole never accepted (the guide stayed on "Click Edit to set the condition").
  const has = (html: string, status: string) => {
    document.body.innerHTML = html;
    return evaluate(conditionSummaryHas(status), { doc: document, url: new URL('https://app.hibob.com/settings') });
  };
  const summary = (values: string) => `<div class="condition-summary"><span>Lifecycle status <b>equals</b> ${values}</span><button>Edit</button></div>`;
  it.each<[string, string, string, boolean]>([
    ['comma text', summary('Hired, Employed, Terminated'), 'Employed', true],
    ['comma text, last value', summary('Hired, Employed, Terminated'), 'Terminated', true],
    ['"and" before the last value', summary('Hired, Employed and Terminated'), 'Employed', true],
    ['"and" before the last value, the last', summary('Hired, Employed and Terminated'), 'Terminated', true],
    ['"=" instead of "equals"', '<div><span>Lifecycle status = Employed</span></div>', 'Employed', true],
    ['"Leave" is not in "Garden leave and Terminated"', summary('Hired, Garden leave and Terminated'), 'Leave', false],
    ['chips, no commas', summary('<b-chip>Hired</b-chip> <b-chip>Employed</b-chip> <b-chip>Terminated</b-chip>'), 'Employed', true],
    ['chips with a remove icon', summary('<span class="chip">Hired<i class="icon-close">close</i></span><span class="chip">Terminated<i class="icon-close">close</i></span>'), 'Terminated', true],
    ['absent from the chips', summary('<b-chip>Hired</b-chip> <b-chip>Employed</b-chip>'), 'Terminated', false],
    ['"Leave" is not in "Garden leave"', summary('Hired, Garden leave'), 'Leave', false],
    ['"Leave" is not in a "Garden leave" chip', summary('<b-chip>Hired</b-chip> <b-chip>Garden leave</b-chip>'), 'Leave', false],
    ['a negated condition holds nothing', '<div><span>Lifecycle status is not Terminated</span></div>', 'Terminated', false],
    ['a negated condition in chips', '<div><span>Lifecycle status is not <b-chip>Terminated</b-chip></span></div>', 'Terminated', false],
    ['another field', summary('').replace('Lifecycle status', 'Department') + '<b-chip>Terminated</b-chip>', 'Terminated', false],
  ])('%s', (_what, html, status, want) => {
    expect(has(html, status)).toBe(want);
  });
});
