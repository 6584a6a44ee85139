/** The printable report: report.html?playbook=<id> (default: the active playbook). The browser prints it to PDF. */
import { render } from 'preact';
import { buildChecklist } from '../src/progress/checklist.ts';
import { ChecklistView } from './ChecklistView.tsx';
import { useKeyholeData } from './useData.ts';
import { runView, runViews } from '../src/progress/state.ts';
import './popup.css';

function Report() {
  const { state, playbooks, loaded } = useKeyholeData();
  if (!loaded || !state) return <p>Loading…</p>;
  const id = new URLSearchParams(location.search).get('playbook') ?? state.activeId;
  const pb = playbooks.find((p) => p.id === id);
  const run = id ? state.runs[id] : undefined;
  if (!pb || !run) {
    return (
      <main class="page">
        <h1>Keyhole report</h1>
        <p>There is no progress for this playbook yet. Start it from the Keyhole popup.</p>
      </main>
    );
  }
  // One checklist per tenant (?tenant=<key> for one of them).
  const tenant = new URLSearchParams(location.search).get('tenant');
  const lists = (tenant ? [runView(run, tenant)] : runViews(run)).map((view) => buildChecklist(pb, view, Date.now()));
  document.title = `Keyhole checklist: ${lists[0].playbook.title}`;
  return (
    <main class="page">
      <div class="no-print row">
        <button type="button" class="primary" data-keyhole-print onClick={() => window.print()}>
          Print or save as PDF
        </button>
      </div>
      {lists.map((c) => (
        <ChecklistView key={c.tenantKey ?? ''} c={c} />
      ))}
    </main>
  );
}

render(<Report />, document.getElementById('app')!);
