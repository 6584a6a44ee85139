/**
 * Managed rollout (issue 12), the background's edge: reads the policy from storage.managed (the rules themselves are
 * pure: src/progress/policy.ts) and tells the worker when IT changes it.
 */
import { NO_POLICY, parsePolicy, type Policy } from '../src/progress/policy.ts';

/**
 * The extension API without the polyfill (Firefox's promise-based `browser`, else Chrome's `chrome`, whose MV3
 * calls return promises): kept small and free of the polyfill, like the popup's copy
 * in popup/PolicyNotice.tsx.
 */
function ext(): typeof chrome | undefined {
  const g = globalThis as { browser?: typeof chrome; chrome?: typeof chrome };
  return g.browser?.runtime ? g.browser : g.chrome?.runtime ? g.chrome : undefined;
}

/**
 * The policy in force. No managed storage at all (Firefox without a policy throws "Managed storage manifest not
 * found"; Chrome answers {}) means no policy.
 */
export async function readPolicy(builtinIds?: ReadonlySet<string>): Promise<Policy> {
  let raw: unknown;
  try {
    raw = await ext()?.storage?.managed?.get(null);
  } catch {
    return NO_POLICY;
  }
  return parsePolicy(raw, builtinIds);
}

/** Call `cb` when IT changes the policy while the browser runs. */
export function onPolicyChange(cb: () => void): void {
  ext()?.storage.onChanged.addListener((_changes, area) => {
    if (area === 'managed') cb();
  });
}
