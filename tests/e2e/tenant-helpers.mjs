// Stored state (v3) keeps each run's progress per tenant. For tests on one org: each run seen through its tenant
// worked on most recently (as the popup's runView picks it), with steps, findings and current where the
// one-progress state had them. Earlier tests in a file may have left another org's tenant in the same run.
const lastActivity = (t) =>
  Math.max(0, ...Object.values(t.steps ?? {}).map((x) => x.at), t.current?.at ?? 0, ...Object.values(t.findings ?? {}).map((f) => f.at));

export function oneTenant(state) {
  if (!state?.runs) return state;
  const runs = {};
  for (const [id, run] of Object.entries(state.runs)) {
    const keys = Object.keys(run.tenants ?? {}).sort((a, b) => lastActivity(run.tenants[b]) - lastActivity(run.tenants[a]) || a.localeCompare(b));
    const t = keys.length ? run.tenants[keys[0]] : { steps: {}, findings: {}, current: null, host: null };
    runs[id] = { ...run, tenant: t.host, steps: t.steps, findings: t.findings, current: t.current };
  }
  return { ...state, runs };
}
