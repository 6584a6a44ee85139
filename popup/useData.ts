/** State and playbooks, live: re-read whenever storage.local changes (the background is the only writer). */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Playbook } from '../src/format/types.ts';
import type { State } from '../src/progress/state.ts';
import { allPlaybooks } from '../src/builtins.ts';
import { loadImported, loadState, onStorageChange } from './api.ts';

export type ListedPlaybook = Playbook & { imported?: boolean };

export function useKeyholeData(): { state: State | null; playbooks: ListedPlaybook[]; loaded: boolean } {
  const [state, setState] = useState<State | null>(null);
  const [imported, setImported] = useState<Record<string, Playbook>>({});
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    let alive = true;
    const refresh = () =>
      void Promise.all([loadState(), loadImported()]).then(([s, i]) => {
        if (!alive) return;
        setState(s);
        setImported(i);
        setLoaded(true);
      });
    refresh();
    const off = onStorageChange(refresh);
    return () => {
      alive = false;
      off();
    };
  }, []);
  const playbooks = useMemo(() => allPlaybooks(imported), [imported]);
  return { state, playbooks, loaded };
}
