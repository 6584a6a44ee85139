/**
 * Turns observed checkbox states into the verdicts of the automation contract:
 *   ok        required and on, or anything else that is off
 *   missing   required, off
 *   forbidden on, must be off
 *   review    on, neither required nor forbidden (never blocks; listed with its reason)
 * Items are indexed once (name, rule, reason) and re-read cheaply on every pass.
 */
import type { CheckboxGroup, Finding, PermissionCheck, Rule, Verdict } from './types.ts';
import { columnHeader, labelTexts, ownText, readChecked, rowLabel, sectionOf } from './dom.ts';
import { locate, locateAll, toList } from './locator.ts';
import { normalize, textMatches } from './text.ts';

export type RuleKind = 'required' | 'forbidden' | 'other' | 'ignored';

export interface Classified {
  kind: RuleKind;
  reason: string;
}

export function classify(name: string, check: PermissionCheck, group?: CheckboxGroup): Classified {
  const hit = (rules: Rule[]) => rules.find((r) => textMatches(name, r.match));
  // Forbidden wins over required: a rule set that both requires and forbids an item is unsafe.
  const forbidden = hit(check.forbidden);
  if (forbidden) return { kind: 'forbidden', reason: forbidden.reason };
  const required = hit(check.required);
  if (required) return { kind: 'required', reason: required.reason };
  if (group?.requireAll) return { kind: 'required', reason: group.reason ?? 'Every option must be selected.' };
  const review = hit(check.review);
  if (review) return { kind: 'other', reason: review.reason };
  if (group?.ignoreOthers) return { kind: 'ignored', reason: '' };
  return { kind: 'other', reason: check.defaultReviewReason };
}

export function verdictFor(kind: RuleKind, checked: boolean): Verdict | null {
  switch (kind) {
    case 'required':
      return checked ? 'ok' : 'missing';
    case 'forbidden':
      return checked ? 'forbidden' : 'ok';
    case 'other':
      return checked ? 'review' : 'ok';
    default:
      return null;
  }
}

const DEFAULT_ITEMS = 'input[type=checkbox], [role=checkbox], [role=switch]';

export interface IndexedItem extends Classified {
  el: Element;
  name: string;
  section: string;
}

interface NameCaches {
  sections: Map<Element, string>;
  columns: Map<Element, string[]>;
}

/** A checkbox's own name: ARIA, its label, its title; the row's label cell only when it has none. */
function itemLabel(el: Element): string {
  const aria = el.getAttribute('aria-label');
  if (aria) return aria;
  if (el.tagName !== 'INPUT') {
    const own = ownText(el);
    if (own.trim()) return own;
  } else {
    const labels = (el as HTMLInputElement).labels;
    if (labels?.length) return labels[0].textContent ?? '';
  }
  const title = el.getAttribute('title');
  if (title) return title;
  return labelTexts(el)[0] ?? '';
}

export function nameItem(el: Element, group: CheckboxGroup, subject: string, caches: NameCaches): string {
  const template = group.name ?? '{label}';
  const name = template.replace(/\{(label|row|column|section|subject)\}/g, (_, key: string) => {
    switch (key) {
      case 'label':
        return itemLabel(el);
      case 'row':
        return rowLabel(el) || itemLabel(el);
      case 'column':
        return columnHeader(el, caches.columns);
      case 'section':
        return sectionOf(el, caches.sections);
      default:
        return subject;
    }
  });
  return normalize(name);
}

/** The checkboxes of one permission check on one page, named and classified once. */
export class CheckboxIndex {
  readonly items = new Map<Element, IndexedItem>();
  private caches: NameCaches = { sections: new Map(), columns: new Map() };
  private subjects = new Map<CheckboxGroup, string>();

  constructor(
    readonly check: PermissionCheck,
    private readonly root: Document,
  ) {}

  /** Subject text for templates (e.g. the object a settings page is about). */
  subjectOf(group: CheckboxGroup): string {
    let s = this.subjects.get(group);
    if (s === undefined) {
      const el = group.subject ? locate(group.subject, this.root) : null;
      s = el ? (el.textContent ?? '').trim() : '';
      this.subjects.set(group, s);
    }
    return s;
  }

  /** Index items not yet known; forget removed ones. Returns true when the set changed. */
  refresh(): boolean {
    let changed = false;
    const present = new Set<Element>();
    for (const group of this.check.groups) {
      const scopes = group.scope ? toList(group.scope).flatMap((loc) => locateAll({ ...loc, hidden: true }, this.root)) : [this.root];
      for (const scope of scopes) {
        const els = (scope as ParentNode).querySelectorAll(group.items ?? DEFAULT_ITEMS);
        for (const el of Array.from(els)) {
          if (present.has(el)) continue;
          present.add(el);
          if (this.items.has(el)) continue;
          const name = nameItem(el, group, this.subjectOf(group), this.caches);
          if (!name) continue;
          const c = classify(name, this.check, group);
          if (c.kind === 'ignored') continue;
          this.items.set(el, { el, name, section: sectionOf(el, this.caches.sections), ...c });
          changed = true;
        }
      }
    }
    for (const el of Array.from(this.items.keys())) {
      if (!present.has(el)) {
        this.items.delete(el);
        changed = true;
      }
    }
    return changed;
  }

  findings(): Finding[] {
    const out: Finding[] = [];
    for (const item of this.items.values()) {
      const checked = readChecked(item.el);
      const verdict = verdictFor(item.kind, checked);
      if (verdict) out.push({ name: item.name, checked, verdict, reason: item.reason });
    }
    return out;
  }
}

export interface Summary {
  missing: number;
  forbidden: number;
  review: number;
  ok: number;
}

export function summarize(findings: Finding[]): Summary {
  const s: Summary = { missing: 0, forbidden: 0, review: 0, ok: 0 };
  for (const f of findings) s[f.verdict]++;
  return s;
}

/** Required items that the page does not show at all (e.g. a renamed permission). */
export function absentRequired(check: PermissionCheck, findings: Finding[]): string[] {
  return check.required
    .filter((r) => !findings.some((f) => textMatches(f.name, r.match)))
    .map((r) => (typeof r.match === 'string' ? r.match : Array.isArray(r.match) ? r.match[0] : r.reason));
}
