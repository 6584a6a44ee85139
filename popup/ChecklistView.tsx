/** The completion checklist as a page (report.html): the same whitelisted object the exports use. */
import { Fragment } from 'preact';
import type { Checklist } from '../src/progress/checklist.ts';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '—');

export function ChecklistView({ c }: { c: Checklist }) {
  return (
    <article class="report" aria-labelledby="report-h">
      <h1 id="report-h">Completion checklist: {c.playbook.title}</h1>
      <dl class="facts">
        <dt>Playbook</dt>
        <dd>
          <code>{c.playbook.id}</code> version {c.playbook.version}
        </dd>
        <dt>Vendor</dt>
        <dd>{c.vendor}</dd>
        <dt>App</dt>
        <dd>{c.app}</dd>
        <dt>Tenant</dt>
        <dd data-report-tenant>{c.tenant ?? 'not recorded yet'}</dd>
        {c.params.map((p) => (
          <Fragment key={p.name}>
            <dt>{p.label}</dt>
            <dd>{p.value}</dd>
          </Fragment>
        ))}
        <dt>Started</dt>
        <dd>{when(c.startedAt)}</dd>
        <dt>Generated</dt>
        <dd>{when(c.generatedAt)}</dd>
        <dt>Revoke reminder</dt>
        <dd data-report-due>
          {c.revoke.done ? 'Access revoked' : c.revoke.dueAt ? `Due ${when(c.revoke.dueAt)}` : c.revoke.afterDays ? `${c.revoke.afterDays} days after access is granted` : 'None'}
        </dd>
      </dl>

      <section aria-labelledby="r-steps">
        <h2 id="r-steps">Steps</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">Step</th>
              <th scope="col">Status</th>
              <th scope="col">When</th>
              <th scope="col">How</th>
              <th scope="col">Evidence</th>
            </tr>
          </thead>
          <tbody>
            {c.steps.map((s) => (
              <tr key={s.id} data-report-step={s.id} id={s.phase === 'revoke' && c.steps.find((x) => x.phase === 'revoke') === s ? 'revoke' : undefined}>
                <th scope="row">
                  {s.title}
                  <span class="muted"> · {s.stage}</span>
                </th>
                <td>{s.status === 'done' ? 'Done' : s.status === 'attention' ? 'Needs attention' : s.optional ? 'Open (optional)' : 'Open'}</td>
                <td>{when(s.at)}</td>
                <td>{s.how === 'manual' ? (s.manualOnly ? 'Manual' : 'Manual (observable)') : s.how === 'observed' ? 'Observed' : '—'}</td>
                <td>{s.note ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="r-perm">
        <h2 id="r-perm">Permissions</h2>
        {c.permissions.length ? null : <p>No permission check was observed.</p>}
        {c.permissions.map((p) => (
          <section key={p.id} class="check" aria-labelledby={`chk-${p.id}`} data-report-check={p.id}>
            <h3 id={`chk-${p.id}`}>{p.title}</h3>
            <p class="muted">
              Observed {when(p.observedAt)} on {p.tenant || 'unknown host'}; {p.savedAt ? `saved ${when(p.savedAt)}` : 'not seen saved'}.
            </p>
            <h4>Required</h4>
            <ul>
              {p.required.map((i) => (
                <li key={i.name} class={i.ok ? 'good' : 'bad'}>
                  <strong>{i.name}</strong>: {i.ok ? 'on' : 'off (missing)'}. <span class="muted">{i.reason}</span>
                </li>
              ))}
              {p.requiredNotSeen.map((r) => (
                <li key={r.rule} class={r.mayBeElsewhere ? '' : 'bad'}>
                  <strong>{r.rule}</strong>: {r.mayBeElsewhere ? 'not on this page (may be listed elsewhere)' : 'not seen'}. <span class="muted">{r.reason}</span>
                </li>
              ))}
              {!p.required.length && !p.requiredNotSeen.length ? <li>None on this page.</li> : null}
            </ul>
            <h4>Forbidden</h4>
            <ul>
              {p.forbidden.map((i) => (
                <li key={i.name} class={i.on ? 'bad' : 'good'}>
                  <strong>{i.name}</strong>: {i.on ? 'ON, must be off' : 'confirmed off'}. <span class="muted">{i.reason}</span>
                </li>
              ))}
              {!p.forbidden.length ? <li>None on this page.</li> : null}
            </ul>
            {!p.verified ? (
              <p class="bad" data-keyhole-unverified>
                <strong>Not verified</strong>: the page’s permission names were in a language Keyhole cannot read ({p.unverifiedItems} item(s) without a verdict).
              </p>
            ) : null}
            <h4>Review</h4>
            {p.reviewGroups.length ? (
              p.reviewGroups.map((g) => (
                <details key={g.key} data-review-group={g.key}>
                  <summary>{g.line}</summary>
                  <ul>
                    {g.items.map((i) => (
                      <li key={i.name}>
                        <strong>{i.name}</strong>: on. <span class="muted">{i.reason}</span>
                      </li>
                    ))}
                  </ul>
                </details>
              ))
            ) : (
              <ul>
                {p.review.map((i) => (
                  <li key={i.name}>
                    <strong>{i.name}</strong>: on. <span class="muted">{i.reason}</span>
                  </li>
                ))}
                {!p.review.length ? <li>Nothing to review.</li> : null}
              </ul>
            )}
          </section>
        ))}
        {c.checksNotObserved.length ? (
          <>
            <h3>Not observed</h3>
            <ul>
              {c.checksNotObserved.map((n) => (
                <li key={n.stepId}>{n.title}</li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <section aria-labelledby="r-open">
        <h2 id="r-open">Still open</h2>
        {c.open.length ? (
          <ul data-report-open>
            {c.open.map((o) => (
              <li key={o}>{o}</li>
            ))}
          </ul>
        ) : (
          <p>Nothing: every step is done and access has been revoked.</p>
        )}
      </section>
      <p class="muted small-text">Keyhole records step ids, permission names and verdicts, hosts and times only; never a password, token, session id or cookie.</p>
    </article>
  );
}
