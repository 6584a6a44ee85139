import { describe, expect, it } from 'vitest';
import { parsePlaybook } from '../../src/format/schema.ts';
import { builtinPlaybooks } from '../../src/builtins.ts';

const minimal = () => ({
  id: 'acme-app',
  version: '1.0.0',
  title: 'Acme',
  summary: 'Read-only access for Acme',
  vendor: { name: 'Acme' },
  app: { name: 'App', hosts: ['^app\\.example\\.com$'] },
  steps: [
    { id: 'one', phase: 'grant', stage: 'S', title: 'T', instruction: 'Do it', page: { url: { path: '^/x$' } }, target: { role: 'button', name: 'Go' } },
    { id: 'revoke', phase: 'revoke', stage: 'R', title: 'Revoke', instruction: 'Remove it', manual: true },
  ],
});

describe('playbook schema', () => {
  it('accepts the built-in playbooks with their stable ids, each ending with revoke steps', () => {
    const ids = builtinPlaybooks().map((p) => p.id).sort();
    expect(ids).toEqual(['drivetrain-hibob-support', 'drivetrain-salesforce-support', 'learnamp-hibob-integration']);
    for (const p of builtinPlaybooks()) expect(p.steps.at(-1)!.phase).toBe('revoke');
  });

  it('accepts a minimal vendor playbook', () => {
    const r = parsePlaybook(minimal());
    expect(r.ok).toBe(true);
  });

  it.each([
    ['missing title', (p: any) => delete p.title, 'title'],
    ['bad id', (p: any) => (p.id = 'Bad Id!'), 'id: must be 3-64'],
    ['bad version', (p: any) => (p.version = 'v1'), 'version: must be a semantic version'],
    ['no revoke', (p: any) => (p.steps = [p.steps[0]]), 'steps: must end with at least one revoke step'],
    ['revoke not last', (p: any) => p.steps.reverse(), 'revoke steps must come last'],
    ['duplicate step', (p: any) => (p.steps[1].id = 'one'), 'steps[1].id: duplicate step id'],
    ['bad regex', (p: any) => (p.app.hosts = ['(']), 'app.hosts[0]: is not a valid regular expression'],
    ['catastrophic regex', (p: any) => (p.app.hosts = ['^(a+)+$']), 'app.hosts[0]: has a quantified group that itself repeats'],
    ['overlong regex', (p: any) => (p.app.hosts = ['a'.repeat(301)]), 'app.hosts[0]: is too long for a pattern'],
    ['generated id selector', (p: any) => (p.steps[0].target = { css: '#j_id0:save' }), 'must not depend on generated ids'],
    ['unknown field', (p: any) => (p.steps[0].colour = 'red'), 'steps[0]'],
    ['unknown param', (p: any) => (p.steps[0].instruction = 'Type {{who}}'), 'uses {{who}} but params has no "who"'],
    ['page step without target', (p: any) => delete p.steps[0].target, 'steps[0].target: a step on a page needs'],
    ['wrong type', (p: any) => (p.steps[0].page.url.path = 5), 'steps[0].page.url.path'],
  ])('rejects %s with a message naming the field', (_name, mutate, expected) => {
    const p = minimal();
    mutate(p);
    const r = parsePlaybook(p);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join('\n')).toContain(expected);
  });

  it('rejects text that is not JSON without throwing', () => {
    const r = parsePlaybook('{not json');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatch(/not valid JSON/);
  });
});
