/**
 * Which tenant the popup shows: a run keeps separate progress and evidence per tenant (e.g. a production org and
 * its sandbox), so with more than one the admin picks; the default is the tenant worked on most recently.
 */
import { tenantKeys, type StoredRun } from '../src/progress/state.ts';

export function TenantPicker({ run, value, onPick }: { run: StoredRun; value: string; onPick: (key: string) => void }) {
  const keys = tenantKeys(run).filter((k) => k !== '');
  if (keys.length < 2) return null;
  return (
    <div class="row tenant-picker">
      <label for="tenant-pick">Tenant</label>
      <select id="tenant-pick" data-keyhole-tenant-picker value={value} onChange={(e) => onPick((e.target as HTMLSelectElement).value)}>
        {keys.map((k) => (
          <option key={k} value={k} data-tenant={k}>
            {run.tenants[k].host && run.tenants[k].host !== k ? `${k} (${run.tenants[k].host})` : k}
          </option>
        ))}
      </select>
      <span class="muted small-text">{keys.length} tenants, each with its own progress and checklist.</span>
    </div>
  );
}
