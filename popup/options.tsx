/** Options: import a vendor-authored playbook (validated by the same zod schema), list and remove imports. */
import { render } from 'preact';
import { useState } from 'preact/hooks';
import { send } from './api.ts';
import { useKeyholeData } from './useData.ts';
import { PolicyNotice, usePolicy } from './PolicyNotice.tsx'; // issue 12: managed policy
import { isManaged } from '../src/progress/policy.ts';
import './popup.css';

type Result = { kind: 'ok'; text: string } | { kind: 'error'; file: string; errors: string[] } | null;

function Options() {
  const { playbooks } = useKeyholeData();
  const policy = usePolicy();
  const importsOff = policy?.allowImports === false;
  const [result, setResult] = useState<Result>(null);
  const [busy, setBusy] = useState(false);

  const onFile = async (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    setBusy(true);
    try {
      if (file.size > 1_000_000) {
        setResult({ kind: 'error', file: file.name, errors: ['(root): the file is larger than 1 MB'] });
        return;
      }
      const r = await send<{ ok: boolean; id?: string; errors?: string[]; error?: string }>({ kind: 'keyhole/import', json: await file.text() });
      if (r.ok) setResult({ kind: 'ok', text: `Imported “${r.id}” from ${file.name}. It is listed in the popup beside the built-in playbooks.` });
      else setResult({ kind: 'error', file: file.name, errors: r.errors ?? [r.error ?? 'unknown error'] });
    } finally {
      setBusy(false);
      input.value = '';
    }
  };

  const imported = playbooks.filter((p) => p.imported && !isManaged(p));
  const managed = playbooks.filter((p) => isManaged(p));
  const builtin = playbooks.filter((p) => !p.imported);
  return (
    <main class="page options">
      <h1>Keyhole options</h1>
      <PolicyNotice policy={policy} />
      <section aria-labelledby="imp-h">
        <h2 id="imp-h">Import a playbook</h2>
        <p>
          A vendor can describe its own least-privilege setup as a playbook JSON file (see <code>docs/playbook-format.md</code> and{' '}
          <code>playbook.schema.json</code> in the Keyhole repository). Keyhole checks it with the same schema as its built-in playbooks.
        </p>
        <label for="import-file" class="file-label">
          Playbook file (.json)
        </label>
        <input id="import-file" type="file" accept=".json,application/json" data-keyhole-import disabled={busy || importsOff} aria-describedby={importsOff ? 'imp-off' : undefined} onChange={(e) => void onFile(e)} />
        {importsOff ? (
          <p id="imp-off" class="muted" data-keyhole-import-off>
            Your organisation’s policy turns playbook import off.
          </p>
        ) : null}
        <div aria-live="polite">
          {result?.kind === 'ok' ? (
            <p class="ok-text" data-keyhole-import-ok>
              {result.text}
            </p>
          ) : result?.kind === 'error' ? (
            <div class="errors" role="alert" data-keyhole-import-errors>
              <p>
                <strong>{result.file}</strong> was not imported: {result.errors.length} problem{result.errors.length === 1 ? '' : 's'}.
              </p>
              <ul>
                {result.errors.map((e) => (
                  <li key={e}>
                    <code>{e.split(': ')[0]}</code>: {e.split(': ').slice(1).join(': ')}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </div>
      </section>
      <section aria-labelledby="list-h">
        <h2 id="list-h">Imported playbooks</h2>
        {imported.length ? (
          <ul class="plain">
            {imported.map((p) => (
              <li key={p.id} data-imported={p.id} class="row">
                <span>
                  <strong>{p.title}</strong> <span class="muted">({p.id} {p.version}, {p.vendor.name}, {p.app.name})</span>
                </span>
                <button type="button" class="small danger" data-keyhole-remove={p.id} aria-label={`Remove ${p.title}`} onClick={() => void send({ kind: 'keyhole/remove-playbook', playbookId: p.id })}>
                  Remove
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">None yet.</p>
        )}
        {managed.length ? (
          <>
            <h2>Provided by your organisation</h2>
            <ul class="plain">
              {managed.map((p) => (
                <li key={p.id} data-managed={p.id}>
                  <strong>{p.title}</strong> <span class="muted">({p.id} {p.version}, set by policy)</span>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <h2>Built-in playbooks</h2>
        <ul class="plain">
          {builtin.map((p) => (
            <li key={p.id} data-builtin={p.id}>
              <strong>{p.title}</strong> <span class="muted">({p.id} {p.version})</span>
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}

render(<Options />, document.getElementById('app')!);
