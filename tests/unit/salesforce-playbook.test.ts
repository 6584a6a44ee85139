// Salesforce playbook knowledge in happy-dom: rules (required / forbidden / review), the strict "shown checked"
// row checks used on read-only pages, and the step chosen on the user detail and enhanced Object Settings pages.
import { describe, expect, it } from 'vitest';
import { resolve, stepsForUrl } from '../../src/core/resolver.ts';
import { classify } from '../../src/core/validator.ts';
import { catalogNamed } from '../../src/consoles/catalogs.ts';
import { evaluate } from '../../src/core/conditions.ts';
import { builtinPlaybooks } from '../../src/builtins.ts';
import { instantiate, defaultParams } from '../../src/core/instantiate.ts';
import { PlaybookSchema } from '../../src/format/schema.ts';
import { shownChecked, shownUnchecked } from '../../src/consoles/salesforce/pages.ts';
import { seeObjects, withIdentity } from '../../src/core/objects.ts';

const sf = (() => {
  const pb = builtinPlaybooks().find((p) => p.id === 'drivetrain-salesforce-support')!;
  return instantiate(pb, defaultParams(pb));
})();
const step = (id: string) => sf.steps.find((s) => s.id === id)!;

function at(url: string, html: string) {
  document.body.innerHTML = html;
  const u = new URL(url);
  const base = { doc: document, url: u };
  return { ...withIdentity(base, seeObjects(sf, base)), steps: stepsForUrl(sf, u) };
}

const img = (on: boolean) => `<img class="checkImg" alt="${on ? 'Checked' : 'Not Checked'}" title="${on ? 'Checked' : 'Not Checked'}">`;
const USER_DETAIL = (active: boolean, frozen: boolean, profile = 'Drivetrain Integration') => `
  <div class="bPageTitle"><h1 class="pageType">User</h1><h2 class="pageDescription">Drivetrain Support</h2></div>
  <td class="pbButton"><input class="btn" name="edit" type="button" value=" Edit ">
  <input class="btn" name="${frozen ? 'unfreeze' : 'freeze'}" type="submit" value=" ${frozen ? 'Unfreeze' : 'Freeze'} "></td>
  <table class="detailList"><tbody>
    <tr><td class="labelCol">Email</td><td class="dataCol">dp@drivetrain.ai</td><td class="labelCol">Profile</td><td class="dataCol"><a href="/00e000000000002">${profile}</a></td></tr>
    <tr><td class="labelCol">Username</td><td class="dataCol">dp@drivetrain.ai.acme</td><td class="labelCol">Active</td><td class="dataCol">${img(active)}</td></tr>
    <tr><td class="labelCol">Nickname</td><td class="dataCol">dp</td><td class="labelCol">Marketing User</td><td class="dataCol">${img(false)}</td></tr>
  </tbody></table>`;
const USER_URL = 'https://acme.my.salesforce.com/005000000000001?noredirect=1&isUserEntityOverride=1';

describe('Salesforce playbook', () => {
  it('is a valid playbook', () => {
    const r = PlaybookSchema.safeParse(builtinPlaybooks().find((p) => p.id === 'drivetrain-salesforce-support'));
    expect(r.success).toBe(true);
  });

  it('classifies what a Read Only clone brings', () => {
    const check = step('profile-permissions').permissions!;
    const objects = 'standard object permissions';
    expect(classify('api enabled', check).kind).toBe('required');
    expect(classify('api only user', check).kind).toBe('required');
    expect(classify('read accounts', check, undefined, objects).kind).toBe('required');
    expect(classify('read opportunities', check, undefined, objects).reason).toMatch(/Opportunity History/);
    expect(classify('edit accounts', check, undefined, objects).kind).toBe('forbidden');
    expect(classify('modify all leads', check, undefined, objects).kind).toBe('forbidden');
    for (const p of ['modify all data', 'view all data', 'manage users', 'customize application', 'author apex']) {
      expect(classify(p, check).kind).toBe('forbidden');
    }
    const contacts = classify('read contacts', check, undefined, objects);
    expect(contacts.kind).toBe('other');
    expect(contacts.reason).toMatch(/did not ask/);
    expect(classify('export reports', check).reason).toMatch(/Reports/);
    // Judged by the catalog (the check names it): what the rules do not name is judged by what it grants.
    const cat = catalogNamed(check.catalog);
    expect(check.catalog).toBe('salesforce');
    expect(classify('view all users', check, undefined, '', cat)).toMatchObject({ kind: 'forbidden', effect: 'admin', reason: expect.stringMatching(/no “Users” object checkbox/) });
    for (const p of ['apex rest services', 'send outbound messages', 'edit opportunity product sales price']) {
      expect(classify(p, check, undefined, 'administrative permissions', cat), p).toMatchObject({ kind: 'forbidden', effect: 'write' });
    }
    expect(classify('read contacts', check, undefined, objects, cat)).toMatchObject({ kind: 'other', effect: 'read', reason: expect.stringMatching(/did not ask/) });
    expect(classify('chatter internal user', check, undefined, '', cat)).toMatchObject({ kind: 'other', effect: 'self-service' });
    expect(classify('frobnicate widgets', check, undefined, '', cat)).toMatchObject({ kind: 'forbidden', effect: 'unknown', reason: expect.stringMatching(/Unknown to Keyhole/) });
    expect(classify('manage quantum widgets', check, undefined, 'administrative permissions', cat)).toMatchObject({ kind: 'forbidden', effect: 'unknown' });
    expect(classify('frobnicate widgets', check, undefined, '', cat, false).kind).toBe('unverified');
    // Field-level Edit writes (stricter than before: it becomes live as soon as any permission set grants object Edit).
    const fls = step('object-opportunity').permissions!;
    const flsGroup = fls.groups.find((g) => g.ignoreOthers);
    expect(classify('edit access amount', fls, flsGroup, 'field permissions', cat)).toMatchObject({ kind: 'forbidden', effect: 'write' });
    expect(classify('read access amount', fls, flsGroup, 'field permissions', cat).kind).toBe('ignored');
  });

  it('offers Minimum Access - Salesforce as the stricter base, with the difference, by a parameter', () => {
    const raw = builtinPlaybooks().find((p) => p.id === 'drivetrain-salesforce-support')!;
    expect(raw.params.baseProfile.default).toBe('Read Only');
    const base = step('clone-base');
    expect(base.title).toBe('Base it on Read Only');
    expect(base.why).toMatch(/stricter choice is “Minimum Access - Salesforce”.*starts with 5 permissions on and no object access/);
    const strict = instantiate(raw, { ...defaultParams(raw), baseProfile: 'Minimum Access - Salesforce' });
    const s = strict.steps.find((x) => x.id === 'clone-base')!;
    expect(s.instruction).toBe('In Existing Profile, choose “Minimum Access - Salesforce”.');
    expect(s.complete).toEqual({ value: expect.anything(), equals: 'Minimum Access - Salesforce' });
    expect(strict.steps.find((x) => x.id === 'profile-permissions')!.permissions!.reviewFrom).toBe('Minimum Access - Salesforce');
  });

  it('reads a read-only checkbox image by its own row only (Active, not a neighbour)', () => {
    document.body.innerHTML = USER_DETAIL(true, false);
    const ctx = { doc: document, url: new URL(USER_URL) };
    expect(evaluate({ exists: shownUnchecked('Active') }, ctx)).toBe(false);
    expect(evaluate({ exists: shownChecked('Active') }, ctx)).toBe(true);
    document.body.innerHTML = USER_DETAIL(false, true);
    expect(evaluate({ exists: shownUnchecked('Active') }, ctx)).toBe(true);
  });

  it('revoke on the user detail page: Freeze, then Edit, then nothing; never on another user', () => {
    let a = at(USER_URL, USER_DETAIL(true, false));
    expect(resolve(a.steps, a).current?.id).toBe('revoke-freeze');
    a = at(USER_URL, USER_DETAIL(true, true));
    expect(resolve(a.steps, a).current?.id).toBe('revoke-edit-user');
    a = at(USER_URL, USER_DETAIL(false, true));
    const done = resolve(a.steps, a);
    expect(done.current).toBeNull();
    expect(done.evidenced.map((e) => e.step.id)).toContain('revoke-save');
    a = at(USER_URL, USER_DETAIL(true, false, 'System Administrator'));
    expect(resolve(a.steps, a).current).toBeNull();
  });

  it('enhanced Object Settings: a read-only object moves on to the next object, a writable one asks for Edit', () => {
    const page = (read: boolean, edit: boolean) => `
      <h2 class="pageDescription">Drivetrain Integration</h2>
      <input type="text" placeholder="Find Settings..." title="Find Settings...">
      <div class="pbHeader"><table><tr><td class="pbTitle"><h2 class="mainTitle">Accounts</h2></td><td><input class="btn" name="edit" type="button" value=" Edit "></td></tr></table></div>
      <table class="pc_objectPermissions"><tbody>
        <tr><td class="labelCol">Read</td><td class="dataCol">${img(read)}</td></tr>
        <tr><td class="labelCol">Create</td><td class="dataCol">${img(false)}</td></tr>
        <tr><td class="labelCol">Edit</td><td class="dataCol">${img(edit)}</td></tr>
      </tbody></table>`;
    const url = 'https://acme.my.salesforce-setup.com/00e000000000002?s=ObjectsAndTabs&o=Account';
    let a = at(url, page(true, true));
    expect(resolve(a.steps, a).current?.id).toBe('edit-object-account');
    a = at(url, page(true, false));
    expect(resolve(a.steps, a).current?.id).toBe('open-object-opportunity');
  });
});
