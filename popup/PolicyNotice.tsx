/**
 * What the organisation's policy sets (issue 12, background/policy.ts): the popup and the options page say so,
 * because policy values win over what the admin chooses here.
 */
import { useEffect, useState } from 'preact/hooks';
import { NO_POLICY, parsePolicy, type Policy } from '../src/progress/policy.ts';
import { builtinPlaybooks } from '../src/builtins.ts';

/** The popup's own read of storage.managed (contexts never import each other; the rules are in src/progress/policy.ts). */
async function readPolicy(builtinIds: ReadonlySet<string>): Promise<Policy> {
  const g = globalThis as { browser?: typeof chrome; chrome?: typeof chrome };
  const api = g.browser?.runtime ? g.browser : g.chrome?.runtime ? g.chrome : undefined;
  try {
    return parsePolicy(await api?.storage?.managed?.get(null), builtinIds);
  } catch {
    return NO_POLICY; // Firefox without a policy: "Managed storage manifest not found"
  }
}

export function usePolicy(): Policy | null {
  const [policy, setPolicy] = useState<Policy | null>(null);
  useEffect(() => {
    let alive = true;
    // Built-in ids passed so a policy playbook that collides with one is reported, not silently dropped.
    void readPolicy(new Set(builtinPlaybooks().map((p) => p.id)))
      .then((p) => alive && setPolicy(p))
      .catch(() => alive && setPolicy(NO_POLICY));
    return () => {
      alive = false;
    };
  }, []);
  return policy;
}

/** One line per value the policy sets. */
function policyLines(p: Policy): string[] {
  const lines: string[] = [];
  const pbs = Object.values(p.playbooks);
  if (pbs.length) lines.push(`Playbooks provided: ${pbs.map((pb) => `“${pb.title}”`).join(', ')}.`);
  if (p.revokeReminderDays !== null) lines.push(`Revoke reminder: ${p.revokeReminderDays} days for every new run (you may choose fewer, not more).`);
  if (!p.allowImports) lines.push('Importing playbooks is turned off; playbooks imported earlier are not offered.');
  for (const problem of p.problems) lines.push(`Not applied: ${problem}`);
  return lines;
}

export function PolicyNotice({ policy }: { policy?: Policy | null }) {
  const fromHook = usePolicy();
  const p = policy ?? fromHook;
  if (!p?.managed) return null;
  return (
    <div class="notice" role="status" data-keyhole-policy>
      <span>
        <strong>Set by your organisation’s policy.</strong>{' '}
        {policyLines(p).map((l) => (
          <span key={l} data-keyhole-policy-line>
            {l}{' '}
          </span>
        ))}
      </span>
    </div>
  );
}
