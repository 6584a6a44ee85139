/**
 * The permission catalogs reach the content script as data, published by the background beside the active playbook
 * (issue 13: the content script no longer bundles them). What arrives is checked field by field; a check whose
 * catalog is absent or malformed fails closed: unknown labels get no verdict, Save is never the target, the
 * snapshot says "not verified". Never "fine" for want of data.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { frames, startAgent, stopAgents } from './agent-page.ts';
import { overlayCssOf } from '../../content-scripts/guide-data.ts';
import { guideDataFor } from '../../background/publish-guide.ts';
import { builtinPlaybooks } from '../../src/builtins.ts';
import { defaultParams, instantiate } from '../../src/core/instantiate.ts';
import { catalogFor, catalogsOf, isCatalog, readCatalogs, type Catalogs } from '../../src/consoles/catalog-data.ts';
import { catalogNamed } from '../../src/consoles/catalogs.ts';
import { publishedCatalogs } from './published-catalogs.ts';

const playbook = (id: string) => {
  const pb = builtinPlaybooks().find((p) => p.id === id)!;
  return instantiate(pb, defaultParams(pb));
};
const sf = playbook('drivetrain-salesforce-support');
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('catalogs published beside the active playbook', () => {
  it('each built-in playbook carries exactly the catalogs its checks name, intact through storage', () => {
    expect(Object.keys(publishedCatalogs(sf))).toEqual(['salesforce']);
    expect(publishedCatalogs(sf).salesforce).toEqual(clone(catalogNamed('salesforce')));
    const hb = playbook('drivetrain-hibob-support');
    expect(Object.keys(publishedCatalogs(hb))).toEqual(['hibob']);
    expect(publishedCatalogs(hb).hibob).toEqual(clone(catalogNamed('hibob')));
  });

  it('the overlay stylesheet travels with it (its text is checked in the build: bundle-size.test.ts)', () => {
    const published = clone(guideDataFor({ playbook: sf, startedAt: 0 }));
    expect(typeof published.overlayCss).toBe('string'); // vitest does not load CSS: the text is empty here
    expect(overlayCssOf({ ...published, overlayCss: '.ring{outline:3px solid}' })).toBe('.ring{outline:3px solid}');
    expect(overlayCssOf({ playbook: sf })).toBeUndefined();
    expect(overlayCssOf({ overlayCss: 42 })).toBeUndefined();
  });

  it('refuses malformed catalogs, whole', () => {
    const good = clone(catalogNamed('salesforce')!);
    expect(isCatalog(good)).toBe(true);
    const broken: Array<[string, (c: Record<string, unknown> & typeof good) => void]> = [
      ['an effect Keyhole does not know', (c) => ((c.entries[0] as { effect: string }).effect = 'fine')],
      ['no entries', (c) => (c.entries = [] as never)],
      ['entries not a list', (c) => (c.entries = {} as never)],
      ['an entry without a label', (c) => delete (c.entries[3] as { label?: string }).label],
      ['a pattern that does not compile', (c) => ((c.patterns![0] as { regex: string }).regex = '(unclosed')],
      ['a translation that is not text', (c) => ((c.translations as Record<string, Record<string, unknown>>).ja = { ModifyAllData: 7 })],
      ['no language', (c) => delete (c as { language?: string }).language],
    ];
    for (const [why, damage] of broken) {
      const c = clone(good) as typeof good & Record<string, unknown>;
      damage(c);
      expect(isCatalog(c), why).toBe(false);
      expect(readCatalogs({ salesforce: c }), why).toEqual({});
    }
    expect(readCatalogs('salesforce')).toEqual({});
    expect(catalogsOf({ playbook: sf })).toEqual({});
  });

  it('catalogFor: undefined when a check names none, null when it names one that did not arrive', () => {
    const got = publishedCatalogs(sf);
    expect(catalogFor(got, undefined)).toBeUndefined();
    expect(catalogFor(got, 'salesforce')).toBe(got.salesforce);
    expect(catalogFor(got, 'hibob')).toBeNull();
    expect(catalogFor(got, 'toString')).toBeNull();
  });
});

// A Salesforce profile edit page with a few boxes (the agent test's page, cut down).
const EDIT_PAGE = `
  <h1 class="pageType">Profile Edit</h1><h2 class="pageDescription">Drivetrain Integration</h2>
  <table class="detailList"><tr><td class="labelCol"><label for="n">Profile Name</label></td><td class="dataCol"><input id="n" type="text" value="Drivetrain Integration"></td></tr></table>
  <div class="pbSubheader"><h3>Administrative Permissions<span class="titleSeparatingColon">:</span></h3></div>
  <table class="detailList"><tr>
    <td class="labelCol"><label for="a1">API Enabled</label></td><td class="dataCol"><input type="checkbox" id="a1" checked></td>
    <td class="labelCol"><label for="a2">Api Only User</label></td><td class="dataCol"><input type="checkbox" id="a2" checked></td></tr>
    <tr><td class="labelCol"><label for="a3">View Setup and Configuration</label></td><td class="dataCol"><input type="checkbox" id="a3" checked></td>
    <td class="labelCol"><label for="a5">Send Outbound Messages</label></td><td class="dataCol"><input type="checkbox" id="a5" checked></td></tr>
    <tr><td class="labelCol"><label for="a6">Apex REST Services</label></td><td class="dataCol"><input type="checkbox" id="a6" checked></td></tr></table>
  <div class="pbSubheader"><h3>Standard Object Permissions</h3></div>
  <table class="crudTable"><tr>
    <th class="labelCol" scope="row">Accounts</th><td class="crudCol"><input type="checkbox" title="Read Accounts" checked></td>
    <th class="labelCol" scope="row">Opportunities</th><td class="crudCol"><input type="checkbox" title="Read Opportunities" checked></td>
    <th class="labelCol" scope="row">Leads</th><td class="crudCol"><input type="checkbox" title="Read Leads" checked></td>
  </tr></table>
  <td class="pbButton"><input class="btn" type="submit" name="save" value=" Save "><input class="btn" type="submit" name="cancel" value="Cancel"></td>`;

afterEach(stopAgents);

async function visit(catalogs: Catalogs) {
  const page = startAgent(EDIT_PAGE, { catalogs });
  await frames(page.win);
  await new Promise((r) => setTimeout(r, 50));
  await frames(page.win);
  return page;
}

describe('a check whose catalog did not arrive fails closed', () => {
  it('with the published catalog: writes only the catalog knows are forbidden; once unticked, Save is the target', async () => {
    const { win, doc, v, target } = await visit(publishedCatalogs(sf));
    expect(v('#a5')).toBe('forbidden');
    expect(v('#a6')).toBe('forbidden');
    (doc.querySelector('#a5') as unknown as HTMLInputElement).click();
    (doc.querySelector('#a6') as unknown as HTMLInputElement).click();
    await frames(win);
    expect(v('#a5')).toBe('ok');
    expect(target()?.getAttribute('name')).toBe('save');
  });

  for (const [why, catalogs] of [
    ['absent', {}],
    ['malformed', readCatalogs({ salesforce: { ...clone(catalogNamed('salesforce')!), entries: [{ key: 'x', label: 'Manage Users', effect: 'fine' }] } })],
  ] as const) {
    it(`catalog ${why}: unknown labels get no verdict, Save is never the target, the snapshot is not verified`, async () => {
      const { win, doc, sent, v, target } = await visit(catalogs);
      // Labels only the catalog could judge: no verdict at all (never "ok", never "review"); the playbook's own
      // rules still judge what they name (API Enabled required, View Setup and Configuration reviewed).
      expect(v('#a5')).toBeNull();
      expect(v('#a6')).toBeNull();
      expect(v('#a1')).toBe('ok');
      expect(target()?.getAttribute('name') ?? '').not.toBe('save');
      (doc.querySelector('#a5') as unknown as HTMLInputElement).click();
      (doc.querySelector('#a6') as unknown as HTMLInputElement).click();
      await frames(win);
      expect(v('#a5')).toBeNull();
      expect(target()?.getAttribute('name') ?? '').not.toBe('save');
      await new Promise((r) => setTimeout(r, 500)); // the snapshot is throttled (findings-reporter.ts)
      const snap = [...sent].reverse().find((m) => m.kind === 'keyhole/findings');
      expect(snap && 'unverified' in snap ? snap.unverified : 0).toBeGreaterThan(0);
    });
  }
});
