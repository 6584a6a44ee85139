import { describe, expect, it } from 'vitest';
import {
  cleanText, compareNames, describeIdentity, hasName, isConfirmed, nameCandidates, ownText, recognise, sameName, stripDecorations,
  type IdentityRecord,
} from '../../src/core/identity.ts';

function el(html: string): Element {
  document.body.innerHTML = html;
  return document.body.firstElementChild!;
}

describe('stripDecorations: textual decorations only, never a qualifier', () => {
  it.each([
    ['Drivetrain Support Access (3)', 'Drivetrain Support Access'],
    ['Drivetrain Support Access (12 members)', 'Drivetrain Support Access'],
    ['Drivetrain Integration (Custom)', 'Drivetrain Integration'],
    ['Drivetrain Integration (Custom) (2)', 'Drivetrain Integration'],
    ['Admins [Default]', 'Admins'],
    ['Drivetrain Support Access · 4', 'Drivetrain Support Access'],
    ['Drivetrain Support Access ✎', 'Drivetrain Support Access'],
    ['Drivetrain Support Access \uE3C9', 'Drivetrain Support Access'],
    ['🔒 Drivetrain Support Access', 'Drivetrain Support Access'],
    ['Drivetrain Support Access Edit', 'Drivetrain Support Access'],
    ['Profile: Drivetrain Integration', 'Drivetrain Integration'],
    ['“Drivetrain Support Access”', 'Drivetrain Support Access'],
    // qualifiers name another object: kept
    ['Drivetrain Support (old)', 'Drivetrain Support (old)'],
    ['Drivetrain Support 2', 'Drivetrain Support 2'],
    ['Copy of Drivetrain Integration', 'Copy of Drivetrain Integration'],
    // a decoration-only text stays what it is
    ['Edit', 'Edit'],
  ])('%s → %s', (input, want) => {
    expect(stripDecorations(input)).toBe(want);
  });
});

describe('sameName: the page side is stripped, the expected name is taken as written', () => {
  it.each([
    ['Drivetrain Support Access', 'Drivetrain Support Access', true],
    ['  drivetrain   SUPPORT access ', 'Drivetrain Support Access', true],
    ['Learn Amp’s group', "Learn Amp's group", true],
    ['Drivetrain Integration (Custom)', 'Drivetrain Integration', true],
    ['Drivetrain Integration (Custom)', 'Drivetrain Integration (Custom)', true],
    ['Drivetrain Support Access (1)', 'Drivetrain Support Access', true],
    ['Drivetrain Support (old)', 'Drivetrain Support', false],
    ['Drivetrain Support 2', 'Drivetrain Support', false],
    ['Drivetrain Support', 'Drivetrain Support Access', false],
    ['System Administrator', 'Drivetrain Integration', false],
    ['', 'Drivetrain Integration', false],
    ['Drivetrain Integration', '', false],
  ])('%j vs %j → %s', (page, name, want) => {
    expect(sameName(page, name)).toBe(want);
  });
});

describe('own text first, then descendant text without decorations (markup of both consoles)', () => {
  it.each<[string, string, string[]]>([
    // HiBob: a heading with a badge, an edit pencil and a tooltip
    [
      'heading with badge, pencil, tooltip',
      '<h1 class="page-title">Drivetrain Support Access<span class="b-chip badge">Service user</span><b-button><button aria-label="Rename" data-icon-before="edit">✎</button></b-button><span role="tooltip" class="cdk-visually-hidden">Rename group</span></h1>',
      ['Drivetrain Support Access'],
    ],
    // Angular Material menu item with a ligature icon ("deleteDelete" as textContent)
    ['menu item with ligature icon', '<button role="menuitem"><mat-icon class="mat-icon material-icons" aria-hidden="true">delete</mat-icon>Delete</button>', ['Delete']],
    // a name wrapped in a span with a counter next to it
    ['name span and counter', '<a class="group-link"><span class="name">Drivetrain Support Access</span> <span class="member-count">3</span></a>', ['Drivetrain Support Access']],
    // Salesforce classic: assistive "*" and a help orb
    ['classic required label', '<label for="x"><span class="assistiveText">*</span>Profile Name<img class="helpOrb" alt="Help"></label>', ['Profile Name']],
    // Salesforce page description with a "(Custom)" marker in the same text node
    ['page description with (Custom)', '<h2 class="pageDescription"> Drivetrain Integration (Custom)</h2>', ['Drivetrain Integration (Custom)', 'Drivetrain Integration']],
  ])('%s', (_what, html, includes) => {
    const cands = nameCandidates(el(html));
    for (const want of includes) expect(cands).toContain(want);
  });

  it('own text is only the direct text nodes; clean text skips decoration subtrees but keeps inline words', () => {
    const h = el('<h1>Drivetrain <em>Support</em> Access<span class="badge">New</span><svg><text>x</text></svg></h1>');
    expect(ownText(h).replace(/\s+/g, ' ').trim()).toBe('Drivetrain Access');
    expect(cleanText(h).replace(/\s+/g, ' ').trim()).toBe('Drivetrain Support Access');
    expect(hasName(h, 'Drivetrain Support Access')).toBe(true);
  });

  it('a similar name in a decorated heading is still not our name', () => {
    const h = el('<h1>Drivetrain Support Access (old)<span class="badge">Service user</span></h1>');
    expect(hasName(h, 'Drivetrain Support Access')).toBe(false);
    expect(compareNames(nameCandidates(h), 'Drivetrain Support Access')).toBe('similar');
  });

  it('console-specific decorations can be passed as data', () => {
    const h = el('<h1>Drivetrain Support Access<b-status-chip>Active</b-status-chip></h1>');
    expect(cleanText(h).trim()).toBe('Drivetrain Support AccessActive');
    expect(cleanText(h, { decorations: 'b-status-chip' }).trim()).toBe('Drivetrain Support Access');
  });
});

describe('compareNames', () => {
  it.each<[string[], string, string]>([
    [['Drivetrain Support Access'], 'Drivetrain Support Access', 'same'],
    [['Drivetrain Support Access (Custom)'], 'Drivetrain Support Access', 'same'],
    [['Drivetrain Support (old)'], 'Drivetrain Support', 'similar'],
    [['Drivetrain Support 2'], 'Drivetrain Support', 'similar'],
    [['Copy of Drivetrain Integration'], 'Drivetrain Integration', 'similar'],
    [['Drivetrain'], 'Drivetrain Integration', 'similar'],
    [['DT read-only'], 'Drivetrain Support Access', 'different'],
    [['System Administrator'], 'Drivetrain Integration', 'different'],
    [[], 'Drivetrain Integration', 'unreadable'],
    [['  '], 'Drivetrain Integration', 'unreadable'],
  ])('%j vs %j → %s', (names, name, want) => {
    expect(compareNames(names, name)).toBe(want);
  });
});

describe('recognise: id first, then the name rule; other only with positive evidence', () => {
  const at = 1_700_000_000_000;
  const suggested: IdentityRecord = { kind: 'group', name: 'Drivetrain Support Access', how: 'name', at: 0 };
  const created: IdentityRecord = { kind: 'group', name: 'DT read-only', how: 'created', at };
  const withId: IdentityRecord = { kind: 'group', id: '312345', name: 'Drivetrain Support Access', how: 'created', at };
  const asked: IdentityRecord = { kind: 'profile', name: 'DT Readonly', how: 'asked', at };
  it.each<[string, Parameters<typeof recognise>[0], IdentityRecord | null, Parameters<typeof recognise>[2], string]>([
    ['same id', { id: '312345', names: ['Something else entirely'] }, withId, {}, 'same'],
    // Deleted and made again under the same name (ids differ): ask, never refuse for good; the admin's no is kept.
    ['another id, same name', { id: '999999', names: ['Drivetrain Support Access'] }, withId, {}, 'unsure'],
    ['another id, same name, decorated', { id: '999999', names: ['Drivetrain Support AccessCustom', 'drivetrain support access'] }, withId, {}, 'unsure'],
    ['another id, same name, the admin said no to it', { id: '999999', names: ['Drivetrain Support Access'] }, withId, { ids: ['999999'] }, 'other'],
    ['another id, similar name', { id: '999999', names: ['Drivetrain Support Access (old)'] }, withId, {}, 'other'],
    ['another id, another name', { id: '999999', names: ['Admins'] }, withId, {}, 'other'],
    ['our id, page shows no id, decorated name', { names: ['Drivetrain Support Access (Custom)'] }, withId, {}, 'same'],
    ['suggested name, exact', { id: '1', names: ['Drivetrain Support Access'] }, suggested, {}, 'same'],
    ['suggested name, badge stripped by candidates', { id: '1', names: ['Drivetrain Support AccessService user', 'Drivetrain Support Access'] }, suggested, {}, 'same'],
    ['suggested name, similar other object', { id: '2', names: ['Drivetrain Support Access 2'] }, suggested, {}, 'other'],
    ['suggested name, admin-chosen name never seen', { id: '3', names: ['DT read-only'] }, suggested, {}, 'unsure'],
    // Typed, but never seen on its own page (no id): the dialog may have been abandoned; ask, never refuse for good.
    ['typed name never seen saved, clearly different page', { id: '4', names: ['Admins'] }, created, {}, 'unsure'],
    ['typed name never seen saved, similar page', { id: '4', names: ['DT read-only 2'] }, created, {}, 'unsure'],
    ['created and seen (id), clearly different page', { id: '4', names: ['Admins'] }, { ...created, id: '3' }, {}, 'other'],
    ['created name, same page', { id: '5', names: ['dt READ-only'] }, created, {}, 'same'],
    ['asked name recognised', { names: ['DT Readonly (Custom)'] }, asked, {}, 'same'],
    ['built-in object', { id: '6', names: ['System Administrator'] }, suggested, {}, 'other'],
    ['unreadable page', { id: '7', names: [] }, suggested, {}, 'unsure'],
    ['no record at all', { id: '8', names: ['Drivetrain Support Access'] }, null, {}, 'unsure'],
    ['the admin said no to this id', { id: '9', names: ['DT read-only'] }, suggested, { ids: ['9'] }, 'other'],
    ['the admin said no to this name', { names: ['DT read-only'] }, suggested, { names: ['DT read-only'] }, 'other'],
  ])('%s', (_what, page, record, others, want) => {
    const p = _what === 'built-in object' ? { ...page, builtIn: true } : page;
    expect(recognise(p, record, others)).toBe(want);
  });

  it('a suggestion is not confirmed; an id, a creation or an answer is', () => {
    expect(isConfirmed(suggested)).toBe(false);
    expect(isConfirmed(created)).toBe(true);
    expect(isConfirmed(withId)).toBe(true);
    expect(isConfirmed(asked)).toBe(true);
    expect(isConfirmed({ ...suggested, id: 'x' })).toBe(true);
  });

  it('describes how each object was identified, for the checklist', () => {
    expect(describeIdentity(withId, 'permission group')).toBe('permission group “Drivetrain Support Access” (id 312345): Keyhole saw you create it and recognised its pages by id.');
    expect(describeIdentity(asked, 'profile')).toMatch(/you confirmed it/);
    expect(describeIdentity(suggested, 'permission group')).toMatch(/has not seen it yet/);
  });
});
