// The permission-page planner as a table: each row is the facts a page shows and what the guide must do next.
import { describe, expect, it } from 'vitest';
import { plan, type PermissionAction, type PermissionPageState, type PlanTarget } from '../../src/core/planner.ts';

const base: PermissionPageState = {
  instruction: 'Tick Read.',
  findings: 10,
  problems: 0,
  reviews: 0,
  editable: false,
  absent: [],
  revealFor: null,
  moreBelow: false,
  hasNext: false,
};

type Row = [string, Partial<PermissionPageState>, PermissionAction, PlanTarget, 'warn' | 'ok', boolean, RegExp];

const TABLE: Row[] = [
  // name                                                  facts                                                     action           target           tone    done   text
  ['editable page with a problem: Edit first', { editable: true, problems: 2 }, 'edit', 'edit', 'warn', false, /^Tick Read\.\n\nFirst make the permissions editable\.$/],
  ['edit page with a problem: fix it', { problems: 1 }, 'fix', 'first-problem', 'warn', false, /Fix the highlighted box/],
  ['a problem wins over an absent item with a reveal', { problems: 1, absent: ['Work'], revealFor: 'Work' }, 'fix', 'first-problem', 'warn', false, /Fix the highlighted box/],
  ['a problem wins over more options below', { problems: 1, moreBelow: true }, 'fix', 'first-problem', 'warn', false, /Fix the highlighted box/],
  ['absent required item that can be revealed', { absent: ['Work'], revealFor: 'Work' }, 'reveal', 'reveal', 'ok', false, /Open the highlighted section: “Work” is not on the page yet/],
  ['reveal even on a read-only page', { editable: true, absent: ['Work'], revealFor: 'Work' }, 'reveal', 'reveal', 'ok', false, /Open the highlighted section/],
  ['a virtual list with options below the fold', { moreBelow: true }, 'scroll', 'list', 'ok', false, /Scroll this list to its end/],
  ['reveal comes before scroll', { moreBelow: true, absent: ['Work'], revealFor: 'Work' }, 'reveal', 'reveal', 'ok', false, /Open the highlighted section/],
  ['read-only page already as required', { editable: true }, 'done-readonly', 'next', 'ok', true, /^These permissions are as required: nothing to change here\.$/],
  ['read-only page as required, with a next control', { editable: true, hasNext: true }, 'done-readonly', 'next', 'ok', true, /nothing to change here\. Next: the highlighted control\.$/],
  ['read-only page as required, with review items', { editable: true, reviews: 3 }, 'done-readonly', 'next', 'ok', true, /Review the 3 extra item\(s\) below; to untick any, click Edit first\.$/],
  ['read-only page, a required item absent and no reveal: Edit', { editable: true, absent: ['Read Leads'] }, 'edit', 'edit', 'ok', false, /First make the permissions editable\.\n\nNot found on this page: Read Leads\./],
  ['edit page as required: Save', {}, 'save', 'save', 'ok', false, /^Nothing required is missing and nothing forbidden is on\. Save\.$/],
  ['edit page with review items: review, then Save', { reviews: 2 }, 'save', 'save', 'ok', false, /Review the 2 extra item\(s\) below, untick what the vendor does not need, then Save\.$/],
  ['edit page with an absent item: Save, and name what was not found', { absent: ['Read Leads', 'API Enabled'] }, 'save', 'save', 'ok', false, /Save\.\n\nNot found on this page: Read Leads, API Enabled\. If the page uses other words/],
  ['unreadable page (another language): never Save, say how to switch', { unreadable: true, notice: 'Switch to English.' }, 'unreadable', 'none', 'ok', false, /^Switch to English\.\n\nThe permission check is recorded as not verified\./],
  ['unreadable read-only page: not "done", never Save', { unreadable: true, editable: true, notice: 'Switch to English.' }, 'unreadable', 'none', 'ok', false, /not verified/],
  ['unreadable page with a known forbidden box: fix it first', { unreadable: true, problems: 1 }, 'fix', 'first-problem', 'warn', false, /Fix the highlighted box/],
  ['unreadable page with review items: still never Save', { unreadable: true, reviews: 4 }, 'unreadable', 'none', 'ok', false, /cannot read the permission names/],
  ['nothing judged on the page: no "not found" line', { findings: 0, absent: ['Read Leads'] }, 'save', 'save', 'ok', false, /^Nothing required is missing and nothing forbidden is on\. Save\.$/],
];

describe('permission-page planner', () => {
  it.each(TABLE)('%s', (_name, facts, action, target, tone, done, text) => {
    const p = plan({ ...base, ...facts });
    expect({ action: p.action, target: p.target, tone: p.tone, done: p.done }).toEqual({ action, target, tone, done });
    expect(p.text).toMatch(text);
  });

  it('review items never block: with only reviews the target is Save', () => {
    expect(plan({ ...base, reviews: 40 }).target).toBe('save');
  });

  it('the table covers every action', () => {
    const all: PermissionAction[] = ['edit', 'fix', 'reveal', 'scroll', 'done-readonly', 'save', 'unreadable'];
    expect(new Set(TABLE.map((r) => r[2]))).toEqual(new Set(all));
  });
});
