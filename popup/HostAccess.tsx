/**
 * Host access (issue 12). Firefox lets the user withdraw an add-on's host permissions (Add-ons → Keyhole →
 * Permissions, or the toolbar's site menu); Keyhole then silently stops seeing HiBob and Salesforce pages. The popup
 * checks with permissions.contains and offers a button that asks again; permissions.request is called straight from
 * the click (browsers only show the prompt for a user action). Chrome grants required host permissions for good, so
 * there this renders nothing unless site access was restricted.
 */
import { useEffect, useState } from 'preact/hooks';

type Ext = typeof chrome;
function ext(): Ext | undefined {
  const g = globalThis as { browser?: Ext; chrome?: Ext };
  return g.browser?.permissions ? g.browser : g.chrome?.permissions ? g.chrome : undefined;
}

/** The vendor origins the manifest asks for (one list: manifest host_permissions). */
function wantedOrigins(): string[] {
  return (ext()?.runtime.getManifest().host_permissions ?? []).slice();
}

/** The wanted origins the browser does not grant now. */
async function missingOrigins(): Promise<string[]> {
  const api = ext();
  if (!api) return [];
  const out: string[] = [];
  for (const origin of wantedOrigins()) {
    const ok = await api.permissions.contains({ origins: [origin] }).catch(() => true);
    if (!ok) out.push(origin);
  }
  return out;
}

const hostOf = (pattern: string) => pattern.replace(/^https:\/\//, '').replace(/\/\*$/, '');

export function HostAccess() {
  const [missing, setMissing] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const api = ext();
    if (!api) return undefined;
    let alive = true;
    const check = () => void missingOrigins().then((m) => alive && setMissing(m));
    check();
    api.permissions.onAdded?.addListener(check);
    api.permissions.onRemoved?.addListener(check);
    return () => {
      alive = false;
      api.permissions.onAdded?.removeListener(check);
      api.permissions.onRemoved?.removeListener(check);
    };
  }, []);
  if (missing.length === 0) return null;
  const ask = () => {
    // No await before request(): the prompt needs the click's user activation.
    const p = ext()?.permissions.request({ origins: wantedOrigins() });
    void p
      ?.then(async (granted) => {
        setError(granted ? null : 'Access was not granted. Keyhole cannot guide you on these sites without it.');
        setMissing(await missingOrigins());
      })
      .catch((e: Error) => setError(e.message));
  };
  return (
    <div class="notice" role="alert" data-keyhole-host-access>
      <span>
        Keyhole has no access to {missing.map(hostOf).join(', ')}, so it cannot guide you or check permissions there. Access was
        withdrawn in the browser’s add-on settings.
        {error ? ` ${error}` : ''}
      </span>
      <button type="button" class="small" data-keyhole-request-access onClick={ask}>
        Allow access
      </button>
    </div>
  );
}
