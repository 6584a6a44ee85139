// Stored state (v3) keeps each run's progress per tenant. For tests on one org: each run seen through its only
// (or most recent) tenant, with steps, findings and current where the one-progress state had them.
export function oneTenant(state) {
  if (!state?.runs) return state;
  const runs = {};
  for (const [id, run] of Object.entries(state.runs)) {
    const tenants = Object.values(run.tenants ?? {});
    const t = tenants[tenants.length - 1] ?? { steps: {}, findings: {}, current: null, host: null };
    runs[id] = { ...run, tenant: t.host, steps: t.steps, findings: t.findings, current: t.current };
  }
  return { ...state, runs };
}
