/**
 * Says so when Keyhole cannot save progress (storage full or failing): how many changes wait, that they are kept
 * and retried, and a button to try now. The worker holds the failure (background/store.ts); the popup asks.
 */
import { useEffect, useState } from 'preact/hooks';
import { send } from './api.ts';

interface Failure {
  since: number;
  error: string;
  pending: number;
}

type StatusReply = { ok: boolean; failure?: Failure | null };

export function StorageStatus({ pollMs = 2_000 }: { pollMs?: number }) {
  const [failure, setFailure] = useState<Failure | null>(null);
  useEffect(() => {
    let alive = true;
    const ask = () =>
      void send<StatusReply>({ kind: 'keyhole/storage-status' })
        .then((r) => alive && setFailure(r?.failure ?? null))
        .catch(() => undefined);
    ask();
    const t = setInterval(ask, pollMs);
    return () => {
      alive = false;
      clearInterval(t);
    };
  }, [pollMs]);
  if (!failure) return null;
  const retry = () => void send<StatusReply>({ kind: 'keyhole/storage-retry' }).then((r) => setFailure(r?.failure ?? null));
  return (
    <div class="notice" role="alert" data-keyhole-storage-failure>
      <span>
        Keyhole cannot save your progress right now ({failure.error}). {failure.pending} change{failure.pending === 1 ? '' : 's'} not saved yet: kept
        and retried; nothing saved before is lost. Free some browser storage, or keep this tab open.
      </span>
      <button type="button" class="small" onClick={retry}>
        Try again
      </button>
    </div>
  );
}
