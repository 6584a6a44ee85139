/**
 * The per-frame guide. Flow: playbook (data) → page matcher → locator → step resolver → overlay +
 * validator → progress messages. Each frame runs its own agent (Salesforce Setup pages live in an iframe
 * that is replaced on every navigation), and each agent only touches its own document.
 *
 * The agent finds elements and renders; what a permission page needs next is decided by the pure planner
 * (src/core/planner.ts) from facts the agent reads off the page.
 */
import type { Finding, Playbook, Rule, Step } from '../src/format/types.ts';
import type { ContentMessage } from '../src/messages.ts';
import type { ConsoleMarkup } from '../src/core/markup.ts';
import { resolve, stepsForUrl } from '../src/core/resolver.ts';
import { evaluate as evalCondition, type PageContext } from '../src/core/conditions.ts';
import { describeTarget, locate, locateActionable, locateAll, toList } from '../src/core/locator.ts';
import { actionableProxy, isVisible, readChecked, readValue } from '../src/core/dom.ts';
import { CheckboxIndex, absentRequiredRules, findingOf, notSeenOf, summarize, verdictFor, type IndexedItem, type SliceBudget } from '../src/core/validator.ts';
import { groupReviews } from '../src/core/effects.ts';
import { plan } from '../src/core/planner.ts';
import { markupForHost } from '../src/consoles/index.ts';
import { catalogFor, type Catalogs } from '../src/consoles/catalog-data.ts';
import type { IdentityRecord, KnownOthers } from '../src/core/identity.ts';
import { seeObjects, withIdentity, type SeenObject } from '../src/core/objects.ts';
import { Overlay, type OverlayView } from './overlay.ts';
import { WorkMeter, adminInputFilter, observePage, watchUrl } from './page-visit.ts';
import { Marks } from './marks.ts';
import { FindingsReporter } from './findings-reporter.ts';
import { readPermissionPage } from './permission-page.ts';
import { yielder, type YieldToPage } from './yield.ts';
import { pageKindOf } from './page-kind.ts';
import { t } from '../src/core/texts.ts';

/** How long a control may stay missing before the guide describes it in words. */
const LOOK_FOR_AFTER_MS = 2500;

/**
 * One slice of indexing a permission page: at most this many checkboxes named and classified (about 25 µs each on
 * an idle core), and never past this many milliseconds, then the page gets the main thread back. Keeps every
 * Keyhole task on a 3,000-box page well under one frame (BENCHMARKS.md: longestKeyholeTaskMs).
 */
export const INDEX_SLICE = { maxNew: 200, ms: 7 } as const;
/**
 * A permission pass that has spent this much of its task by the time its verdicts are written (a busy page's pass,
 * the complete pass after indexing a 3,000-box page) finishes in the next task: the plan, the card and the snapshot.
 */
const PASS_SPLIT_MS = 8;


interface AgentDeps {
  win: Window;
  send(msg: ContentMessage): void;
  /** The console's markup conventions; by default those of the frame's host. */
  markup?: ConsoleMarkup;
  /** How to give the main thread back between slices (the next slice is a task of its own); by default `scheduler.postTask`, else a timer. */
  yieldToPage?: YieldToPage;
  /** The slice clock; by default `performance.now`. */
  now?: () => number;
  /**
   * The permission catalogs the background published with the playbook (src/consoles/catalog-data.ts, checked).
   * A check whose catalog is not among them fails closed.
   */
  catalogs: Catalogs;
  /** The overlay's stylesheet, published with the playbook (a minimal fallback otherwise). */
  overlayCss?: string;
  /** What the background knows of the playbook's objects (by kind), and the ones the admin said are not ours. */
  identities?: Record<string, IdentityRecord>;
  others?: Record<string, KnownOthers>;
}


export class Agent {
  readonly #doc: Document;
  readonly #markup: ConsoleMarkup;
  readonly #marks = new Marks();
  readonly #findingsOut: FindingsReporter;
  #life = new AbortController();
  #visit: AbortController | null = null;
  #overlay: Overlay | null = null;
  #index: CheckboxIndex | null = null;
  #indexStep: Step | null = null;
  private steps: Step[] = [];
  #reported = new Set<string>();
  #currentId = '';
  #missingSince = 0;
  #missingTimer = 0;
  #lastFindings: Finding[] = [];
  /** A continuation of a sliced indexing pass is queued. */
  #sliceQueued = false;
  /** The current index was built over several slices and its full pass has not run since. */
  #sliced = false;
  /** Bumped whenever the index's item set changes: the names on the page, hence the absent rules, follow it. */
  #indexVersion = 0;
  #absentCache: { index: CheckboxIndex; version: number; rules: Rule[] } | null = null;
  readonly #yieldToPage: YieldToPage;
  readonly #budget: SliceBudget;
  /** The box of each finding of the last pass, for the overlay's "show the box" buttons (never sent anywhere). */
  #boxOf = new WeakMap<Finding, Element>();
  /** Per indexed item: the state, kind and reason its finding (if any) was made from (see applyVerdicts). */
  #judged = new WeakMap<IndexedItem, [boolean, string, string, Finding | null]>();
  #judgedFor: CheckboxIndex | null = null;
  /** Identity: the records this agent knows (updated at once on an answer, before the background echoes it). */
  #records: Record<string, IdentityRecord>;
  #others: Record<string, KnownOthers>;
  #sentIdentity = new Set<string>();
  #visitStart = 0;
  #unreadableTimer = 0;
  /** Choices: steps the admin said yes to (keep guiding) or no to (skipped, noted) on this page. */
  #chosen = new Set<string>();
  #declined = new Set<string>();
  #notices: string[] = [];
  /** The visit's Keyhole time (page-visit.ts backs off page-driven passes by it); slices are charged too. */
  #meter: WorkMeter | null = null;
  /** When the running pass (or slice) began, on the budget's clock. */
  #passStart = 0;
  /** Page changes and admin input seen (a count); and, for a pass whose finish was put off, the count then. */
  #pageVersion = 0;
  #finishAt: number | null = null;
  /** A finding changed since the last snapshot was queued (a complete pass queues it). */
  #snapshotDue = false;
  /** The target when the last complete permission pass made it Save (null otherwise). */
  #saveTarget: Element | null = null;
  /** The page context of the latest pass (with the objects' recognition). */
  #ctx: PageContext | null = null;
  /** This visit has built an index (its first one was started in a task of its own). */
  #indexedBefore = false;
  /** The visit's first index is to be prepared (CheckboxIndex.prepare) in the next task, before any naming. */
  #preparing = false;
  /** While indexing: the card's first view, drawn in the next task (whileIndexing). */
  #cardDue: Omit<OverlayView, 'brand'> | null = null;
  /** While indexing: the page had no Edit control when last looked for (whileIndexing). */
  #noEdit = false;
  /** Nodes the page changed since the last pass, while boxes are indexed: their boxes' names may have changed. */
  #touched = new Set<Node>();

  readonly #playbook: Playbook;
  readonly #deps: AgentDeps;

  constructor(playbook: Playbook, deps: AgentDeps) {
    this.#playbook = playbook;
    this.#deps = deps;
    this.#doc = deps.win.document;
    this.#markup = deps.markup ?? markupForHost(deps.win.location.hostname);
    this.#findingsOut = new FindingsReporter(deps.win, (msg) => this.#send(msg));
    this.#yieldToPage = deps.yieldToPage ?? yielder(deps.win);
    const now = deps.now ?? (() => deps.win.performance.now());
    this.#budget = { ...INDEX_SLICE, now };
    this.#records = { ...(deps.identities ?? {}) };
    this.#others = { ...(deps.others ?? {}) };
  }

  start(): void {
    watchUrl(this.#deps.win, () => this.#beginVisit(), this.#life.signal);
    this.#beginVisit();
  }

  /** The background's records of the playbook's objects (an id learned, an answer given): judged by them from now. */
  know(identities: Record<string, IdentityRecord>, others: Record<string, KnownOthers>): void {
    this.#records = { ...identities };
    this.#others = { ...others };
    if (this.#visit) this.#safeEvaluate();
  }

  stop(): void {
    this.#endVisit();
    this.#life.abort();
    this.#overlay?.destroy();
    this.#overlay = null;
  }

  #beginVisit(): void {
    this.#endVisit();
    const url = new URL(this.#deps.win.location.href);
    this.steps = stepsForUrl(this.#playbook, url);
    if (this.steps.length === 0) return; // Not a page of this playbook: touch nothing.
    this.#visit = new AbortController();
    this.#visitStart = Date.now();
    const signal = this.#visit.signal;
    // The admin's own input is never deferred (page-visit.ts back-off). Unit tests can only dispatch untrusted events.
    const admin = adminInputFilter();
    const isAdminInput = (e: Event) => admin(e) || import.meta.env?.MODE === 'test';
    this.#meter = new WorkMeter(this.#budget.now!);
    observePage(this.#deps.win, { evaluate: () => this.#safeEvaluate(), onInput: (e) => this.#onInput(e), changed: (records) => this.#pageChanged(records), lost: () => !this.#marks.target?.isConnected }, signal, { isAdminInput, meter: this.#meter });
  }

  #pageChanged(records: MutationRecord[]): void {
    this.#pageVersion++;
    this.#overlay?.pageChanged();
    // Wherever the page changed, a box's words may have changed in place: looked at before the next pass. What it
    // added is all the next pass needs to look at for new boxes (CheckboxIndex.noteChanges).
    if (!this.#index) return;
    for (const r of records) this.#touched.add(r.target);
    this.#index.noteChanges(records);
  }

  /** Boxes near changed nodes whose names changed lose their verdicts and are indexed again (CheckboxIndex.relabel). */
  #relabel(): boolean {
    const renamed = this.#index?.relabel(this.#touched) ?? [];
    this.#touched.clear();
    this.#marks.clearVerdicts(renamed);
    if (renamed.length) this.#indexVersion++;
    return renamed.length > 0;
  }

  #endVisit(): void {
    this.#visit?.abort();
    this.#visit = null;
    this.#marks.clear();
    this.#index = null;
    this.#indexStep = null;
    this.#touched.clear();
    this.#indexedBefore = false;
    this.#preparing = false;
    this.#noEdit = false;
    this.#cardDue = null;
    this.#sliced = false;
    this.#finishAt = null;
    this.#reported.clear();
    this.#currentId = '';
    this.#missingSince = 0;
    this.#deps.win.clearTimeout(this.#missingTimer);
    this.#findingsOut.forget();
    this.#deps.win.clearTimeout(this.#unreadableTimer);
    this.#chosen.clear();
    this.#declined.clear();
    this.#overlay?.hide();
  }

  /** The page must never see an exception from Keyhole. */
  #safeEvaluate(): void {
    try {
      this.evaluate();
    } catch (e) {
      if (import.meta.env?.DEV || import.meta.env?.MODE === 'test') console.debug('[keyhole]', e);
    }
  }

  /** A pass's view of the page (its lookups memoised for the pass: the page does not change during it). */
  #context(): PageContext {
    return { doc: this.#doc, url: new URL(this.#deps.win.location.href), markup: this.#markup, found: new Map() };
  }

  #find(target: Step['target']): Element | null {
    return target ? locateActionable(target, this.#doc, this.#markup) : null;
  }

  private evaluate(): void {
    this.#passStart = this.#budget.now!();
    const base = this.#context();
    const seen = this.#identify(base);
    const ctx: PageContext = withIdentity(base, seen);
    this.#ctx = ctx;
    const res = resolve(this.#declined.size ? this.steps.filter((s) => !this.#declined.has(s.id)) : this.steps, ctx);
    for (const s of res.satisfied) this.#report(s, 'done', t('sawOnPage'));
    for (const { step, note } of res.evidenced) this.#report(step, 'done', note);
    for (const { step, note } of res.accepted) this.#report(step, 'done', t('acceptedWarning', note));
    this.#notices = res.accepted.map((a) => a.note);
    // Keyhole cannot tell whether this page is about the playbook's object: ask, and check nothing until answered.
    const unsure = [...seen.values()].find((o) => o.recognition === 'unsure');
    if (unsure) return this.#askIdentity(unsure, res.current);
    const step = res.current;
    if (!step) {
      this.#setTarget(null);
      this.#clearVerdicts();
      this.#overlay?.hide();
      return;
    }
    if (step.id !== this.#currentId) {
      this.#currentId = step.id;
      this.#missingSince = 0;
      this.#send({ kind: 'keyhole/step', playbookId: this.#playbook.id, stepId: step.id, status: 'current', note: '', at: Date.now() });
    }
    if (step.permissions) return this.#evaluatePermissions(step);
    this.#clearVerdicts();
    const target = this.#find(step.target);
    if (step.warning) {
      this.#setTarget(target);
      return this.#render({ target, title: step.title, text: step.instruction, tone: 'warn' });
    }
    if (target) {
      this.#missingSince = 0;
      this.#setTarget(target);
      const choice = step.choice && !this.#chosen.has(step.id) ? step.choice : null;
      return this.#render({
        target,
        title: step.title,
        text: step.instruction,
        tone: 'guide',
        ...(choice
          ? {
              ask: {
                question: choice.question,
                yes: choice.yes,
                no: choice.no,
                onAnswer: (yes: boolean) => {
                  if (yes) this.#chosen.add(step.id);
                  else {
                    this.#declined.add(step.id);
                    // Recorded as needing attention: the vendor's suggestion was declined (the checklist says why).
                    this.#report(step, 'attention', choice.noNote, true);
                  }
                  this.#safeEvaluate();
                },
              },
            }
          : {}),
      });
    }
    this.#setTarget(null);
    this.#waitOrDescribe(step);
  }

  /**
   * The playbook's objects this page is about (its declared pages), recognised by id first, then by the name rule
   * (identity.ts). Sends what it learns: an id seen for the first time, a name recognised.
   */
  #identify(base: PageContext): Map<string, SeenObject> {
    const seen = seeObjects(this.#playbook, base, this.#records, this.#others);
    for (const [kind, o] of seen) {
      if (o.recognition === 'unsure' && !o.evidence.names.length) {
        // The page may not have rendered its title yet: wait a moment before asking about a page Keyhole cannot read.
        const waited = Date.now() - this.#visitStart;
        if (waited < 2500) {
          seen.delete(kind);
          this.#deps.win.clearTimeout(this.#unreadableTimer);
          this.#unreadableTimer = this.#deps.win.setTimeout(() => this.#safeEvaluate(), 2600 - waited);
          continue;
        }
      }
      if (o.recognition === 'same') this.#learn(kind, o.record, o.evidence.id ?? null);
    }
    return seen;
  }

  /** Our object on this page: record its id (first time), or that its name was recognised. */
  #learn(kind: string, record: IdentityRecord, id: string | null): void {
    if (record.id && (!id || record.id === id) && record.at) return;
    const how = record.at ? record.how : 'name';
    this.#keep(kind, { name: record.name, how, ...(id ? { id } : record.id ? { id: record.id } : {}) });
  }

  /** A record of one of the playbook's objects: judged by it from now, and sent to the background. */
  #keep(kind: string, record: Omit<IdentityRecord, 'kind' | 'at'>): void {
    this.#records[kind] = { kind, at: Date.now(), ...record };
    this.#sendIdentity(kind, { record });
  }

  #sendIdentity(object: string, what: Pick<Extract<ContentMessage, { kind: 'keyhole/identity' }>, 'record' | 'reject'>): void {
    const key = JSON.stringify([object, what]);
    if (this.#sentIdentity.has(key)) return;
    this.#sentIdentity.add(key);
    this.#send({ kind: 'keyhole/identity', playbookId: this.#playbook.id, object, ...what });
  }

  /** Ask whether the page's object is the playbook's; remember the answer (background), check nothing until then. */
  #askIdentity(o: SeenObject, current: Step | null): void {
    const spec = this.#playbook.objects![o.kind];
    this.#clearVerdicts();
    // A guarded page (e.g. a profile's permissions): its way out (Cancel) stays highlighted while Keyhole asks.
    const guard = current?.permissions?.guard ? current.permissions : null;
    const target = guard?.guardTarget ? locateActionable(guard.guardTarget, this.#doc, this.#markup) : null;
    if (target && current && current.id !== this.#currentId) this.#currentId = current.id;
    this.#setTarget(target);
    const vendor = this.#playbook.vendor.name;
    const shown = o.pageName ? `“${o.pageName}”` : t('askThis', spec.label);
    const ifNot = guard?.guardMessage ? `\n\n${t('askIfNot', guard.guardMessage)}` : '';
    this.#render({
      target,
      title: t('askTitle', spec.label),
      text: t('askText', spec.label, o.record.name, shown, vendor) + ifNot,
      tone: 'warn',
      ask: {
        question: t('askQuestion', shown, spec.label, vendor),
        yes: t('askYes'),
        no: 'No',
        onAnswer: (yes: boolean) => this.#answerIdentity(o, yes),
      },
    });
  }

  #answerIdentity(o: SeenObject, yes: boolean): void {
    const id = o.evidence.id ?? undefined;
    if (yes) this.#keep(o.kind, { name: o.pageName || o.record.name, how: 'asked', ...(id ? { id } : {}) });
    else {
      const prev = this.#others[o.kind] ?? {};
      const reject = id ? { id } : { name: o.pageName };
      this.#others[o.kind] = { ids: [...(prev.ids ?? []), ...(id ? [id] : [])], names: [...(prev.names ?? []), ...(!id && o.pageName ? [o.pageName] : [])] };
      if (reject.id || reject.name) this.#sendIdentity(o.kind, { reject });
    }
    this.#safeEvaluate();
  }

  /** A name typed into a step's field (`names`): recorded as the object's name when the admin leaves the field. */
  #noteTypedName(e: Event): void {
    if (e.type !== 'change') return;
    const t = e.target as Element | null;
    if (!t) return;
    for (const step of this.steps) {
      if (!step.names || !step.target) continue;
      const el = locate(step.target, this.#doc, this.#markup);
      if (!el || (el !== t && !el.contains(t))) continue;
      const name = readValue(el).replace(/\s+/g, ' ').trim();
      if (!name || name.length > 120) return;
      const prev = this.#records[step.names];
      if (prev && prev.name === name && prev.how === 'created') return;
      this.#keep(step.names, { name, how: 'created' });
      return;
    }
  }

  /** A control that is not there yet may be late; after a few seconds, say in words what to look for. */
  #waitOrDescribe(step: Step): void {
    const now = Date.now();
    if (!this.#missingSince) {
      this.#missingSince = now;
      this.#deps.win.clearTimeout(this.#missingTimer);
      this.#missingTimer = this.#deps.win.setTimeout(() => this.#safeEvaluate(), LOOK_FOR_AFTER_MS + 50);
      this.#overlay?.hide();
      return;
    }
    if (now - this.#missingSince < LOOK_FOR_AFTER_MS) return;
    const what = step.lookFor ?? describeTarget(step.target);
    this.#render({
      target: null,
      title: step.title,
      text: t('missingControl', step.instruction, what),
      tone: 'warn',
    });
  }

  #evaluatePermissions(step: Step): void {
    const check = step.permissions!;
    // The pass's objects, but the page as it is now (a slice may run tasks after the pass: a memo of its own).
    if (check.guard && !evalCondition(check.guard, { ...(this.#ctx ?? this.#context()), found: new Map() })) {
      this.#clearVerdicts();
      const target = this.#find(check.guardTarget);
      this.#setTarget(target);
      return this.#render({ target, title: t('stopTitle'), text: check.guardMessage ?? step.instruction, tone: 'warn' });
    }
    if (!this.#index || this.#indexStep !== step) {
      this.#clearVerdicts();
      // Every change of the page is handed to it from now on (pageChanged): its passes may look only at those.
      this.#index = new CheckboxIndex(check, this.#doc, this.#markup, catalogFor(this.#deps.catalogs, check.catalog), true);
      this.#indexStep = step;
      // The visit's first index starts in a task of its own: the pass that found the page (its objects, its step) was
      // enough for one, and a page just loaded is already drawn. Later ones (an SPA re-rendering the form) start at
      // once: a yield there would let the browser paint the new form before its target is marked.
      if (!this.#indexedBefore) {
        this.#indexedBefore = true;
        this.#preparing = true;
        return this.#nextSlice(step);
      }
    }
    // The next tasks only prepare the pass (the queue; the label map; the catalog's index); naming starts after.
    if (this.#preparing) {
      this.#preparing = !this.#index.prepare();
      return this.#nextSlice(step);
    }
    // A pass put off its finish, and nothing changed since: its verdicts and findings stand, only the rest is due.
    const putOff = this.#finishAt !== null;
    const unchanged = this.#finishAt === this.#pageVersion;
    this.#finishAt = null;
    if (unchanged && !this.#index.pending) return this.#complete(step, this.#lastFindings);
    this.#relabel();
    // Large pages are indexed in slices that yield to the page: the target is drawn from the first slice, verdicts
    // follow slice by slice, and the full pass (plan, counts, snapshot) runs once the index is complete.
    const slice = this.#index.refreshSlice(this.#budget);
    if (slice.changed) this.#indexVersion++;
    // Marks of removed boxes are forgotten once per pass, not per slice (a walk over every mark).
    if (slice.done && slice.changed) this.#marks.forgetDisconnected();
    if (!slice.done || (this.#sliced && slice.named > 0)) return this.#whileIndexing(step, slice.added);
    this.#sliced = false;
    this.#noEdit = false;
    const before = this.#lastFindings;
    const findings = this.#applyVerdicts();
    if (findings !== before) this.#snapshotDue = true;
    // The verdicts are written. A pass that has used its share of the task leaves the rest (the plan, the card, the
    // snapshot) to the next task, once. Until then, Save is not offered where a box now needs fixing (fail closed).
    if (!putOff && this.#budget.now!() - this.#passStart > PASS_SPLIT_MS) {
      this.#finishAt = this.#pageVersion;
      const sum = summarize(findings);
      if (this.#saveTarget && (sum.missing || sum.forbidden || !this.#index.readability.readable)) this.#setTarget(null);
      return this.#nextSlice(step);
    }
    this.#complete(step, findings);
  }

  /** A complete pass's second half: the snapshot, the plan, the target and the card. */
  #complete(step: Step, findings: Finding[]): void {
    const check = step.permissions!;
    const sum = summarize(findings);
    // The snapshot (thousands of items to compare, then to send) only when a finding changed since the last one.
    if (this.#snapshotDue) {
      this.#snapshotDue = false;
      this.#queueFindings(step, findings, false);
    }
    const page = readPermissionPage(step, this.#index!, findings, this.#doc, this.#markup, this.#marks, this.#absentRules(step, findings));
    const p = plan(page.state);
    if (p.done) this.#report(step, 'done', t('sawReadonly'));
    const target = page.targets[p.target]();
    this.#setTarget(target);
    this.#saveTarget = p.target === 'save' ? target : null;
    const reviews = findings.filter((f) => f.verdict === 'review');
    this.#render({
      target,
      title: step.title,
      text: p.text,
      tone: p.tone,
      counts: { missing: sum.missing, forbidden: sum.forbidden, review: sum.review },
      problems: findings
        .filter((f) => f.verdict === 'missing' || f.verdict === 'forbidden')
        .map((f) => ({ ...f, reveal: () => this.#boxOf.get(f)?.scrollIntoView({ block: 'center' }) })),
      reviews,
      avoid: () => toList(check.save).flatMap((l) => locateAll(l, this.#doc, this.#markup)),
      // Optional overlay fields (rendered where the overlay knows them): the fail-closed message, review by effect.
      notice: page.state.unreadable ? (page.state.notice ?? undefined) : undefined,
      reviewGroups: check.catalog ? groupReviews(reviews.map((f) => ({ name: f.label ?? f.name, reason: f.reason, effect: f.effect })), { from: check.reviewFrom }) : undefined,
    });
  }

  /**
   * Between slices: write the verdicts of the items just indexed, keep (or find) the target, say that Keyhole is
   * still reading the page, and queue the next slice. Nothing is judged complete and no snapshot is sent: Save is
   * never the target while boxes are unread.
   */
  #whileIndexing(step: Step, added: IndexedItem[]): void {
    this.#sliced = true;
    let firstProblem: Element | null = null;
    for (const item of added) {
      // An unknown label's verdict waits for the complete pass (readability decides it): fail closed until then.
      if (!this.#index!.settled(item)) continue;
      const v = verdictFor(item.kind, readChecked(item.el, this.#markup));
      if (!v) continue;
      this.#marks.setVerdict(item.el, v);
      if (!firstProblem && (v === 'missing' || v === 'forbidden')) firstProblem = item.el;
    }
    const check = step.permissions!;
    const current = this.#marks.target;
    // Any target but Save stays while boxes are unread (Save was the full pass's pick: remembered, not looked up
    // again on every slice, a page-wide search each time).
    const keep = current && current.isConnected && current !== this.#saveTarget ? current : null;
    if (!keep) {
      // The Edit control is a text search of the whole page: looked for once while indexing, not on every slice.
      const editEl = check.edit && !this.#noEdit ? locate(check.edit, this.#doc, this.#markup) : null;
      this.#noEdit = !editEl;
      const edit = editEl && isVisible(editEl) ? actionableProxy(editEl) : null;
      const target = edit ?? (firstProblem ? actionableProxy(firstProblem) : null);
      // Without a target (none yet, none before), only "still reading" (and only to show the card at all).
      if (target || current || !this.#overlay) {
        this.#setTarget(target);
        // No verdict is complete yet, and Save is never the target.
        const view = { target, title: step.title, text: `${target || current ? `${step.instruction}\n\n` : ''}${t('reading')}`, tone: 'guide' } as const;
        // The card's first drawing (its host, its styles, the top layer) is a task of its own, not added to a slice.
        if (this.#overlay) this.#render(view);
        else this.#cardDue = view;
      }
    }
    this.#nextSlice(step);
  }

  #nextSlice(step: Step): void {
    if (this.#sliceQueued) return;
    this.#sliceQueued = true;
    const visit = this.#visit;
    const index = this.#index;
    this.#yieldToPage(() => {
      this.#sliceQueued = false;
      // A navigation, another step or a new index since: that pass schedules its own slices.
      if (visit !== this.#visit || visit?.signal.aborted || !index || index !== this.#index || this.#currentId !== step.id) return;
      const slice = () => {
        this.#passStart = this.#budget.now!();
        try {
          const due = this.#cardDue;
          if (!due) return this.#evaluatePermissions(step);
          this.#render(due);
          this.#nextSlice(step);
        } catch (e) {
          if (import.meta.env?.DEV || import.meta.env?.MODE === 'test') console.debug('[keyhole]', e);
        }
      };
      // Charged to the visit's budget, like the pass that queued it.
      if (this.#meter) this.#meter.run(slice);
      else slice();
    });
  }

  /**
   * Required rules no item on the page matches: rules × items text comparisons, so computed once per change of the
   * index's item set (checkbox states do not change names), not on every pass.
   */
  #absentRules(step: Step, findings: Finding[]): Rule[] {
    const c = this.#absentCache;
    if (c && c.index === this.#index && c.version === this.#indexVersion) return c.rules;
    const rules = absentRequiredRules(step.permissions!, findings);
    if (this.#index) this.#absentCache = { index: this.#index, version: this.#indexVersion, rules };
    return rules;
  }

  /**
   * Write verdict attributes where they changed; return the findings. Every box's state is read on every pass (a
   * page's script may tick a box without an event); an item's verdict and finding are made again only when its
   * state or its judgement changed. Nothing changed since the last pass over the same index: that pass's array.
   */
  #applyVerdicts(): Finding[] {
    const out: Finding[] = [];
    const last = this.#lastFindings;
    let same = this.#judgedFor === this.#index;
    this.#judgedFor = this.#index;
    for (const item of this.#index!.items.values()) {
      const checked = readChecked(item.el, this.#markup);
      let f = this.#judged.get(item);
      if (f?.[0] !== checked || f[1] !== item.kind || f[2] !== item.reason) {
        const v = verdictFor(item.kind, checked);
        // Unverified (an unreadable page): no verdict, and none left over from before the page was judged.
        if (!v) this.#marks.clearVerdicts([item.el]);
        else this.#marks.setVerdict(item.el, v);
        // The page's own casing (`label`) for what the admin reads; the name stays normalised for matching.
        f = [checked, item.kind, item.reason, v && findingOf(item, checked, v)];
        if (f[3]) this.#boxOf.set(f[3], item.el);
        this.#judged.set(item, f);
      }
      if (!f[3]) continue;
      if (last[out.length] !== f[3]) same = false;
      out.push(f[3]);
    }
    if (same && out.length === last.length) return last;
    this.#lastFindings = out;
    return out;
  }

  #clearVerdicts(): void {
    this.#finishAt = null;
    if (!this.#index) return;
    this.#marks.clearVerdicts(this.#index.items.keys());
    this.#index = null;
    this.#indexStep = null;
  }

  /** Fast path: a click on an indexed checkbox updates its verdict at once, before the frame's pass. */
  #onInput(e: Event): void {
    this.#pageVersion++;
    try {
      this.#noteTypedName(e);
      const t = e.target as Element | null;
      if (!t || !this.#index) {
        this.#noteClickOnTarget(e);
        return;
      }
      const item = this.#index.items.get(t) ?? (t.tagName === 'LABEL' ? this.#index.items.get((t as HTMLLabelElement).control as Element) : undefined);
      // While a sliced pass is under way, an unknown label has no verdict yet (see whileIndexing).
      if (item && (!this.#index.pending || this.#index.settled(item))) {
        const v = verdictFor(item.kind, readChecked(item.el, this.#markup));
        if (v) this.#marks.setVerdict(item.el, v);
      }
      this.#noteClickOnTarget(e);
    } catch {
      /* never break the page */
    }
  }

  /** Clicking the highlighted control is evidence: Save with the verdicts at that moment, or the step's action. */
  #noteClickOnTarget(e: Event): void {
    const targetEl = this.#marks.target;
    if (e.type !== 'click' || !targetEl) return;
    // Only the admin's own clicks count: a click the page's script dispatches (isTrusted false) is no evidence.
    // (happy-dom in unit tests can only dispatch untrusted events; the Chromium e2e security test covers this.)
    if (!e.isTrusted && import.meta.env?.MODE !== 'test') return;
    const clicked = e.target as Node | null;
    if (!clicked || !(targetEl === clicked || targetEl.contains(clicked))) return;
    const step = this.steps.find((s) => s.id === this.#currentId);
    if (!step || step.warning) return;
    if (step.permissions && this.#index) {
      const save = this.#find(step.permissions.save);
      if (save !== targetEl) return;
      // What the admin saved, by the boxes' words at the click: a relabelled box is named and judged first.
      if (this.#relabel()) while (!this.#index.refreshSlice().done);
      const findings = this.#applyVerdicts();
      const sum = summarize(findings);
      this.#queueFindings(step, findings, true);
      const clean = sum.missing === 0 && sum.forbidden === 0;
      this.#report(
        step,
        clean ? 'done' : 'attention',
        clean ? t('savedClean', sum.review) : t('savedProblems', sum.missing, sum.forbidden),
        true,
      );
      return;
    }
    if (!step.complete) this.#report(step, 'done', t('usedAsGuided', describeTarget(step.target).replace(/^the /, '')));
  }

  /** The page's snapshot, with everything the checklist needs (items and the required items not seen). */
  #queueFindings(step: Step, findings: Finding[], saved: boolean): void {
    const check = step.permissions!;
    const subject = this.#index ? this.#index.subjectOf(check.groups[0]) : '';
    this.#findingsOut.report({
      kind: 'keyhole/findings',
      playbookId: this.#playbook.id,
      checkId: check.id.replace('{subject}', slug(subject)),
      title: check.title.replace('{subject}', subject),
      stepId: step.id,
      saved,
      items: findings,
      notSeen: notSeenOf(check, findings, this.#absentRules(step, findings)),
      ...(this.#index && !this.#index.readability.readable ? { unverified: this.#index.unverifiedCount() || 1 } : {}),
      at: Date.now(),
    });
  }

  #setTarget(el: Element | null): void {
    if (el !== this.#saveTarget) this.#saveTarget = null;
    this.#marks.setTarget(el, this.#currentId);
  }

  #render(view: Omit<OverlayView, 'brand'>): void {
    this.#cardDue = null; // any drawing supersedes a first card still waiting
    if (!this.#overlay) this.#overlay = new Overlay(this.#doc, { css: this.#deps.overlayCss });
    // Accepted differences on this page (e.g. an e-mail outside the vendor's domain) stay visible as a warning.
    const notes = this.#notices.map((n) => `Note: ${n}`);
    const notice = [view.notice, ...notes].filter(Boolean).join('\n') || undefined;
    this.#overlay.show({ ...view, brand: this.#playbook.title, pageKind: pageKindOf(this.steps.find((s) => s.id === this.#currentId)), ...(notice ? { notice } : {}) });
  }

  #report(step: Step, status: 'done' | 'attention', note: string, force = false): void {
    const key = `${step.id}:${status}`;
    if (!force && this.#reported.has(key)) return;
    this.#reported.add(key);
    this.#send({ kind: 'keyhole/step', playbookId: this.#playbook.id, stepId: step.id, status, note, at: Date.now() });
  }

  #send(msg: ContentMessage): void {
    try {
      this.#deps.send(msg);
    } catch {
      /* extension reloaded: nothing to tell */
    }
  }

  /** For tests and the benchmark. */
  get findings(): Finding[] {
    return this.#lastFindings;
  }
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'page';
}
