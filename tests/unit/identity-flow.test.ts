// The identity rule wired through the locator, the resolver, the page's objects, the message check, the progress
// state and the checklist. Markup comes from the decorated fixture variants of both consoles.
import { describe, expect, it } from 'vitest';
import { locate, locateAll } from '../../src/core/locator.ts';
import { resolve } from '../../src/core/resolver.ts';
import { seeObjects, withIdentity } from '../../src/core/objects.ts';
import { checkContentMessage } from '../../src/messages.ts';
import { apply, emptyState, runView } from '../../src/progress/state.ts';
import { buildChecklist, checklistMarkdown } from '../../src/progress/checklist.ts';
import { builtinPlaybooks } from '../../src/builtins.ts';
import { defaultParams, instantiate } from '../../src/core/instantiate.ts';
import type { Step } from '../../src/format/types.ts';

function page(html: string) {
  document.body.innerHTML = html;
  return document;
}
const pbOf = (id: string) => {
  const pb = builtinPlaybooks().find((p) => p.id === id)!;
  return { raw: pb, pb: instantiate(pb, defaultParams(pb)) };
};

describe('locator: one rule for whole-text comparisons, on both consoles’ decorated markup', () => {
  it.each<[string, string, object, string | null]>([
    [
      'HiBob heading with badge, pencil and tooltip',
      '<h1 class="page-title">Drivetrain Support Access (Custom)<b-chip class="b-chip badge"><span class="chip-text">Service user</span></b-chip><b-button><button aria-label="Rename group">✎</button></b-button><span class="cdk-visually-hidden" role="tooltip">Group ID 1</span></h1>',
      { role: 'heading', name: 'Drivetrain Support Access' },
      'H1',
    ],
    ['HiBob heading of a similar-named group', '<h1>Drivetrain Support Access 2 (Custom)<b-chip class="badge">Service user</b-chip></h1>', { role: 'heading', name: 'Drivetrain Support Access' }, null],
    ['HiBob menu item behind a ligature icon', '<div role="menu"><button role="menuitem"><mat-icon class="mat-icon material-icons" aria-hidden="true">delete</mat-icon>Delete<kbd>⌫</kbd></button></div>', { role: 'menuitem', name: 'Delete' }, 'BUTTON'],
    ['HiBob tab with a counter', '<a mat-tab-link role="tab">People\'s data<span class="tab-counter"> (12)</span></a>', { role: 'tab', name: "People's data" }, 'A'],
    ['HiBob group link with (Custom), badge and counter', '<a href="/g/1" class="group-link">Drivetrain Support Access (Custom)<b-chip class="badge">New</b-chip><span class="b-counter">1</span></a>', { role: 'link', name: 'Drivetrain Support Access' }, 'A'],
    ['Salesforce profile link with (Custom)', '<a href="/00e000000000001">Drivetrain Integration (Custom)</a> <span class="x-badge">Custom</span>', { role: 'link', name: 'Drivetrain Integration' }, 'A'],
    ['Salesforce similar-named profile', '<a href="/00e000000000002">Drivetrain Integration (old) (Custom)</a>', { role: 'link', name: 'Drivetrain Integration' }, null],
    [
      'Salesforce checkbox label with a help orb',
      '<input type="checkbox" id="n"> <label for="n">Generate new password and notify user immediately<span class="helpButton"><img class="helpOrb" alt=""><span class="assistiveText">Salesforce emails the user a link.</span></span></label>',
      { role: 'checkbox', label: 'Generate new password and notify user immediately' },
      'INPUT',
    ],
  ])('%s', (_what, html, loc, tag) => {
    const el = locate(loc as never, page(html));
    expect(el?.tagName ?? null).toBe(tag);
  });

  it('a roleless text search never anchors on icon ligatures or tooltips', () => {
    const doc = page('<button role="menuitem"><mat-icon class="mat-icon" aria-hidden="true">delete</mat-icon>Remove</button><span role="tooltip">Delete</span>');
    expect(locateAll({ name: 'Delete' }, doc)).toEqual([]);
  });

  it('within a container: only the row of the name, never a similar-named neighbour’s', () => {
    const doc = page(`<div role="grid">
      <div role="row"><div role="gridcell">Drivetrain Support</div><div role="gridcell"><button aria-haspopup="menu" aria-expanded="false">⋯</button></div></div>
      <div role="row"><div role="gridcell">Drivetrain Support (old)</div><div role="gridcell"><button aria-haspopup="menu" aria-expanded="true">⋯</button></div></div></div>`);
    const near = { css: '[aria-expanded=true]', within: { text: 'Drivetrain Support', css: '[role=gridcell]' } };
    expect(locate(near, doc)).not.toBeNull(); // nearest-container semantics reach the neighbour's row
    expect(locate({ ...near, within: { ...near.within, container: '[role=row]' } }, doc)).toBeNull();
  });
});

describe('resolver: form steps never stall, optional steps never shadow required ones', () => {
  const base = { url: { path: '^/f$' } };
  const field = { role: 'textbox' as const, label: 'Email' };
  const steps = [
    { id: 'email', phase: 'grant', stage: 's', title: 'Email', instruction: 'i', page: base, target: field, complete: { value: field, equals: { contains: ['@vendor.example'] } }, accept: { when: { value: field, nonEmpty: true }, note: 'Not the vendor’s domain.' } },
    { id: 'next', phase: 'grant', stage: 's', title: 'Next', instruction: 'i', page: base, target: { role: 'button', name: 'Save' } },
  ] as Step[];
  const ctx = () => ({ doc: document, url: new URL('https://x.example/f') });

  it('keeps the step while the admin types, accepts a differing value once they leave the field', () => {
    page('<label for="e">Email</label><input id="e" type="email"><button>Save</button>');
    const input = document.querySelector('input')!;
    expect(resolve(steps, ctx()).current?.id).toBe('email');
    input.value = 'it@acme.example';
    input.focus();
    expect(resolve(steps, ctx()).current?.id).toBe('email');
    input.blur();
    const r = resolve(steps, ctx());
    expect(r.current?.id).toBe('next');
    expect(r.accepted.map((a) => [a.step.id, a.note])).toEqual([['email', 'Not the vendor’s domain.']]);
    input.value = 'dp@vendor.example';
    expect(resolve(steps, ctx()).accepted).toEqual([]);
  });

  it('an optional step yields to a required one offered by the same control; other optional steps keep their order', () => {
    const menu = { exists: { css: '[role=menu]' } };
    const s = (id: string, optional: boolean, when: object, name: string) => ({ id, phase: optional ? 'notify' : 'revoke', stage: 's', title: id, instruction: 'i', optional, page: base, when, target: { role: 'menuitem', name } }) as Step;
    page('<div role="menu"><button role="menuitem">Refresh token</button><button role="menuitem">Delete</button></div>');
    expect(resolve([s('refresh', true, menu, 'Refresh token'), s('delete', false, menu, 'Delete')], ctx()).current?.id).toBe('delete');
    expect(resolve([s('refresh', true, menu, 'Refresh token'), s('delete', false, { all: [menu] }, 'Delete')], ctx()).current?.id).toBe('refresh');
  });
});

describe('the page’s objects: id from the URL, then the name rule; built-in objects are others', () => {
  const { pb } = pbOf('drivetrain-salesforce-support');
  const at = (path: string, html: string, records = {}, others = {}) => {
    const base = { doc: page(html), url: new URL(`https://acme.my.salesforce.com${path}`) };
    return seeObjects(pb, base, records, others).get('profile');
  };
  const detail = (name: string, custom: boolean) => `<h2 class="pageDescription"> ${name} (Custom)<a class="editPencil" title="Rename"><img class="pencilIcon" alt="Edit"></a></h2>
    <table class="detailList"><tr><td class="labelCol">Custom Profile</td><td class="dataCol"><img class="checkImg" alt="${custom ? 'Checked' : 'Not Checked'}" title="${custom ? 'Checked' : 'Not Checked'}"></td></tr></table>`;

  it.each<[string, string, string, object, object, string]>([
    ['the suggested name, decorated', '/00e5g000001AbCdEFG', detail('Drivetrain Integration', true), {}, {}, 'same'],
    ['a similar name', '/00e5g000001AbCdEFG', detail('Drivetrain Integration (old)', true), {}, {}, 'other'],
    ['a standard profile', '/00e5g000001AbCd/e', detail('System Administrator', false), {}, {}, 'other'],
    ['an unknown custom name', '/00e5g000001AbCd', detail('DT Readonly', true), {}, {}, 'unsure'],
    ['our recorded id under another name', '/00e5g000001AbCd', detail('Renamed', true), { profile: { kind: 'profile', id: '00e5g000001AbCd', name: 'DT Readonly', how: 'created', at: 1 } }, {}, 'same'],
    ['another id, another name', '/00e5g000001ZzZz', detail('Standard Reader', true), { profile: { kind: 'profile', id: '00e5g000001AbCd', name: 'DT Readonly', how: 'created', at: 1 } }, {}, 'other'],
    // Deleted and cloned again: the same name under a new id is asked about, not refused for good.
    ['another id, our name', '/00e5g000001ZzZz', detail('DT Readonly', true), { profile: { kind: 'profile', id: '00e5g000001AbCd', name: 'DT Readonly', how: 'created', at: 1 } }, {}, 'unsure'],
    ['an id the admin said no to', '/00e5g000001ZzZz', detail('DT Readonly', true), {}, { profile: { ids: ['00e5g000001ZzZz'] } }, 'other'],
  ])('%s', (_what, path, html, records, others, want) => {
    const o = at(path, html, records, others)!;
    expect(o.recognition).toBe(want);
  });

  it('reads the id (15-character prefix) and the page name without decorations; the condition reads the recognition', () => {
    const base = { doc: page(detail('DT Readonly', true)), url: new URL('https://acme.my.salesforce.com/00e5g000001AbCdEFG') };
    const seen = seeObjects(pb, base);
    expect(seen.get('profile')!.evidence.id).toBe('00e5g000001AbCd');
    expect(seen.get('profile')!.pageName).toBe('DT Readonly');
    expect(withIdentity(base, seen).identity!('profile')).toBe('unsure');
    expect(seeObjects(pb, { ...base, url: new URL('https://acme.my.salesforce.com/00e/e') }).size).toBe(0);
  });
});

describe('identity messages, state and checklist', () => {
  it.each<[unknown, boolean]>([
    [{ kind: 'keyhole/identity', playbookId: 'p', object: 'group', record: { id: '300123', name: 'DT read-only', how: 'asked' } }, true],
    [{ kind: 'keyhole/identity', playbookId: 'p', object: 'group', reject: { id: '300123' } }, true],
    [{ kind: 'keyhole/identity', playbookId: 'p', object: 'group' }, false],
    [{ kind: 'keyhole/identity', playbookId: 'p', object: 'group', record: { name: 'x', how: 'guessed' } }, false],
    [{ kind: 'keyhole/identity', playbookId: 'p', object: 'group', record: { name: '', how: 'asked' } }, false],
    [{ kind: 'keyhole/identity', playbookId: 'p', object: 'group', record: { id: 'a b/../', name: 'x', how: 'asked' } }, false],
    [{ kind: 'keyhole/identity', playbookId: 'p', object: '__proto__', record: { name: 'x', how: 'asked' } }, false],
    [{ kind: 'keyhole/identity', playbookId: 'p', object: 'group', record: { name: 'x'.repeat(121), how: 'asked' } }, false],
  ])('message %j valid: %s', (msg, ok) => {
    expect(checkContentMessage(msg) !== null).toBe(ok);
  });

  it('records names and ids, keeps a confirmed origin, remembers the admin’s no, and exports how each was identified', () => {
    const { raw } = pbOf('drivetrain-hibob-support');
    let s = apply(emptyState(), { type: 'start', playbookId: raw.id, playbookVersion: raw.version, params: defaultParams(raw), revokeDays: 7, now: 1 });
    s = apply(s, { type: 'identity', playbookId: raw.id, object: 'group', record: { name: 'DT read-only', how: 'created' }, now: 2 });
    s = apply(s, { type: 'identity', playbookId: raw.id, object: 'group', record: { name: 'DT read-only', how: 'name', id: '300123' }, now: 3 });
    s = apply(s, { type: 'identity', playbookId: raw.id, object: 'group', reject: { id: '200101' }, now: 4 });
    const run = runView(s.runs[raw.id]);
    expect(run.identities!.group).toEqual({ kind: 'group', name: 'DT read-only', how: 'created', id: '300123', at: 3 });
    expect(run.others!.group).toEqual({ ids: ['200101'] });
    const c = buildChecklist(raw, { ...run, params: { ...run.params, groupName: 'DT read-only' } }, 5);
    const g = c.objects.find((o) => o.kind === 'group')!;
    expect(g).toMatchObject({ name: 'DT read-only', id: '300123', how: 'created', notThese: ['200101'] });
    const su = c.objects.find((o) => o.kind === 'serviceUser')!;
    expect(su.how).toBe('suggested');
    const text = checklistMarkdown(c);
    expect(text).toContain('## Objects and how Keyhole identified them');
    expect(text).toMatch(/permission group “DT read-only” \(id 300123\): Keyhole saw you create it and recognised its pages by id/);
    expect(text).toMatch(/Not this permission group \(your answer\): 200101/);
  });
});
