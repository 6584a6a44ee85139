import { beforeEach, describe, expect, it, vi } from 'vitest';
import { describeTarget, locate, locateAll } from '../../src/core/locator.ts';

function page(html: string) {
  document.body.innerHTML = html;
  return document;
}

describe('locator', () => {
  beforeEach(() => (document.body.innerHTML = ''));

  it('finds the Manage button inside the tile titled Service users, not the other tiles', () => {
    const doc = page(`
      <h1>Integrations</h1>
      <div class="tile"><h4>Slack</h4><p>Chat</p><b-button><button>Manage</button></b-button></div>
      <div class="tile"><div class="logo"></div><h4>Service users</h4><p>API access</p><b-button><button> Manage </button></b-button></div>
      <div class="tile"><h4>Okta</h4><b-button><button>Manage</button></b-button></div>`);
    const el = locate({ role: 'button', name: 'Manage', within: { text: 'Service users' } }, doc);
    expect(el?.closest('.tile')?.querySelector('h4')?.textContent).toBe('Service users');
  });

  it('locate by role or CSS stops at its nth match: the same element as locateAll()[nth], the later candidates never read', () => {
    const rows = Array.from({ length: 400 }, (_, i) => `<div><button${i % 7 === 3 ? ' hidden' : ''}>Go ${i % 5}</button><input type="checkbox" title="Box ${i}"></div>`).join('');
    const doc = page(rows);
    const cases = [
      { role: 'button', name: 'Go 2' },
      { role: 'button', name: 'Go 2', nth: 3 },
      { role: 'button', name: 'Go 4', hidden: true, nth: 10 },
      { role: 'checkbox', hidden: true },
      { css: 'button', name: 'Go 1', nth: 2 },
      { role: 'checkbox', css: 'input[title="Box 399"]' },
      { role: 'button', name: 'Go 9' },
    ] as const;
    for (const loc of cases) expect(locate(loc, doc), JSON.stringify(loc)).toBe(locateAll(loc, doc)[(loc as { nth?: number }).nth ?? 0] ?? null);
    // The first "Go 0" is the first button: its name is read, and then no other button's.
    const read = vi.spyOn(Element.prototype, 'getAttribute');
    try {
      locate({ role: 'button', name: 'Go 0', hidden: true }, doc);
      const first = read.mock.calls.length;
      read.mockClear();
      locateAll({ role: 'button', name: 'Go 0', hidden: true }, doc);
      expect(first * 50).toBeLessThan(read.mock.calls.length);
    } finally {
      read.mockRestore();
    }
  });

  it('prefers the smallest container when the anchor text also appears as a page title', () => {
    const doc = page(`
      <h1>Service users</h1>
      <section><div class="tile"><h4>Service users</h4><button>Manage</button></div><div class="tile"><h4>Slack</h4><button>Manage</button></div></section>`);
    const all = locateAll({ role: 'button', name: 'Manage', within: { text: 'Service users' } }, doc);
    expect(all[0].closest('.tile')!.textContent).toContain('Service users');
  });

  it('matches padded classic button values and falls back in order', () => {
    const doc = page(`<td class="pbButton"><input class="btn" type="submit" name="save" title="Save" value=" Save "><input class="btn" type="submit" value="Save &amp; New"></td>`);
    expect(locate({ role: 'button', name: 'Save' }, doc)?.getAttribute('name')).toBe('save');
    const nl = page(`<input class="btn" type="submit" name="save" value=" Opslaan ">`);
    expect(locate([{ role: 'button', name: 'Save' }, { role: 'button', css: 'input[name=save]' }], nl)?.getAttribute('value')).toBe(' Opslaan ');
  });

  it('finds form controls by label, by table-row label cell, and by title', () => {
    const doc = page(`
      <table class="detailList"><tr>
        <td class="labelCol"><label for="x1">Profile Name</label></td><td class="dataCol"><input id="x1" type="text"></td>
        <td class="labelCol">Existing Profile</td><td class="dataCol"><select><option>Read Only</option></select></td>
      </tr></table>
      <table class="crudTable"><tr><td class="crudCol"><input type="checkbox" title="Read Accounts"></td></tr></table>`);
    expect(locate({ role: 'textbox', label: 'Profile Name:' }, doc)?.id).toBe('x1');
    expect(locate({ role: 'combobox', label: 'Existing Profile' }, doc)?.tagName).toBe('SELECT');
    expect(locate({ role: 'checkbox', name: 'Read Accounts' }, doc)?.getAttribute('title')).toBe('Read Accounts');
  });

  it('skips hidden controls unless asked', () => {
    const doc = page(`<div hidden><button>Create</button></div><button>Cancel</button>`);
    expect(locate({ role: 'button', name: 'Create' }, doc)).toBeNull();
    expect(locate({ role: 'button', name: 'Create', hidden: true }, doc)).not.toBeNull();
  });

  it('restricts to dialogs', () => {
    const doc = page(`<button>Create</button><div class="cdk-overlay-container"><div role="dialog"><button>Create</button></div></div>`);
    expect(locate({ role: 'button', name: 'Create', inDialog: true }, doc)?.closest('[role=dialog]')).not.toBeNull();
  });

  it('describes a target in words for the "cannot find" message', () => {
    expect(describeTarget({ role: 'button', name: 'Manage', within: { text: 'Service users' } })).toBe('the button “Manage” near “Service users”');
  });
});

describe('a field label tied to nothing', () => {
  beforeEach(() => (document.body.innerHTML = ''));

  it('names the field written after it (bob-style bfe-label without for), not a box, not a field past another control', () => {
    document.body.innerHTML = `
      <div role="dialog">
        <h2>Add members</h2>
        <div class="bfe-field"><bfe-label class="bfe-label">Display name</bfe-label><div class="bfe-wrap"><input type="text" id="n1"></div></div>
        <b-multi-select><span class="bfe-label">Select service users</span><div class="bfe-wrap"><input role="combobox" id="su" aria-expanded="false"></div></b-multi-select>
        <div><span>Notify</span><input type="checkbox" id="box"></div>
        <div><label for="elsewhere">Members</label><input type="text" id="x"></div>
      </div>`;
    expect(locate({ role: 'combobox', label: 'Select service users', inDialog: true }, document)?.id).toBe('su');
    expect(locate({ role: 'textbox', label: 'Display name', inDialog: true }, document)?.id).toBe('n1');
    // A box is never named by a neighbour's words; a label[for] another control's is not this field's.
    expect(locate({ role: 'checkbox', label: 'Notify', hidden: true }, document)).toBeNull();
    expect(locate({ role: 'textbox', label: 'Members', inDialog: true }, document)).toBeNull();
  });
});
