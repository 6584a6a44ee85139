import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PlaybookSchema, parsePlaybook } from '../../src/format/schema.ts';

const checkSchema = (...args: string[]) => spawnSync(process.execPath, ['scripts/gen-schema.mjs', '--check', ...args], { encoding: 'utf8' });
const published = JSON.parse(readFileSync('playbook.schema.json', 'utf8'));

describe('published JSON Schema (playbook.schema.json)', () => {
  it('is up to date with the zod schema (run `npm run schema` when this fails)', () => {
    const r = checkSchema();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 30_000);

  it('the staleness check fails on a stale file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyhole-schema-'));
    const stale = { ...published, properties: { ...published.properties, colour: { type: 'string' } } };
    writeFileSync(join(dir, 'stale.json'), `${JSON.stringify(stale, null, 2)}\n`);
    const r = checkSchema('--file', join(dir, 'stale.json'));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('is stale');
  }, 30_000);

  it('describes every top-level field of the zod schema, and no other', () => {
    expect(published.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(Object.keys(published.properties).sort()).toEqual(Object.keys(PlaybookSchema.shape).sort());
    expect(published.additionalProperties).toBe(false);
    expect(published.required).toEqual(expect.arrayContaining(['id', 'version', 'title', 'summary', 'vendor', 'app', 'steps']));
    expect(Object.keys(published.$defs)).toEqual(expect.arrayContaining(['Step', 'Target', 'Condition', 'PermissionCheck']));
  });
});

describe('docs/examples', () => {
  const files = readdirSync('docs/examples').filter((f) => f.endsWith('.json'));
  it('has at least one example playbook', () => expect(files.length).toBeGreaterThan(0));
  it.each(files)('%s is a valid playbook that points at the published schema', (f) => {
    const text = readFileSync(join('docs/examples', f), 'utf8');
    const r = parsePlaybook(text);
    expect(r.ok ? [] : r.errors).toEqual([]);
    const raw = JSON.parse(text);
    expect(raw.$schema).toBe('../../playbook.schema.json');
    for (const k of Object.keys(raw)) expect(Object.keys(published.properties)).toContain(k);
    expect(raw.steps.at(-1).phase).toBe('revoke');
  });
});
