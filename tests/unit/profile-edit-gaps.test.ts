/**
 * The original-UI profile edit page in the markup the research describes (shared/research/salesforce.md §3.2–3.3:
 * object rows as nested crudTables beside a `th.labelCol`, titles confirmed only for Read, Create and Edit), with
 * the gaps a replica written by someone else found (2026-12-03):
 *   - a box Keyhole cannot name (no title, no label) under a permission heading was skipped, so a ticked View All
 *     was waved through and Save offered: it is now judged as an unknown permission (forbidden when on);
 *   - ticked Connected App Access boxes were ignored: they are reviewed, with their reason, and never block.
 * Each test fails on the build before (the untitled box had no verdict and Save was the target; the app box had none).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startAgent, stopAgents, until } from './agent-page.ts';
import type { ContentMessage } from '../../src/messages.ts';
import type { Finding } from '../../src/format/types.ts';

/** One object row: Read/Create/Edit titled; Delete, View All, Modify All as `titles` says (research: inferred). */
type Titled = 'all' | 'rce' | 'r';
function objectRow(plural: string, on: string[], titled: Titled) {
  const ops = ['Read', 'Create', 'Edit', 'Delete', 'View All', 'Modify All'];
  const cells = ops
    .map((op, i) => {
      const title = titled === 'all' || i < (titled === 'rce' ? 3 : 1) ? ` title="${op} ${plural}"` : '';
      const id = `${plural.toLowerCase()}-${op.replace(' ', '').toLowerCase()}`;
      return `<td class="${i < 4 ? 'crudCol' : 'marvarCol'}"><input type="checkbox" id="${id}"${title}${on.includes(op) ? ' checked' : ''}></td>`;
    })
    .join('');
  return `<th class="labelCol" scope="row">${plural}<a class="helpLink" href="#"><img src="/s.gif" alt="Help" class="helpOrb"></a></th>
    <td class="dataCol"><table class="crudTable"><tbody><tr class="crudTable">${cells}</tr></tbody></table></td>`;
}

const MORE_OBJECTS = ['Contacts', 'Cases', 'Campaigns', 'Contracts', 'Orders', 'Products', 'Price Books', 'Documents', 'Ideas', 'Assets', 'Solutions', 'Quotes'];

function editPage({ accountsOn = ['Read'], outlook = false, titled = 'rce' as Titled, more = false } = {}) {
  return `
  <div class="bPageTitle"><h1 class="pageType">Profile Edit<span class="titleSeparatingColon">:</span></h1>
    <h2 class="pageDescription"> Drivetrain Integration <span class="badge">Custom</span></h2></div>
  <form id="editPage"><div class="pbHeader"><table><tr><td class="pbButton" id="topButtonRow">
    <input class="btn" type="submit" name="save" title="Save" value=" Save "> <input class="btn" type="submit" name="cancel" title="Cancel" value="Cancel"></td></tr></table></div>
  <div class="pbSubheader"><h3>Administrative Permissions<span class="titleSeparatingColon">:</span></h3></div>
  <div class="pbSubsection"><table class="detailList"><tbody>
    <tr><td class="labelCol"><label for="p1">API Enabled</label></td><td class="dataCol"><input type="checkbox" id="p1" checked></td>
        <td class="labelCol"><label for="p2">Api Only User</label></td><td class="dataCol"><input type="checkbox" id="p2" checked></td></tr>
    <tr><td class="labelCol"><label for="p3">View Setup and Configuration</label></td><td class="dataCol"><input type="checkbox" id="p3" checked></td>
        <td class="labelCol"><label for="p4">Modify All Data</label></td><td class="dataCol"><input type="checkbox" id="p4"></td></tr>
  </tbody></table></div>
  <div class="pbSubheader"><h3>Standard Object Permissions<span class="titleSeparatingColon">:</span></h3></div>
  <div class="pbSubsection"><table class="detailList"><tbody>
    <tr><td class="labelCol">&nbsp;</td><td class="dataCol"><table class="crudTable"><tbody>
      <tr><th class="whiteText tertiaryPalette crudCols" colspan="4" scope="col">Basic Access</th><th class="whiteText tertiaryPalette marvarCols" colspan="2" scope="col">Data Administration</th></tr>
      <tr><th class="crudCol" scope="col">Read</th><th class="crudCol" scope="col">Create</th><th class="crudCol" scope="col">Edit</th><th class="crudCol" scope="col">Delete</th><th class="marvarCol" scope="col">View All&nbsp;</th><th class="marvarCol" scope="col">Modify All&nbsp;</th></tr>
    </tbody></table></td></tr>
    <tr>${objectRow('Accounts', accountsOn, titled)}</tr>
    <tr>${objectRow('Opportunities', ['Read'], titled)}</tr>
    <tr>${objectRow('Leads', ['Read'], titled)}</tr>
    ${more ? MORE_OBJECTS.map((o) => `<tr>${objectRow(o, [], titled)}</tr>`).join('') : ''}
  </tbody></table></div>
  <div class="pbSubheader"><h3>Connected App Access<span class="titleSeparatingColon">:</span></h3></div>
  <div class="pbSubsection"><table class="detailList"><tbody>
    <tr><td class="labelCol"><label for="cap1">Salesforce for Outlook</label></td><td class="dataCol"><input type="checkbox" id="cap1"${outlook ? ' checked' : ''}></td></tr>
  </tbody></table></div>
  <div class="pbBottomButtons"><input class="btn" type="submit" name="save" title="Save" value=" Save "></div></form>`;
}

afterEach(stopAgents);

function boot(html: string) {
  const { sent, ...page } = startAgent(html);
  const onSave = () => page.target()?.getAttribute('name') === 'save';
  const lastFindings = (): Finding[] => {
    const f = sent.filter((m): m is Extract<ContentMessage, { kind: 'keyhole/findings' }> => m.kind === 'keyhole/findings').pop();
    return f?.items ?? [];
  };
  return { ...page, onSave, lastFindings };
}

describe('profile edit page, research markup: boxes Keyhole cannot name, and app access', () => {
  it('every box titled: the page is right as it is and Save is the target (the baseline the next tests change)', async () => {
    const { v, onSave } = boot(editPage({ titled: 'all' }));
    await until(onSave);
    expect(onSave()).toBe(true);
    expect(v('#accounts-read')).toBe('ok');
    expect(v('#accounts-viewall')).toBe('ok');
  });

  it('a ticked View All without a title is forbidden (unknown: fail closed), Save is withheld until it is unticked', async () => {
    const { doc, v, target, onSave, lastFindings } = boot(editPage({ accountsOn: ['Read', 'View All'] }));
    await until(() => v('#accounts-viewall') !== null && target() !== null);
    expect(v('#accounts-viewall')).toBe('forbidden');
    expect(onSave()).toBe(false);
    expect(target()?.id).toBe('accounts-viewall');
    // Untitled boxes that are off are fine; titled ones keep their names.
    expect(v('#accounts-modifyall')).toBe('ok');
    expect(v('#accounts-read')).toBe('ok');
    await until(() => lastFindings().some((f) => f.verdict === 'forbidden'));
    const f = lastFindings().find((x) => x.verdict === 'forbidden')!;
    expect(f.label).toBe('a box with no name (row “Accounts”)');
    expect(f.reason).toMatch(/Unknown to Keyhole/);
    (doc.querySelector('#accounts-viewall') as unknown as HTMLInputElement).click();
    await until(onSave);
    expect(v('#accounts-viewall')).toBe('ok');
    expect(onSave()).toBe(true);
  });

  it('an English page whose object grid names only its Read boxes is still readable: unnamed boxes are no evidence of a language', async () => {
    // 15 objects × 5 unnamed boxes against 19 named ones: counted as unknown labels, the page would read as another
    // language (no verdict for the ticked View All, the "switch your language" notice).
    const { v, target, onSave } = boot(editPage({ accountsOn: ['Read', 'View All'], titled: 'r', more: true }));
    await until(() => v('#accounts-viewall') !== null && target() !== null);
    expect(v('#accounts-viewall')).toBe('forbidden');
    expect(v('#contacts-read')).toBe('ok');
    expect(onSave()).toBe(false);
  });

  it('a ticked connected app is reviewed with its reason and never blocks Save', async () => {
    const { v, onSave, lastFindings } = boot(editPage({ titled: 'all', outlook: true }));
    await until(() => onSave() && lastFindings().some((f) => f.name === 'salesforce for outlook'));
    expect(v('#cap1')).toBe('review');
    expect(onSave()).toBe(true);
    const f = lastFindings().find((x) => x.name === 'salesforce for outlook')!;
    expect(f.verdict).toBe('review');
    expect(f.reason).toMatch(/use this app/);
  });
});
