// The guide data (permission catalogs, overlay styles) is published beside the active playbook, under a key of its
// own, through the real background worker: every console page reads the active playbook at load, and the Salesforce
// catalog alone is ~375 kB of JSON, so it must not ride along, nor be written again on every identity update.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeBrowser, senders } from './security-browser-fake.ts';

const fake = vi.hoisted(() => ({ current: null as unknown as ReturnType<typeof createFakeBrowser> }));
vi.mock('webextension-polyfill', async () => {
  const { createFakeBrowser } = await import('./security-browser-fake.ts');
  fake.current = createFakeBrowser();
  return { default: fake.current.browser };
});

const { STORAGE, guideStamp } = await import('../../src/messages.ts');
const { guideFor, overlayCssOf } = await import('../../content-scripts/guide-data.ts');
const { catalogsOf } = await import('../../src/consoles/catalog-data.ts');
await import('../../background/service-worker.ts');

const F = () => fake.current;
const SF = 'drivetrain-salesforce-support';
const HB = 'drivetrain-hibob-support';
const popup = (msg: unknown) => F().send(msg, senders.popup());
const fromPage = (msg: unknown) => F().send(msg, senders.contentScript('https://acme.my.salesforce.com/00e?setupid=EnhancedProfiles'));
const active = () => structuredClone(F().data[STORAGE.active]) as any;
const guide = () => structuredClone(F().data[STORAGE.guide]) as any;
const guideWrites = () => F().writes.filter((w) => STORAGE.guide in w).length;

beforeEach(() => {
  F().setJitter(false);
});

describe('guide data beside the active playbook', () => {
  it('a run publishes its catalogs once, under their own key, stamped with the run; identity updates do not rewrite them', async () => {
    await popup({ kind: 'keyhole/start', playbookId: SF });
    const a = active();
    expect(a.playbook.id).toBe(SF);
    expect('catalogs' in a || 'overlayCss' in a).toBe(false); // the value every console page reads stays small
    expect(JSON.stringify(a).length).toBeLessThan(100_000);
    const g = guide();
    expect(g.for).toBe(guideStamp(a));
    expect(Object.keys(catalogsOf(guideFor(g, a)))).toEqual(['salesforce']);
    expect(typeof overlayCssOf({ ...guideFor(g, a) as object, overlayCss: '.ring{}' })).toBe('string');
    const before = guideWrites();
    const kind = Object.keys(a.playbook.objects ?? {})[0];
    expect(kind).toBeTruthy();
    expect(await fromPage({ kind: 'keyhole/identity', playbookId: SF, object: kind, record: { name: 'Drivetrain Integration', how: 'created' } })).toMatchObject({ ok: true });
    await vi.waitFor(() => expect(active().identities?.[kind]?.name).toBe('Drivetrain Integration'));
    expect(guideWrites()).toBe(before); // the active playbook was published again, its ~375 kB of catalogs were not
  });

  it('another run publishes its own; a content script uses only the data stamped for its run (else none: fail closed)', async () => {
    await popup({ kind: 'keyhole/start', playbookId: HB });
    const a = active();
    expect(a.playbook.id).toBe(HB);
    expect(Object.keys(catalogsOf(guideFor(guide(), a)))).toEqual(['hibob']);
    // Data stamped for another run (a stale value, a run started since): nothing, so its checks fail closed.
    const stale = { ...guide(), for: `${SF}@1` };
    expect(guideFor(stale, a)).toBeUndefined();
    expect(catalogsOf(guideFor(stale, a))).toEqual({});
    expect(guideFor(undefined, a)).toBeUndefined();
    expect(guideFor('catalogs', a)).toBeUndefined();
  });

  it('stopping removes both', async () => {
    await popup({ kind: 'keyhole/stop' });
    await vi.waitFor(() => expect(F().data[STORAGE.active]).toBeUndefined());
    expect(F().data[STORAGE.guide]).toBeUndefined();
    // Started again: published again (the worker forgot what it had published).
    await popup({ kind: 'keyhole/start', playbookId: SF });
    expect(guide().for).toBe(guideStamp(active()));
  });
});
