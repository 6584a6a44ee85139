// Fuzz the playbook importer: thousands of mutated playbook JSONs (structure and text mutations of the
// built-in playbooks and the documented example). Every one is accepted or rejected with "path: message"
// errors; nothing throws; an accepted playbook round-trips through storage unchanged and runs through the
// guide's pure pipeline; a rejected one leaves storage byte-for-byte as it was (never half-imported).
// Deterministic: the seed is fixed (FUZZ_SEED=… to try others; FUZZ_N=… for more cases).
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { senders } from './security-browser-fake.ts';

const fake = vi.hoisted(() => ({ current: null as unknown as import('./security-browser-fake.ts').FakeBrowser }));
vi.mock('webextension-polyfill', async () => {
  const { createFakeBrowser } = await import('./security-browser-fake.ts');
  fake.current = createFakeBrowser();
  return { default: fake.current.browser };
});

const { parsePlaybook } = await import('../../src/format/schema.ts');
const { BUILTIN_PLAYBOOKS } = await import('../../src/grantees/index.ts');
const { defaultParams, instantiate } = await import('../../src/core/instantiate.ts');
const { buildChecklist, checklistMarkdown } = await import('../../src/progress/checklist.ts');
const { resolve, stepsForUrl } = await import('../../src/core/resolver.ts');
const { STORAGE } = await import('../../src/messages.ts');
await import('../../background/service-worker.ts');
const { readFileSync } = await import('node:fs');

const SEED = Number(process.env.FUZZ_SEED ?? 20251120);
const N = Number(process.env.FUZZ_N ?? 2000);
const N_TEXT = Math.round(N / 2);
const N_IMPORT = Math.round(N / 15);

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = prng(SEED);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
const int = (n: number) => Math.floor(rand() * n);

const SEEDS: unknown[] = [...BUILTIN_PLAYBOOKS.map((p) => JSON.parse(JSON.stringify(p))), JSON.parse(readFileSync('docs/examples/acme-bi-hibob-readonly.json', 'utf8'))];

const STRINGS = [
  '', ' ', '\u0000', 'x', 'grant', 'revoke', 'notify', 'button', 'checkbox', '1.0.0', 'v2', '9.9.9', 'constructor', '__proto__', 'prototype',
  '<img src=x onerror=alert(1)>', '</script><script>alert(1)</script>', '{{origin}}', '{{nope}}', '{{ profileName }}', '(', '[', '\\', '*', '(a+)+$',
  '#j_id0:save', '[id^=j_id]', 'a'.repeat(5000), '\u202e\u200b', '😀', 'https://evil.example/x.js', 'javascript:alert(1)', 'drivetrain-hibob-support',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlc2lnbmF0dXJl', '00D5g000001AbCd!AQ4AQFakeSessionId',
];
const NUMBERS = [0, -1, 1, 7, 365, 366, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2];

function randomValue(depth = 0): unknown {
  switch (int(depth > 3 ? 4 : 8)) {
    case 0: return pick(STRINGS);
    case 1: return pick(NUMBERS);
    case 2: return rand() < 0.5;
    case 3: return null;
    case 4: return [];
    case 5: return {};
    case 6: return Array.from({ length: 1 + int(3) }, () => randomValue(depth + 1));
    default: return Object.fromEntries(Array.from({ length: 1 + int(3) }, () => [pick(['id', 'role', 'name', 'css', 'not', 'all', 'exists', 'x', '__proto__', 'constructor', 'steps', 'match']), randomValue(depth + 1)]));
  }
}

type Container = Record<string, unknown> | unknown[];
/** Every (container, key) slot of a JSON tree. */
function slots(root: unknown): Array<[Container, string | number]> {
  const out: Array<[Container, string | number]> = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach((x, i) => (out.push([v, i]), walk(x)));
    else if (v && typeof v === 'object') for (const k of Object.keys(v)) out.push([v as Record<string, unknown>, k]), walk((v as Record<string, unknown>)[k]);
  };
  walk(root);
  return out;
}

function mutate(root: unknown): unknown {
  const doc = structuredClone(root) as Record<string, unknown>;
  const times = 1 + int(4);
  for (let t = 0; t < times; t++) {
    const all = slots(doc);
    const [c, k] = pick(all);
    const v = (c as Record<string | number, unknown>)[k];
    switch (int(40) === 0 ? 9 : int(11)) {
      case 0: // delete
        if (Array.isArray(c)) c.splice(k as number, 1);
        else delete c[k as string];
        break;
      case 1: // replace with a random value
      case 2:
        (c as Record<string | number, unknown>)[k] = randomValue();
        break;
      case 3: // duplicate an array element (duplicate ids)
        if (Array.isArray(c)) c.splice(k as number, 0, structuredClone(v));
        break;
      case 4: // swap with another array element (revoke steps no longer last, …)
        if (Array.isArray(c) && c.length > 1) {
          const j = int(c.length);
          [c[k as number], c[j]] = [c[j], c[k as number]];
        }
        break;
      case 5: // unknown key
        if (!Array.isArray(c) && v && typeof v === 'object' && !Array.isArray(v)) (v as Record<string, unknown>)[pick(['extra', 'onclick', 'script', '__proto__', 'constructor'])] = randomValue();
        break;
      case 6: // rename a key
        if (!Array.isArray(c)) {
          delete c[k as string];
          c[pick([`${String(k)}s`, String(k).toUpperCase(), '__proto__', 'constructor', ''])] = v;
        }
        break;
      case 7: // string tweaks
        if (typeof v === 'string') (c as Record<string | number, unknown>)[k] = pick([v + pick(STRINGS), v.slice(0, int(v.length + 1)), v.toUpperCase(), `{{${v}}}`, v.replace(/-/g, '_')]);
        break;
      case 8: // number tweaks, or type change
        (c as Record<string | number, unknown>)[k] = typeof v === 'number' ? pick([v + 1, -v, v * 1000, v + 0.5]) : typeof v === 'string' ? v.length : String(v);
        break;
      case 9: // deep nesting (rare: it is slow to check)
        (c as Record<string | number, unknown>)[k] = Array.from({ length: 100 + int(2000) }).reduce((acc) => ({ not: acc }), { exists: { role: 'button' } });
        break;
      default: // emptied arrays and objects
        if (int(2)) (c as Record<string | number, unknown>)[k] = randomValue();
        else if (Array.isArray(v)) (c as Record<string | number, unknown>)[k] = [];
        else if (v && typeof v === 'object') (c as Record<string | number, unknown>)[k] = {};
        break;
    }
  }
  return doc;
}

function mutateText(text: string): string {
  switch (int(6)) {
    case 0: return text.slice(0, int(text.length));
    case 1: { const i = int(text.length); return text.slice(0, i) + pick(['{', '}', '"', ',', ':', '\\', '\u0000', ']', 'null', 'NaN', '\ud800']) + text.slice(i); }
    case 2: { const i = int(text.length); return text.slice(0, i) + text.slice(i + 1 + int(20)); }
    case 3: { const i = int(text.length); const j = i + int(200); return text.slice(0, j) + text.slice(i, j) + text.slice(j); }
    case 4: return pick(['', 'null', '[]', '{}', '1', '"x"', 'true', '[' .repeat(20000) + ']'.repeat(20000), '{"id":', '\ufeff{}', '{"__proto__":{"id":"x"}}']);
    default: return text.replace(/"(grant|revoke|button|checkbox)"/, '"$1x"');
  }
}

/** "path: message" on one line; the message may quote the bad text, so only the path part is strict. */
const ERROR_LINE = /^(\(root\)|[^\s:][^\n]*?): \S[\s\S]*$/;
const ONE_LINE = /^[^\n]{1,600}$/;
function checkRejected(errors: unknown, label: string, oneLine = false): void {
  expect(Array.isArray(errors), label).toBe(true);
  const list = errors as unknown[];
  expect(list.length, label).toBeGreaterThan(0);
  for (const e of list) {
    expect(typeof e, label).toBe('string');
    expect(e as string, label).toMatch(ERROR_LINE);
    expect(e as string, label).not.toMatch(/\[object Object\]|undefined: /);
    if (oneLine) expect(e as string, label).toMatch(ONE_LINE);
  }
}

const emptyRun = (id: string, version: string) => ({
  playbookId: id, playbookVersion: version, startedAt: 1, tenant: null, params: {}, steps: {}, current: null, findings: {}, revokeDueAt: null, revokeDays: null,
});

/** An accepted playbook is whole: it survives storage and the guide's pure pipeline can run it. */
let resolved = 0;
function checkAccepted(pb: import('../../src/format/types.ts').Playbook, label: string): void {
  const stored = structuredClone(pb);
  const again = parsePlaybook(stored);
  expect(again.ok, `${label}: stored copy re-parses`).toBe(true);
  if (again.ok) expect(again.playbook, label).toEqual(pb);
  const active = instantiate(pb, defaultParams(pb));
  // The DOM pass is the slow part in happy-dom: run it on every fifth accepted playbook.
  if (resolved++ % 5) {
    checklistMarkdown(buildChecklist(pb, emptyRun(pb.id, pb.version), 0));
    return;
  }
  for (const host of ['app.hibob.com', 'acme.my.salesforce.com']) {
    const url = new URL(`https://${host}/system-settings/integrations/service-users`);
    resolve(stepsForUrl(active, url), { doc: document, url });
  }
  checklistMarkdown(buildChecklist(pb, emptyRun(pb.id, pb.version), 0));
}

let stats = { accepted: 0, rejected: 0 };

describe(`playbook importer fuzz (seed ${SEED})`, () => {
  beforeAll(() => {
    fake.current.setJitter(false);
    document.body.innerHTML = '<main><h1>Service users</h1><button>Create service user</button><input type="checkbox" aria-label="Hired"></main>';
  });

  it('the seeds themselves are accepted', () => {
    for (const s of SEEDS) {
      const r = parsePlaybook(s);
      expect(r.ok ? 'ok' : r.errors.join('\n')).toBe('ok');
      if (r.ok) checkAccepted(r.playbook, 'seed');
    }
  });

  it(`${N} structural mutations: accepted whole or rejected with clear errors, never an exception`, { timeout: 120_000 }, () => {
    for (let i = 0; i < N; i++) {
      const input = mutate(pick(SEEDS));
      const label = `structural #${i}`;
      let r: ReturnType<typeof parsePlaybook>;
      try {
        r = parsePlaybook(input);
      } catch (e) {
        throw new Error(`${label}: parsePlaybook threw ${(e as Error).stack}`);
      }
      if (r.ok) {
        stats.accepted++;
        checkAccepted(r.playbook, label);
      } else {
        stats.rejected++;
        checkRejected(r.errors, label);
      }
    }
    // The mutations must exercise both outcomes, or the test proves nothing.
    expect(stats.rejected).toBeGreaterThan(N / 4);
    expect(stats.accepted).toBeGreaterThan(N / 50);
  });

  it(`${N_TEXT} text mutations of the JSON file`, { timeout: 60_000 }, () => {
    for (let i = 0; i < N_TEXT; i++) {
      const text = mutateText(JSON.stringify(pick(SEEDS), null, int(2) ? 2 : undefined));
      const r = parsePlaybook(text);
      if (r.ok) checkAccepted(r.playbook, `text #${i}`);
      else checkRejected(r.errors, `text #${i}: ${text.slice(0, 60)}`);
    }
  });

  it(`${N_IMPORT} imports through the background: stored whole on success, storage untouched on failure`, { timeout: 120_000 }, async () => {
    const F = fake.current;
    let imported = 0;
    for (let i = 0; i < N_IMPORT; i++) {
      const input = rand() < 0.3 ? mutateText(JSON.stringify(pick(SEEDS))) : JSON.stringify(mutate(pick(SEEDS)));
      // Imported ids must not collide with the built-ins (that is its own rejection), so give most a fresh id.
      let json = input;
      try {
        const v = JSON.parse(input);
        if (v && typeof v === 'object' && !Array.isArray(v) && rand() < 0.8) json = JSON.stringify({ ...v, id: `fuzz-${i}` });
      } catch {
        /* keep the broken text */
      }
      const before = JSON.stringify(F.data);
      const r = (await F.send({ kind: 'keyhole/import', json }, senders.options())) as { ok: boolean; id?: string; errors?: string[] };
      const label = `import #${i}: ${json.slice(0, 80)}`;
      expect(r && typeof r.ok, label).toBe('boolean');
      if (!r.ok) {
        checkRejected(r.errors, label, true);
        expect(JSON.stringify(F.data), `${label}: storage unchanged`).toBe(before);
        continue;
      }
      imported++;
      const parsed = parsePlaybook(json);
      expect(parsed.ok, label).toBe(true);
      const stored = (F.data[STORAGE.imported] as Record<string, unknown>)[r.id!];
      expect(Object.prototype.hasOwnProperty.call(F.data[STORAGE.imported], r.id!), label).toBe(true);
      if (parsed.ok) expect(stored, label).toEqual(parsed.playbook);
      const again = parsePlaybook(stored);
      expect(again.ok && again.playbook.id, label).toBe(r.id);
    }
    expect(imported).toBeGreaterThan(0);
    // Non-text payloads are rejected too.
    for (const json of [undefined, null, 5, { id: 'x' }, ['x'], 'x'.repeat(1_000_001)]) {
      const before = JSON.stringify(F.data);
      const r = (await F.send({ kind: 'keyhole/import', json }, senders.options())) as { ok: boolean; errors?: string[] };
      expect(r.ok).toBe(false);
      checkRejected(r.errors, String(json).slice(0, 20), true);
      expect(JSON.stringify(F.data)).toBe(before);
    }
  });

  it('reserved and built-in ids are rejected at import', async () => {
    const base = SEEDS[SEEDS.length - 1] as Record<string, unknown>;
    for (const id of ['constructor', 'drivetrain-hibob-support']) {
      const before = JSON.stringify(fake.current.data);
      const r = (await fake.current.send({ kind: 'keyhole/import', json: JSON.stringify({ ...base, id }) }, senders.options())) as { ok: boolean; errors?: string[] };
      expect(r.ok, id).toBe(false);
      checkRejected(r.errors, id, true);
      expect(JSON.stringify(fake.current.data)).toBe(before);
    }
  });
});
