/**
 * The per-frame guide. Flow: playbook (data) → page matcher → locator → step resolver → overlay +
 * validator → progress messages. Each frame runs its own agent (Salesforce Setup pages live in an iframe
 * that is replaced on every navigation), and each agent only touches its own document.
 */
import type { Finding, Playbook, Step } from '../src/core/types.ts';
import type { ContentMessage } from '../src/messages.ts';
import { resolve, stepsForUrl } from '../src/core/resolver.ts';
import { evaluate as evalCondition } from '../src/core/conditions.ts';
import { describeTarget, locate, locateActionable, locateAll, toList } from '../src/core/locator.ts';
import { actionableProxy, isVisible, readChecked } from '../src/core/dom.ts';
import { CheckboxIndex, absentRequiredRules, ruleLabel, summarize, verdictFor } from '../src/core/validator.ts';
import { Overlay, type OverlayView } from './overlay.ts';
import { observePage, watchUrl } from './page-visit.ts';
import { displayName } from './work-boxes.ts';
import { pageKindOf } from './page-kind.ts';

export const ATTR_TARGET = 'data-keyhole-target';
export const ATTR_VERDICT = 'data-keyhole-verdict';
/** How long a control may stay missing before the guide describes it in words. */
export const LOOK_FOR_AFTER_MS = 2500;

export interface AgentDeps {
  win: Window;
  send(msg: ContentMessage): void;
}

export class Agent {
  private readonly doc: Document;
  private life = new AbortController();
  private visit: AbortController | null = null;
  private overlay: Overlay | null = null;
  private index: CheckboxIndex | null = null;
  private indexStep: Step | null = null;
  private marked = new Set<Element>();
  private targetEl: Element | null = null;
  private steps: Step[] = [];
  private reported = new Set<string>();
  private currentId = '';
  private missingSince = 0;
  private missingTimer = 0;
  private findingsKey = '';
  private findingsTimer = 0;
  private lastFindings: Array<Finding & { el?: Element }> = [];

  constructor(
    private readonly playbook: Playbook,
    private readonly deps: AgentDeps,
  ) {
    this.doc = deps.win.document;
  }

  start(): void {
    watchUrl(this.deps.win, () => this.beginVisit(), this.life.signal);
    this.beginVisit();
  }

  stop(): void {
    this.endVisit();
    this.life.abort();
    this.overlay?.destroy();
    this.overlay = null;
  }

  private beginVisit(): void {
    this.endVisit();
    const url = new URL(this.deps.win.location.href);
    this.steps = stepsForUrl(this.playbook, url);
    if (this.steps.length === 0) return; // Not a page of this playbook: touch nothing.
    this.visit = new AbortController();
    const signal = this.visit.signal;
    observePage(this.deps.win, { evaluate: () => this.safeEvaluate(), onInput: (e) => this.onInput(e) }, signal);
  }

  private endVisit(): void {
    this.visit?.abort();
    this.visit = null;
    this.clearMarks();
    this.index = null;
    this.indexStep = null;
    this.reported.clear();
    this.currentId = '';
    this.missingSince = 0;
    this.findingsKey = '';
    this.deps.win.clearTimeout(this.missingTimer);
    this.deps.win.clearTimeout(this.findingsTimer);
    this.findingsTimer = 0;
    this.pendingFindings = null;
    this.overlay?.hide();
  }

  private clearMarks(): void {
    for (const el of this.marked) {
      el.removeAttribute(ATTR_VERDICT);
      el.removeAttribute(ATTR_TARGET);
    }
    this.marked.clear();
    this.targetEl = null;
  }

  /** The page must never see an exception from Keyhole. */
  private safeEvaluate(): void {
    try {
      this.evaluate();
    } catch (e) {
      if (import.meta.env?.DEV || import.meta.env?.MODE === 'test') console.debug('[keyhole]', e);
    }
  }

  private evaluate(): void {
    const ctx = { doc: this.doc, url: new URL(this.deps.win.location.href) };
    const res = resolve(this.steps, ctx);
    for (const s of res.satisfied) this.report(s, 'done', 'Keyhole saw this on the page.');
    for (const { step, note } of res.evidenced) this.report(step, 'done', note);
    const step = res.current;
    if (!step) {
      this.setTarget(null);
      this.clearVerdicts();
      this.overlay?.hide();
      return;
    }
    if (step.id !== this.currentId) {
      this.currentId = step.id;
      this.missingSince = 0;
      this.send({ kind: 'keyhole/step', playbookId: this.playbook.id, stepId: step.id, status: 'current', note: '' });
    }
    if (step.permissions) return this.evaluatePermissions(step);
    this.clearVerdicts();
    const target = step.target ? locateActionable(step.target, this.doc) : null;
    if (step.warning) {
      this.setTarget(target);
      return this.render({ target, title: step.title, text: step.instruction, tone: 'warn' });
    }
    if (target) {
      this.missingSince = 0;
      this.setTarget(target);
      return this.render({ target, title: step.title, text: step.instruction, tone: 'guide' });
    }
    this.setTarget(null);
    this.waitOrDescribe(step);
  }

  /** A control that is not there yet may be late; after a few seconds, say in words what to look for. */
  private waitOrDescribe(step: Step): void {
    const now = Date.now();
    if (!this.missingSince) {
      this.missingSince = now;
      this.deps.win.clearTimeout(this.missingTimer);
      this.missingTimer = this.deps.win.setTimeout(() => this.safeEvaluate(), LOOK_FOR_AFTER_MS + 50);
      this.overlay?.hide();
      return;
    }
    if (now - this.missingSince < LOOK_FOR_AFTER_MS) return;
    const what = step.lookFor ?? describeTarget(step.target);
    this.render({
      target: null,
      title: step.title,
      text: `${step.instruction}\n\nKeyhole cannot find this control here (the page may use other words or another language). Look for ${what}.`,
      tone: 'warn',
    });
  }

  private evaluatePermissions(step: Step): void {
    const check = step.permissions!;
    if (check.guard && !evalCondition(check.guard, { doc: this.doc, url: new URL(this.deps.win.location.href) })) {
      this.clearVerdicts();
      const target = check.guardTarget ? locateActionable(check.guardTarget, this.doc) : null;
      this.setTarget(target);
      return this.render({ target, title: 'Stop: not the right page to change', text: check.guardMessage ?? step.instruction, tone: 'warn' });
    }
    if (!this.index || this.indexStep !== step) {
      this.clearVerdicts();
      this.index = new CheckboxIndex(check, this.doc);
      this.indexStep = step;
    }
    if (this.index.refresh()) {
      // Rows the page removed: forget them, so a re-rendering list does not keep old elements alive.
      for (const el of this.marked) if (!el.isConnected) this.marked.delete(el);
    }
    const findings = this.applyVerdicts();
    const sum = summarize(findings);
    const problems = findings.filter((f) => f.verdict === 'missing' || f.verdict === 'forbidden');
    const reviews = findings.filter((f) => f.verdict === 'review');
    const absentRules = absentRequiredRules(check, findings);
    const absent = absentRules.map(ruleLabel);
    this.queueFindings(step, findings, false);

    let target: Element | null = null;
    let text: string;
    const editEl = check.edit ? locate(check.edit, this.doc) : null;
    const edit = editEl && isVisible(editEl) ? editEl : null;
    // A required item that is not on the page yet, and the control that brings it (e.g. a collapsed section).
    let reveal: Element | null = null;
    let revealFor = '';
    for (const r of absentRules) {
      const el = r.reveal ? locate(r.reveal, this.doc) : null;
      if (el) {
        reveal = el;
        revealFor = ruleLabel(r);
        break;
      }
    }
    const more = problems.length ? null : this.index.moreBelow();
    if (edit && problems.length) {
      target = actionableProxy(edit);
      text = `${step.instruction}\n\nFirst make the permissions editable.`;
    } else if (problems.length) {
      const first = this.firstProblemElement();
      target = first ? actionableProxy(first) : null;
      text = `${step.instruction}\n\nFix the highlighted box: required boxes on, write and admin boxes off.`;
    } else if (reveal) {
      target = actionableProxy(reveal);
      text = `${step.instruction}\n\nOpen the highlighted section: “${revealFor}” is not on the page yet, and Keyhole only checks what the page shows.`;
    } else if (more) {
      target = more;
      text = `${step.instruction}\n\nScroll this list to its end: only the options in view are checked, and every option counts.`;
    } else if (edit && !absent.length) {
      this.report(step, 'done', 'Keyhole saw these permissions as required in the read-only view.');
      target = check.next ? locateActionable(check.next, this.doc) : null;
      text = reviews.length
        ? `Nothing required is missing and nothing forbidden is on. Review the ${reviews.length} extra item(s) below; to untick any, click Edit first.`
        : 'These permissions are as required: nothing to change here.';
      if (target) text += ' Next: the highlighted control.';
    } else if (edit) {
      target = actionableProxy(edit);
      text = `${step.instruction}\n\nFirst make the permissions editable.`;
    } else {
      target = locateActionable(check.save, this.doc);
      text = reviews.length
        ? `Nothing required is missing and nothing forbidden is on. Review the ${reviews.length} extra item(s) below, untick what the vendor does not need, then Save.`
        : 'Nothing required is missing and nothing forbidden is on. Save.';
    }
    if (absent.length && findings.length) {
      text += `\n\nNot found on this page: ${absent.join(', ')}. If the page uses other words, find them by meaning.`;
    }
    this.setTarget(target);
    this.render({
      target,
      title: step.title,
      text,
      tone: problems.length ? 'warn' : 'ok',
      counts: { missing: sum.missing, forbidden: sum.forbidden, review: sum.review },
      problems: problems.map((f) => ({ name: f.name, label: f.label, reason: f.reason, verdict: f.verdict, reveal: () => f.el?.scrollIntoView({ block: 'center' }) })),
      reviews: reviews.map((f) => ({ name: f.name, label: f.label, reason: f.reason })),
      avoid: () => toList(check.save).flatMap((l) => locateAll(l, this.doc)),
    });
  }

  private firstProblemElement(): Element | null {
    for (const item of this.index!.items.values()) {
      const v = item.el.getAttribute(ATTR_VERDICT);
      if (v === 'missing' || v === 'forbidden') return item.el;
    }
    return null;
  }

  /** Write verdict attributes where they changed; return the findings. */
  private applyVerdicts(): Array<Finding & { el?: Element }> {
    const out: Array<Finding & { el?: Element }> = [];
    for (const item of this.index!.items.values()) {
      const checked = readChecked(item.el);
      const v = verdictFor(item.kind, checked);
      if (!v) continue;
      if (item.el.getAttribute(ATTR_VERDICT) !== v) item.el.setAttribute(ATTR_VERDICT, v);
      this.marked.add(item.el);
      out.push({ name: item.name, checked, verdict: v, reason: item.reason, rule: item.kind === 'ignored' ? 'other' : item.kind, ...(v === 'ok' ? {} : { label: displayName(item.el, item.name), el: item.el }) });
    }
    this.lastFindings = out;
    return out;
  }

  private clearVerdicts(): void {
    if (!this.index) return;
    for (const el of this.index.items.keys()) el.removeAttribute(ATTR_VERDICT);
    this.index = null;
    this.indexStep = null;
  }

  /** Fast path: a click on an indexed checkbox updates its verdict at once, before the frame's pass. */
  private onInput(e: Event): void {
    try {
      const t = e.target as Element | null;
      if (!t || !this.index) {
        this.noteClickOnTarget(e);
        return;
      }
      const item = this.index.items.get(t) ?? (t.tagName === 'LABEL' ? this.index.items.get((t as HTMLLabelElement).control as Element) : undefined);
      if (item) {
        const v = verdictFor(item.kind, readChecked(item.el));
        if (v && item.el.getAttribute(ATTR_VERDICT) !== v) item.el.setAttribute(ATTR_VERDICT, v);
      }
      this.noteClickOnTarget(e);
    } catch {
      /* never break the page */
    }
  }

  /** Clicking the highlighted control is evidence: Save with the verdicts at that moment, or the step's action. */
  private noteClickOnTarget(e: Event): void {
    if (e.type !== 'click' || !this.targetEl) return;
    // Only the admin's own clicks count: a click the page's script dispatches (isTrusted false) is no evidence.
    // (happy-dom in unit tests can only dispatch untrusted events; the Chromium e2e security test covers this.)
    if (!e.isTrusted && import.meta.env?.MODE !== 'test') return;
    const t = e.target as Node | null;
    if (!t || !(this.targetEl === t || this.targetEl.contains(t))) return;
    const step = this.steps.find((s) => s.id === this.currentId);
    if (!step || step.warning) return;
    if (step.permissions && this.index) {
      const save = locateActionable(step.permissions.save, this.doc);
      if (save !== this.targetEl) return;
      const findings = this.applyVerdicts();
      const sum = summarize(findings);
      this.queueFindings(step, findings, true);
      const clean = sum.missing === 0 && sum.forbidden === 0;
      this.report(
        step,
        clean ? 'done' : 'attention',
        clean
          ? `Saved with every required permission on and nothing forbidden (${sum.review} review item(s)).`
          : `Saved with ${sum.missing} missing and ${sum.forbidden} forbidden permission(s).`,
        true,
      );
      return;
    }
    if (!step.complete) this.report(step, 'done', `The admin used “${describeTarget(step.target).replace(/^the /, '')}”, as guided.`);
  }

  private queueFindings(step: Step, findings: Array<Finding & { el?: Element }>, saved: boolean): void {
    const check = step.permissions!;
    const subject = this.index ? this.index.subjectOf(check.groups[0]) : '';
    const checkId = check.id.replace('{subject}', slug(subject));
    const title = check.title.replace('{subject}', subject);
    const key = JSON.stringify(findings.map((f) => [f.name, f.verdict]));
    const msg: ContentMessage = { kind: 'keyhole/findings', playbookId: this.playbook.id, checkId, title, stepId: step.id, saved, items: findings.map(({ el: _el, ...f }) => f), at: Date.now() };
    if (saved) {
      this.deps.win.clearTimeout(this.findingsTimer);
      this.findingsTimer = 0;
      this.pendingFindings = null;
      this.findingsKey = key;
      this.send(msg);
      return;
    }
    if (key === this.findingsKey) {
      this.pendingFindings = null;
      return;
    }
    // At most one message per 400 ms, carrying the latest view. A throttle, not a debounce: a page that
    // mutates all the time must not starve the report.
    this.pendingFindings = { msg, key };
    if (this.findingsTimer) return;
    this.findingsTimer = this.deps.win.setTimeout(() => {
      this.findingsTimer = 0;
      const pending = this.pendingFindings;
      this.pendingFindings = null;
      if (!pending) return;
      this.findingsKey = pending.key;
      this.send(pending.msg);
    }, 400);
  }
  private pendingFindings: { msg: ContentMessage; key: string } | null = null;

  private setTarget(el: Element | null): void {
    if (el === this.targetEl) {
      // The same control can be the next target of two steps in a row (e.g. one dialog button): keep the id true.
      if (el && el.getAttribute(ATTR_TARGET) !== this.currentId) el.setAttribute(ATTR_TARGET, this.currentId);
      return;
    }
    if (this.targetEl) {
      this.targetEl.removeAttribute(ATTR_TARGET);
      if (!this.targetEl.hasAttribute(ATTR_VERDICT)) this.marked.delete(this.targetEl);
    }
    this.targetEl = el;
    if (el) {
      el.setAttribute(ATTR_TARGET, this.currentId);
      this.marked.add(el);
    }
  }

  private render(view: Omit<OverlayView, 'brand'>): void {
    if (!this.overlay) this.overlay = new Overlay(this.doc);
    const step = this.steps.find((s) => s.id === this.currentId);
    this.overlay.show({ ...view, brand: this.playbook.title, pageKind: pageKindOf(step) });
  }

  private report(step: Step, status: 'done' | 'attention', note: string, force = false): void {
    const key = `${step.id}:${status}`;
    if (!force && this.reported.has(key)) return;
    this.reported.add(key);
    this.send({ kind: 'keyhole/step', playbookId: this.playbook.id, stepId: step.id, status, note });
  }

  private send(msg: ContentMessage): void {
    try {
      this.deps.send(msg);
    } catch {
      /* extension reloaded: nothing to tell */
    }
  }

  /** For tests and the benchmark. */
  get findings(): Finding[] {
    return this.lastFindings;
  }
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'page';
}
