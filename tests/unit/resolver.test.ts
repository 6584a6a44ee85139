import { describe, expect, it } from 'vitest';
import { resolve, stepsForUrl } from '../../src/core/resolver.ts';
import { builtinPlaybooks } from '../../src/builtins.ts';
import { instantiate, defaultParams } from '../../src/core/instantiate.ts';
import { SHELL_EXCLUDES } from '../../src/consoles/hosts.ts';

const sf = (() => {
  const pb = builtinPlaybooks().find((p) => p.id === 'drivetrain-salesforce-support')!;
  return instantiate(pb, defaultParams(pb));
})();

function at(url: string, html: string) {
  document.body.innerHTML = html;
  const u = new URL(url);
  return { doc: document, url: u, steps: stepsForUrl(sf, u) };
}

const LIST = (extra = '') => `
  <div class="bPageTitle"><h1 class="pageType">Profiles</h1></div>
  <input class="btn" type="button" value=" New Profile " title="New Profile">
  <input class="btn" type="button" value=" Create New View ">
  <table class="list"><tr><th>Action</th><th>Profile Name</th></tr>
    <tr><td><a href="/00e000000000001/e">Edit</a></td><td><a href="/00e000000000001">System Administrator</a></td></tr>
    ${extra}
  </table>`;

describe('step resolver', () => {
  it('has no step for pages outside the playbook (a record page, the Lightning shell)', () => {
    expect(stepsForUrl(sf, new URL('https://acme.lightning.force.com/lightning/r/Account/001000000000001AAA/view'))).toHaveLength(0);
    expect(stepsForUrl(sf, new URL('https://acme.lightning.force.com/lightning/setup/EnhancedProfiles/home'))).toHaveLength(0);
  });

  it('no built-in step is on an app shell the manifest keeps the content script out of (SHELL_EXCLUDES)', () => {
    // The shell's paths, as the manifest excludes them, with the URLs Lightning Setup really shows (research §2).
    const shellUrls = SHELL_EXCLUDES.flatMap((p) => {
      const host = new URL(p.replace('*.', 'acme.').replace(/\*$/, '')).host;
      return ['/lightning/setup/EnhancedProfiles/home', '/lightning/setup/EnhancedProfiles/page?address=%2F00e000000000001', '/lightning/setup/ManageUsers/home', '/lightning/r/Account/001000000000001AAA/view'].map((path) => new URL(`https://${host}${path}`));
    });
    expect(shellUrls).toHaveLength(8);
    for (const pb of builtinPlaybooks().map((p) => instantiate(p, defaultParams(p)))) for (const url of shellUrls) expect(stepsForUrl(pb, url), `${pb.id} ${url.href}`).toHaveLength(0);
    // …and the framed pages on those hosts do have steps (the exclusion keeps only the shell out).
    expect(stepsForUrl(sf, new URL('https://acme.my.salesforce-setup.com/00e?isdtp=p1')).length).toBeGreaterThan(0);
  });

  it('on the profiles list guides to New Profile, or to the existing profile when it is there', () => {
    const a = at('https://acme.my.salesforce.com/00e?setupid=EnhancedProfiles&isdtp=p1', LIST());
    expect(resolve(a.steps, a).current?.id).toBe('new-profile');
    const b = at(
      'https://acme.my.salesforce.com/00e?setupid=EnhancedProfiles',
      LIST(`<tr><td><a href="/00e000000000002/e">Edit</a></td><td><a href="/00e000000000002">Drivetrain Integration</a></td></tr>`),
    );
    const r = resolve(b.steps, b);
    expect(r.current?.id).toBe('open-profile');
    expect(r.satisfied.map((s) => s.id)).toContain('new-profile');
  });

  it('picks up the clone form wherever the admin is in it', () => {
    const form = (base: string, name: string) => `
      <table class="detailList"><tr><td class="labelCol"><label for="p1">Existing Profile</label></td>
      <td class="dataCol"><select id="p1"><option value="">--None--</option><option ${base === 'Read Only' ? 'selected' : ''}>Read Only</option><option>Standard User</option></select></td></tr>
      <tr><td class="labelCol"><label for="n1">Profile Name</label></td><td class="dataCol"><input id="n1" type="text" value="${name}"></td></tr></table>
      <input class="btn" type="submit" name="save" value=" Save ">`;
    const url = 'https://acme.my.salesforce.com/00e/e?retURL=%2F00e';
    let p = at(url, form('', ''));
    expect(resolve(p.steps, p).current?.id).toBe('clone-base');
    p = at(url, form('Read Only', ''));
    expect(resolve(p.steps, p).current?.id).toBe('profile-name');
    p = at(url, form('Read Only', 'Drivetrain Integration'));
    expect(resolve(p.steps, p).current?.id).toBe('save-profile');
    p = at(url, form('', 'Drivetrain Integration'));
    expect(resolve(p.steps, p).current?.id).toBe('clone-base');
  });

  it('guides to Minimum Access when the org has no Read Only profile', () => {
    const p = at(
      'https://acme.my.salesforce.com/00e/e',
      `<label for="p1">Existing Profile</label><select id="p1"><option value="">--None--</option><option>Minimum Access - Salesforce</option><option>Standard User</option></select>`,
    );
    expect(resolve(p.steps, p).current?.id).toBe('clone-base-minimum');
  });
});
