import { describe, expect, it } from 'vitest';
import { CheckboxIndex, findingsOf, refreshAll, classify, summarize, verdictFor } from '../../src/core/validator.ts';
import type { PermissionCheck } from '../../src/format/types.ts';

const check: PermissionCheck = {
  id: 'p',
  title: 'P',
  groups: [{}],
  required: [{ match: 'API Enabled', reason: 'api' }, { match: ['API Only User', 'Api Only User'], reason: 'api only' }, { match: 'Read Accounts', reason: 'read' }],
  forbidden: [{ match: { regex: '^(create|edit|delete|view all|modify all) \\S' }, reason: 'write' }, { match: 'Modify All Data', reason: 'admin' }],
  review: [{ match: 'Run Reports', reason: 'reports reach other data' }],
  defaultReviewReason: 'not needed',
  save: { role: 'button', name: 'Save' },
};

describe('validator', () => {
  it('classifies by rules, forbidden first', () => {
    expect(classify('api only user', check).kind).toBe('required');
    expect(classify('edit accounts', check).kind).toBe('forbidden');
    expect(classify('run reports', check)).toEqual({ kind: 'other', reason: 'reports reach other data' });
    expect(classify('export reports', check)).toEqual({ kind: 'other', reason: 'not needed' });
  });

  it('maps rule kind and state to the contract verdicts', () => {
    expect(verdictFor('required', true)).toBe('ok');
    expect(verdictFor('required', false)).toBe('missing');
    expect(verdictFor('forbidden', true)).toBe('forbidden');
    expect(verdictFor('forbidden', false)).toBe('ok');
    expect(verdictFor('other', true)).toBe('review');
    expect(verdictFor('other', false)).toBe('ok');
    expect(verdictFor('ignored', true)).toBeNull();
  });

  it('names checkboxes by label cell and title, and follows clicks', () => {
    document.body.innerHTML = `
      <h3>Administrative Permissions</h3>
      <table class="detailList"><tr>
        <td class="labelCol"><label for="a">API Enabled</label></td><td class="dataCol"><input type="checkbox" id="a" checked></td>
        <td class="labelCol">Api Only User</td><td class="dataCol"><input type="checkbox"></td>
      </tr><tr>
        <td class="labelCol">Modify All Data</td><td class="dataCol"><input type="checkbox" checked></td>
        <td class="labelCol">Run Reports</td><td class="dataCol"><input type="checkbox" checked></td>
      </tr></table>
      <table class="crudTable"><tr><td class="crudCol"><input type="checkbox" title="Read Accounts" checked></td><td class="crudCol"><input type="checkbox" title="Edit Accounts"></td></tr></table>`;
    const idx = new CheckboxIndex(check, document);
    refreshAll(idx);
    const byName = Object.fromEntries(findingsOf(idx).map((f) => [f.name, f.verdict]));
    expect(byName).toEqual({ 'api enabled': 'ok', 'api only user': 'missing', 'modify all data': 'forbidden', 'run reports': 'review', 'read accounts': 'ok', 'edit accounts': 'ok' });
    (document.querySelector('[title="Edit Accounts"]') as HTMLInputElement).checked = true;
    expect(summarize(findingsOf(idx))).toEqual({ missing: 1, forbidden: 2, review: 1, ok: 2 });
  });

  it('requires every option of a requireAll group, whatever the options are', () => {
    document.body.innerHTML = `<div class="list">${['Hired', 'Employed', 'Sabbatical'].map((s, i) => `<div role="option" aria-selected="${i < 2}">${s}</div>`).join('')}</div>`;
    const idx = new CheckboxIndex({ ...check, groups: [{ items: '[role=option]', requireAll: true, reason: 'all statuses' }] }, document);
    refreshAll(idx);
    expect(findingsOf(idx).map((f) => f.verdict)).toEqual(['ok', 'ok', 'missing']);
  });
});
