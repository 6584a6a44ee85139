/**
 * The playbook's rules are indexed once per list (validator.ts ruleIndex: exact strings by loose key, the rest by
 * position), so a 3,000-box page does not compare every box with every rule. The index must never change what a
 * rule list says: for every built-in playbook's checks, over names written many ways, `classify` (no catalog: the
 * playbook alone) agrees with the plain reading, "the first rule of each list, in order, that matches".
 */
import { describe, expect, it } from 'vitest';
import { builtinPlaybooks } from '../../src/builtins.ts';
import { defaultParams, instantiate } from '../../src/core/instantiate.ts';
import { classify } from '../../src/core/validator.ts';
import { textMatches } from '../../src/core/text.ts';
import { catalogNamed } from '../../src/consoles/catalogs.ts';
import type { PermissionCheck, Rule, TextMatch } from '../../src/format/types.ts';

/** The reading the index must keep (validator.ts before it had one). */
function plain(name: string, check: PermissionCheck, section: string): { kind: string; reason: string } {
  const hit = (rules: Rule[] | undefined) => rules?.find((r) => textMatches(name, r.match) && (!r.section || textMatches(section, r.section)));
  const f = hit(check.forbidden);
  if (f) return { kind: 'forbidden', reason: f.reason };
  const r = hit(check.required);
  if (r) return { kind: 'required', reason: r.reason };
  const a = hit(check.allow);
  if (a) return { kind: 'other', reason: a.reason };
  const v = hit(check.review);
  if (v) return { kind: 'other', reason: v.reason };
  return { kind: 'other', reason: check.defaultReviewReason };
}

const strings = (m: TextMatch | undefined): string[] =>
  m === undefined ? [] : typeof m === 'string' ? [m] : Array.isArray(m) ? m : [m.equals, m.startsWith, m.contains].flat().filter((x): x is string => typeof x === 'string');

/** A name written the ways pages write it, and near misses. */
const variants = (s: string): string[] => [s, s.toUpperCase(), `  ${s}  `, s.replace(/ /g, '\u00A0'), s.replace(/'/g, '’'), `${s}s`, `${s} x`, `x ${s}`, s.slice(1), `${s}:`];

describe('rule index', () => {
  const checks = builtinPlaybooks()
    .map((pb) => instantiate(pb, defaultParams(pb)))
    .flatMap((pb) => pb.steps.flatMap((s) => (s.permissions ? [s.permissions] : [])));

  it('the built-in playbooks have checks with exact, prefix and pattern rules (the cases the index handles apart)', () => {
    const all = checks.flatMap((c) => [...c.forbidden, ...c.required, ...(c.allow ?? []), ...(c.review ?? [])]);
    expect(all.some((r) => typeof r.match === 'string')).toBe(true);
    expect(all.some((r) => typeof r.match === 'object' && !Array.isArray(r.match) && r.match.regex)).toBe(true);
    expect(all.some((r) => typeof r.match === 'object' && !Array.isArray(r.match) && r.match.startsWith)).toBe(true);
    expect(all.some((r) => r.section)).toBe(true);
  });

  it('classify says what the plain first-match reading says, for every check, name and section', () => {
    let compared = 0;
    for (const check of checks) {
      const rules = [...check.forbidden, ...check.required, ...(check.allow ?? []), ...(check.review ?? [])];
      const names = new Set([...rules.flatMap((r) => strings(r.match)), ...(catalogNamed('salesforce')?.entries ?? []).slice(0, 150).map((e) => e.label), ...(catalogNamed('hibob')?.entries ?? []).map((e) => e.label), 'read accounts', 'edit accounts', 'view all', 'modify all', '']);
      const sections = ['', ...new Set(rules.flatMap((r) => strings(r.section))), 'Standard Object Permissions', 'Administrative Permissions', 'Something else'];
      const group = check.groups.find((g) => !g.requireAll) ?? check.groups[0];
      for (const n of names)
        for (const name of variants(n))
          for (const section of sections) {
            const got = classify(name, check, { ...group, ignoreOthers: false, requireAll: false }, section);
            expect({ kind: got.kind, reason: got.reason }, `${JSON.stringify(name)} in ${JSON.stringify(section)}`).toEqual(plain(name, check, section));
            compared++;
          }
    }
    expect(compared).toBeGreaterThan(10_000);
  }, 60_000); // 10,000+ cases: 3.5–5 s alone on a shared 2-core machine, more beside the other files (a count, not a timing)
});
