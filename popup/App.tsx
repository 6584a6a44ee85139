/**
 * The popup. It closes whenever the admin clicks the page, so it holds nothing: everything it shows comes
 * from storage.local, and every action is a message to the background (the only writer).
 */
import { useState } from 'preact/hooks';
import type { Playbook, Step } from '../src/format/types.ts';
import type { Run, State } from '../src/progress/state.ts';
import { buildChecklist, checklistJson, checklistMarkdown, exportFilename } from '../src/progress/checklist.ts';
import {
  STEP_LABEL, appHomeUrl, currentStep, findingsSummary, formatWhen, revokeDone, revokeStepUrl, stepStatus, stepUrl, tenantHost, type FindingRow,
} from '../src/progress/view.ts';
import { observable, progress, relativeDays, stageViews, type StageState } from './stages.ts';
import { fillTemplate } from '../src/core/text.ts';
import { downloadText, extensionUrl, openOptions, openTab, send } from './api.ts';
import { useKeyholeData, type ListedPlaybook } from './useData.ts';
import { StorageStatus } from './StorageStatus.tsx';
import { TenantPicker } from './TenantPicker.tsx';
import { runView } from '../src/progress/state.ts';
import { KeyholeNotices } from './Notices.tsx';

export function App() {
  const { state, playbooks, loaded } = useKeyholeData();
  const active = playbooks.find((p) => p.id === state?.activeId);
  const stored = active && state ? state.runs[active.id] : undefined;
  const [tenantKey, setTenantKey] = useState<string | null>(null);
  const run = stored ? runView(stored, tenantKey) : undefined;

  return (
    <div class="popup">
      <header class="bar">
        <h1>Keyhole</h1>
        <button type="button" class="link" onClick={() => void openOptions()}>
          Import a playbook…
        </button>
      </header>
      {state?.notice ? <Notice text={state.notice} /> : null}
      <StorageStatus />
      <KeyholeNotices />
      {stored && run ? <TenantPicker run={stored} value={run.tenantKey ?? ''} onPick={setTenantKey} /> : null}
      {active && run ? <ActiveRun pb={active} run={run} /> : loaded ? <p class="muted">Pick a playbook to start. Keyhole then guides you on the vendor’s pages.</p> : null}
      <Picker playbooks={playbooks} state={state} />
    </div>
  );
}

function Notice({ text }: { text: string }) {
  return (
    <div class="notice" role="status">
      <span>{text}</span>
      <button type="button" class="small" onClick={() => void send({ kind: 'keyhole/dismiss-notice' })}>
        Dismiss
      </button>
    </div>
  );
}

function Picker({ playbooks, state }: { playbooks: ListedPlaybook[]; state: State | null }) {
  const byApp = new Map<string, ListedPlaybook[]>();
  for (const p of playbooks) byApp.set(p.app.name, [...(byApp.get(p.app.name) ?? []), p]);
  return (
    <section aria-labelledby="pick-h" class="picker">
      <h2 id="pick-h">{state?.activeId ? 'Switch playbook' : 'Playbooks'}</h2>
      {[...byApp.entries()].map(([app, list]) => (
        <div key={app} class="app-group" role="group" aria-labelledby={`app-${slug(app)}`}>
          <h3 id={`app-${slug(app)}`}>{app}</h3>
          <ul>
            {list.map((p) => {
              const isActive = state?.activeId === p.id;
              const inProgress = !!state?.runs[p.id];
              return (
                <li key={p.id} class="pick">
                  <button
                    type="button"
                    class={isActive ? 'start active' : 'start'}
                    data-playbook={p.id}
                    aria-current={isActive ? 'true' : undefined}
                    aria-describedby={`sum-${p.id}`}
                    onClick={() => void send({ kind: 'keyhole/start', playbookId: p.id })}
                  >
                    {p.title}
                  </button>
                  <span id={`sum-${p.id}`} class="muted small-text">
                    {isActive ? 'Active. ' : inProgress ? 'In progress. ' : ''}
                    {p.imported ? 'Imported. ' : ''}
                    {p.summary}
                  </span>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </section>
  );
}

function ActiveRun({ pb, run }: { pb: Playbook; run: Run }) {
  const cur = currentStep(pb, run);
  const tenant = tenantHost(pb, run);
  return (
    <section aria-labelledby="active-h" class="active-run" data-active={pb.id}>
      <DueBanner pb={pb} run={run} />
      <h2 id="active-h">{pb.title}</h2>
      <p class="muted small-text">
        {pb.vendor.name} · {pb.app.name} · {tenant ? <span data-keyhole-tenant>{tenant}</span> : `open ${pb.app.name} in a tab; Keyhole records your tenant when it sees it`}
      </p>
      <Progress pb={pb} run={run} />
      {cur ? <CurrentStep pb={pb} run={run} step={cur} /> : <p class="ok-text">Every step is done.</p>}
      <Findings run={run} />
      <Stages pb={pb} run={run} />
      <Reminder pb={pb} run={run} />
      <Exports pb={pb} run={run} />
      <RunControls pb={pb} />
    </section>
  );
}

/** Once access is granted, the revoke date comes first. */
function DueBanner({ pb, run }: { pb: Playbook; run: Run }) {
  if (!run.revokeDueAt || revokeDone(pb, run)) return null;
  const url = revokeStepUrl(pb, run);
  const now = Date.now();
  const overdue = run.revokeDueAt <= now;
  return (
    <section class={overdue ? 'due overdue' : 'due'} aria-labelledby="due-h" data-keyhole-due-banner>
      <h3 id="due-h">Revoke {pb.vendor.name}’s access</h3>
      <p data-keyhole-due>
        Due {formatWhen(run.revokeDueAt)} · {relativeDays(run.revokeDueAt, now)}
      </p>
      {url ? (
        <button type="button" class="small" data-keyhole-open-revoke onClick={() => void openTab(url).then(() => window.close())}>
          Open the revoke steps
        </button>
      ) : null}
    </section>
  );
}

function Progress({ pb, run }: { pb: Playbook; run: Run }) {
  const p = progress(pb, run);
  const pct = Math.round(p.value * 100);
  const text = p.stage ? `Stage ${p.stageIndex + 1} of ${p.stages}: ${p.stage}` : pct === 100 ? 'All stages done' : 'Not started';
  return (
    <div class="progress" data-keyhole-progress={pct}>
      <div class="progress-label small-text">
        <span id="progress-l">{text}</span>
        <span class="muted"> · {pct}%</span>
      </div>
      <progress max={100} value={pct} aria-labelledby="progress-l" aria-valuetext={`${pct}%: ${text}`} />
    </div>
  );
}

function CurrentStep({ pb, run, step }: { pb: Playbook; run: Run; step: Step }) {
  const exact = stepUrl(pb, step, run);
  const url = exact ?? (step.page ? appHomeUrl(pb, run) : null);
  return (
    <div class="current" data-current-step={step.id}>
      <p class="eyebrow">Now: {step.stage}</p>
      <p class="current-title">{fill(step.title, run)}</p>
      <p>{fill(step.instruction, run)}</p>
      {url ? (
        <button type="button" class="primary" data-keyhole-open={url} onClick={() => void openTab(url).then(() => window.close())}>
          {exact ? 'Open this page' : `Open ${pb.app.name}`} on {new URL(url).hostname}
        </button>
      ) : step.page ? (
        <p class="muted small-text">Open {pb.app.name} in a tab; the guide appears on the page.</p>
      ) : null}
      {!observable(step) && !step.warning ? (
        <p class="small-text">
          Keyhole cannot see this step.{' '}
          <button type="button" class="small" data-keyhole-mark-current={step.id} onClick={() => void send({ kind: 'keyhole/mark', playbookId: pb.id, stepId: step.id, done: true, ...(run.tenantKey ? { tenant: run.tenantKey } : {}) })}>
            Done by hand
          </button>
        </p>
      ) : null}
    </div>
  );
}

function Findings({ run }: { run: Run }) {
  const f = findingsSummary(run);
  if (!f.checks) return null;
  const list = (title: string, rows: FindingRow[], kind: string) =>
    rows.length ? (
      <div>
        <h4>{title}</h4>
        <ul class="findings-list" data-findings-list={kind}>
          {rows.map((r) => (
            <li key={`${r.checkId}:${r.name}`}>
              <strong>{r.label ?? r.name}</strong> <span class="muted">({r.checkTitle})</span>
              <br />
              <span class="small-text">{r.reason}</span>
            </li>
          ))}
        </ul>
      </div>
    ) : null;
  return (
    <section aria-labelledby="findings-h" class="findings">
      <h3 id="findings-h">Permission findings</h3>
      <details>
        <summary>
          <span class="count missing" data-count="missing">{f.missing.length} missing</span>{' '}
          <span class="count forbidden" data-count="forbidden">{f.forbidden.length} forbidden</span>{' '}
          <span class="count review" data-count="review">{f.review.length} to review</span>
          <span class="muted"> · {f.ok} fine</span>
        </summary>
        {list('Missing (required, off)', f.missing, 'missing')}
        {list('Forbidden (on, must be off)', f.forbidden, 'forbidden')}
        {list('Review (on, not needed)', f.review, 'review')}
        {!f.missing.length && !f.forbidden.length && !f.review.length ? <p class="ok-text">Nothing to fix so far.</p> : null}
      </details>
    </section>
  );
}

const STAGE_MARK: Record<StageState, string> = { done: '✓', current: '●', attention: '!', todo: '○' };
const STAGE_WORD: Record<StageState, string> = { done: 'done', current: 'current stage', attention: 'needs attention', todo: 'to do' };

/** The current stage open, the others collapsed; a finished stage's evidence is one click away. */
function Stages({ pb, run }: { pb: Playbook; run: Run }) {
  const stages = stageViews(pb, run);
  return (
    <section aria-labelledby="steps-h" class="steps-section">
      <h3 id="steps-h">Stages</h3>
      {stages.map((g) => (
        <details key={`${g.stage}:${g.state === 'current'}`} class={`stage stage-${g.state}`} data-stage={g.stage} data-stage-state={g.state} open={g.state === 'current'}>
          <summary>
            <span class={`stage-mark m-${g.state}`} aria-hidden="true">
              {STAGE_MARK[g.state]}
            </span>
            <span class="stage-name">{g.stage}</span>
            <span class="muted small-text">
              {g.done ? ` · ${g.done} done` : ''}
              {g.attention ? ` · ${g.attention} need${g.attention === 1 ? 's' : ''} attention` : ''}
              <span class="sr"> ({STAGE_WORD[g.state]})</span>
            </span>
          </summary>
          <ol class="steps">
            {g.steps.map((s) => (
              <StepRow key={s.id} pb={pb} run={run} step={s} />
            ))}
          </ol>
        </details>
      ))}
    </section>
  );
}

function StepRow({ pb, run, step }: { pb: Playbook; run: Run; step: Step }) {
  const [menu, setMenu] = useState(false);
  const st = stepStatus(step, run);
  const rec = run.steps[step.id];
  const mark = (done: boolean) => {
    setMenu(false);
    void send({ kind: 'keyhole/mark', playbookId: pb.id, stepId: step.id, done, ...(run.tenantKey ? { tenant: run.tenantKey } : {}) });
  };
  const title = fill(step.title, run);
  // Only steps Keyhole cannot observe are marked by hand; a step marked by hand can be undone.
  const canMark = st !== 'done' && !step.warning && !observable(step);
  const canUndo = st === 'done' && rec?.how === 'manual';
  const menuId = `menu-${step.id}`;
  return (
    <li data-step={step.id} data-status={st} class={`step ${st}`}>
      <span class={`badge ${st}`}>{STEP_LABEL[st]}</span>
      <span class="step-title">
        {title}
        {step.optional ? <span class="muted small-text"> (optional)</span> : null}
        {rec?.status === 'done' || rec?.status === 'attention' ? (
          <span class="evidence muted small-text" data-evidence={step.id}>
            {rec.note ? `${rec.note} ` : ''}({rec.how === 'manual' ? 'marked by you' : 'seen by Keyhole'}, {formatWhen(rec.at)})
          </span>
        ) : !observable(step) ? (
          <span class="how muted small-text"> · Keyhole cannot see this step</span>
        ) : null}
      </span>
      {canMark || canUndo ? (
        <span class="row-menu">
          <button
            type="button"
            class="small quiet menu-button"
            aria-haspopup="true"
            aria-expanded={menu}
            aria-controls={menuId}
            aria-label={`More for: ${title}`}
            data-keyhole-row-menu={step.id}
            onClick={() => setMenu(!menu)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') setMenu(false);
            }}
          >
            ⋯
          </button>
          {menu ? (
            <span class="menu" id={menuId}>
              {canMark ? (
                <button type="button" class="small" data-keyhole-mark={step.id} aria-label={`Done by hand: ${title}`} onClick={() => mark(true)}>
                  Done by hand
                </button>
              ) : (
                <button type="button" class="small" data-keyhole-unmark={step.id} aria-label={`Undo: ${title}`} onClick={() => mark(false)}>
                  Undo
                </button>
              )}
            </span>
          ) : null}
        </span>
      ) : null}
    </li>
  );
}

function Reminder({ pb, run }: { pb: Playbook; run: Run }) {
  const [days, setDays] = useState(String(run.revokeDays ?? pb.revokeAfterDays ?? ''));
  const [msg, setMsg] = useState('');
  if (!pb.steps.some((s) => s.phase === 'revoke')) return null;
  const revoked = revokeDone(pb, run);
  const url = revokeStepUrl(pb, run);
  const banner = !!run.revokeDueAt && !revoked;
  const save = async (e: Event) => {
    e.preventDefault();
    const n = days.trim() === '' ? null : Number(days);
    const r = await send({ kind: 'keyhole/revoke-days', playbookId: pb.id, days: n });
    setMsg(r.ok ? (n ? `Reminder set to ${n} days.` : 'Reminder off.') : r.error ?? 'Could not save.');
  };
  return (
    <section aria-labelledby="rem-h" class="reminder" id="revoke">
      <h3 id="rem-h">Revoke reminder</h3>
      <p data-keyhole-due={banner ? undefined : ''}>
        {revoked
          ? 'Access has been revoked.'
          : run.revokeDueAt
            ? `Reminder on ${formatWhen(run.revokeDueAt)}.`
            : run.revokeDays
              ? `Set for ${run.revokeDays} days after access is granted.`
              : 'No reminder.'}
      </p>
      {revoked ? null : (
        <form class="row" onSubmit={(e) => void save(e)}>
          <label for="rem-days">Remind after</label>
          <input id="rem-days" type="number" min={1} max={365} inputMode="numeric" value={days} onInput={(e) => setDays((e.target as HTMLInputElement).value)} />
          <span>days</span>
          <button type="submit" class="small">Save</button>
        </form>
      )}
      <p class="small-text" role="status">{msg}</p>
      {!revoked && !banner && url ? (
        <button type="button" class="small" data-keyhole-open-revoke onClick={() => void send({ kind: 'keyhole/revoke-start', playbookId: pb.id }).then(() => openTab(url)).then(() => window.close())}>
          Open the revoke steps
        </button>
      ) : null}
    </section>
  );
}

function Exports({ pb, run }: { pb: Playbook; run: Run }) {
  const save = (kind: 'markdown' | 'json') => {
    const c = buildChecklist(pb, run, Date.now());
    if (kind === 'markdown') downloadText(exportFilename(c, 'md'), checklistMarkdown(c), 'text/markdown;charset=utf-8');
    else downloadText(exportFilename(c, 'json'), checklistJson(c), 'application/json;charset=utf-8');
  };
  return (
    <section aria-labelledby="exp-h" class="exports">
      <h3 id="exp-h">Completion checklist</h3>
      <div class="row">
        <button type="button" data-keyhole-export="markdown" onClick={() => save('markdown')}>
          Save Markdown
        </button>
        <button type="button" data-keyhole-export="json" onClick={() => save('json')}>
          Save JSON
        </button>
        <button type="button" data-keyhole-report onClick={() => void openTab(`${extensionUrl('popup/report.html')}?playbook=${encodeURIComponent(pb.id)}`)}>
          Printable report
        </button>
      </div>
    </section>
  );
}

function RunControls({ pb }: { pb: Playbook }) {
  const [confirming, setConfirming] = useState(false);
  return (
    <div class="row controls">
      <button type="button" data-keyhole-stop onClick={() => void send({ kind: 'keyhole/stop' })}>
        Stop guiding
      </button>
      {confirming ? (
        <>
          <button type="button" class="danger" data-keyhole-reset-confirm onClick={() => void send({ kind: 'keyhole/reset', playbookId: pb.id }).then(() => setConfirming(false))}>
            Yes, erase this progress
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Keep it
          </button>
        </>
      ) : (
        <button type="button" data-keyhole-reset onClick={() => setConfirming(true)}>
          Reset progress…
        </button>
      )}
    </div>
  );
}

const fill = (text: string, run: Run): string => fillTemplate(text, run.params);

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-');
