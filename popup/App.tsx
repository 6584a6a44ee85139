import { useEffect, useState } from 'preact/hooks';
import type { Playbook } from '../src/core/types.ts';
import type { State } from '../src/progress/state.ts';
import { allPlaybooks } from '../src/playbook/registry.ts';
import { loadImported, loadState, onStorageChange, send } from './api.ts';
import { stepStatus } from '../src/progress/view.ts';

export function App() {
  const [state, setState] = useState<State | null>(null);
  const [imported, setImported] = useState<Record<string, Playbook>>({});
  const refresh = () => {
    void loadState().then(setState);
    void loadImported().then(setImported);
  };
  useEffect(() => {
    refresh();
    return onStorageChange(refresh);
  }, []);
  const playbooks = allPlaybooks(imported);
  const byApp = new Map<string, typeof playbooks>();
  for (const p of playbooks) byApp.set(p.app.name, [...(byApp.get(p.app.name) ?? []), p]);
  const active = playbooks.find((p) => p.id === state?.activeId);
  const run = active && state ? state.runs[active.id] : undefined;

  return (
    <div class="popup">
      <header>
        <h1>Keyhole</h1>
      </header>
      {active && run ? (
        <section aria-labelledby="active-h">
          <h2 id="active-h">{active.title}</h2>
          <ol class="steps">
            {active.steps.map((s) => {
              const st = stepStatus(s, run);
              return (
                <li key={s.id} data-step={s.id} data-status={st}>
                  <span class="status">{st}</span> {s.title}
                </li>
              );
            })}
          </ol>
          <button type="button" onClick={() => void send({ kind: 'keyhole/stop' })}>
            Stop guiding
          </button>
        </section>
      ) : null}
      <section aria-labelledby="pick-h">
        <h2 id="pick-h">Playbooks</h2>
        {[...byApp.entries()].map(([app, list]) => (
          <div key={app} class="app-group">
            <h3>{app}</h3>
            <ul>
              {list.map((p) => (
                <li key={p.id}>
                  <button type="button" data-playbook={p.id} onClick={() => void send({ kind: 'keyhole/start', playbookId: p.id })}>
                    {p.title}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </section>
    </div>
  );
}
