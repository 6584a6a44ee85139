// Static guarantees, checked on the sources and the manifest definition (the built bundle and the built
// manifest are checked again in tests/e2e/security.test.mjs):
// - no HTML sinks or string-to-code anywhere (page text is only ever text);
// - the content scripts never act on the page (no clicks, submits, synthetic events or value writes) and
//   never listen to window messages;
// - no network API anywhere in Keyhole;
// - the manifest asks only for what the code uses, each permission and each production dependency is
//   justified in SECURITY.md.
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import manifest from '../../manifest.config.ts';
import { CONSOLE_MATCHES as VENDOR_MATCHES, SHELL_EXCLUDES } from '../../src/consoles/hosts.ts';

const ROOTS = ['src', 'content-scripts', 'popup', 'background'];
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|tsx|js|mjs|html)$/.test(n) ? [p] : [];
  });
}
const SOURCES = ROOTS.flatMap(files).map((path) => ({ path, text: readFileSync(path, 'utf8') }));
/** Comments say what the code never does, so strip them before looking for calls. */
const code = (t: string) => t.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');

function offenders(patterns: RegExp[], where: (path: string) => boolean = () => true): string[] {
  const out: string[] = [];
  for (const { path, text } of SOURCES.filter((s) => where(s.path))) {
    const lines = code(text).split('\n');
    lines.forEach((line, i) => {
      for (const re of patterns) if (re.test(line)) out.push(`${path}:${i + 1}: ${line.trim()} (${re.source})`);
    });
  }
  return out;
}

describe('page data is only ever text', () => {
  it('has sources to scan', () => {
    expect(SOURCES.length).toBeGreaterThan(20);
    expect(SOURCES.some((s) => s.path.endsWith('overlay.ts'))).toBe(true);
  });

  it('no HTML sinks and no string-to-code in src/, content-scripts/, popup/, background/', () => {
    const sinks = [
      /\binnerHTML\b/, /\bouterHTML\s*=/, /\binsertAdjacentHTML\b/, /\bdangerouslySetInnerHTML\b/, /\beval\s*\(/, /\bnew\s+Function\s*\(/,
      /(^|[^.\w])Function\s*\(\s*['"`]/, /\bdocument\s*\.\s*write(ln)?\s*\(/, /\bcreateContextualFragment\b/, /\bsetHTMLUnsafe\b/, /\bparseHTMLUnsafe\b/,
      /\bDOMParser\b/, /\bsrcdoc\b/, /\bset(Timeout|Interval)\s*\(\s*['"`]/, /\bimportScripts\s*\(/, /\bimport\s*\(\s*['"`]https?:/,
    ];
    expect(offenders(sinks)).toEqual([]);
  });

  it('the scanner itself catches each sink (so this test can fail)', () => {
    const bad = ['el.innerHTML = x', 'el.outerHTML = x', "el.insertAdjacentHTML('beforeend', x)", '<div dangerouslySetInnerHTML={{ __html: x }} />', 'eval(x)', 'new Function(x)', 'document.write(x)'];
    const sinks = [/\binnerHTML\b/, /\bouterHTML\s*=/, /\binsertAdjacentHTML\b/, /\bdangerouslySetInnerHTML\b/, /\beval\s*\(/, /\bnew\s+Function\s*\(/, /\bdocument\s*\.\s*write(ln)?\s*\(/];
    for (const b of bad) expect(sinks.some((re) => re.test(code(b))), b).toBe(true);
    expect(code('// el.innerHTML = x')).not.toMatch(/innerHTML/);
  });

  it('extension pages load only their own scripts (no inline or remote script)', () => {
    for (const { path, text } of SOURCES.filter((s) => s.path.endsWith('.html'))) {
      for (const tag of text.match(/<script\b[^>]*>/g) ?? []) {
        expect(tag, path).toMatch(/\bsrc="\.?\/?[\w./-]+"/);
        expect(tag, path).not.toMatch(/src="(https?:)?\/\//);
      }
      expect(text, path).not.toMatch(/<script\b(?![^>]*\bsrc=)[^>]*>\s*\S/);
      expect(text, path).not.toMatch(/\son[a-z]+\s*=/i);
    }
  });
});

describe('Keyhole never acts on the vendor page', () => {
  const pageSide = (p: string) => p.startsWith('content-scripts') || p.startsWith(join('src', 'core')) || p.startsWith(join('src', 'consoles')) || p.startsWith(join('src', 'grantees'));

  it('content scripts and the core never click, submit, dispatch events or write values', () => {
    const actions = [
      /\.click\s*\(/, /\.submit\s*\(/, /\brequestSubmit\s*\(/, /\bdispatchEvent\s*\(/, /\.checked\s*=[^=]/, /\.value\s*=[^=]/, /\.selected\s*=[^=]/,
      /\.selectedIndex\s*=[^=]/, /\.focus\s*\(/, /\.blur\s*\(/, /\bsetAttribute\s*\(\s*['"`](checked|value|selected|aria-checked)/, /\btoggleAttribute\b/,
      /\bexecCommand\b/, /\.reset\s*\(\s*\)/, /\blocation\s*\.\s*(assign|replace|reload)\s*\(/, /\blocation\s*\.\s*href\s*=[^=]/, /\bhistory\s*\.\s*(push|replace)State\b/,
    ];
    expect(offenders(actions, pageSide)).toEqual([]);
  });

  it('content scripts never listen to window messages (the page cannot talk to Keyhole)', () => {
    expect(offenders([/\bpostMessage\b/, /addEventListener\s*\(\s*['"`]message['"`]/, /\bonmessage\b/, /\bonMessageExternal\b/, /\bonConnect(External)?\b/], (p) => !p.startsWith('background'))).toEqual([]);
  });

  it('the only attributes Keyhole writes on page elements are its own data-keyhole-* marks', () => {
    const writes = offenders([/\.setAttribute\s*\(/, /\.removeAttribute\s*\(/], (p) => p.startsWith(join('content-scripts', 'agent.ts')) || p.startsWith(join('content-scripts', 'marks.ts')));
    for (const w of writes) expect(w).toMatch(/ATTR_(TARGET|VERDICT)/);
  });
});

describe('no network', () => {
  it('no fetch, XHR, WebSocket, beacon, EventSource or remote URL load anywhere in Keyhole', () => {
    const net = [/\bfetch\s*\(/, /\bXMLHttpRequest\b/, /\bWebSocket\b/, /\bsendBeacon\b/, /\bEventSource\b/, /\bRTCPeerConnection\b/, /\bnew\s+Worker\s*\(/, /\bnew\s+Image\s*\(/];
    expect(offenders(net)).toEqual([]);
  });
});

describe('least privilege', () => {
  const m = manifest as unknown as Record<string, unknown> & {
    permissions: string[];
    host_permissions: string[];
    content_scripts: Array<{ matches: string[]; exclude_matches?: string[]; js: string[]; all_frames?: boolean }>;
    content_security_policy: { extension_pages: string };
  };
  const SECURITY = readFileSync('SECURITY.md', 'utf8');
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };

  it('permissions: exactly storage, alarms, notifications; nothing optional, nothing external', () => {
    expect([...m.permissions].sort()).toEqual(['alarms', 'notifications', 'storage']);
    for (const key of ['optional_permissions', 'optional_host_permissions', 'externally_connectable', 'web_accessible_resources', 'sandbox', 'oauth2', 'key', 'update_url', 'chrome_url_overrides', 'devtools_page', 'declarative_net_request']) {
      expect(m[key], key).toBeUndefined();
    }
  });

  it('host permissions and content-script matches: only the HiBob and Salesforce hosts, https only', () => {
    expect(m.host_permissions).toEqual(VENDOR_MATCHES);
    for (const cs of m.content_scripts) expect(cs.matches).toEqual(VENDOR_MATCHES);
    for (const p of VENDOR_MATCHES) {
      expect(p).toMatch(/^https:\/\/(app\.hibob\.com|\*\.my\.salesforce\.com|\*\.my\.salesforce-setup\.com)\/\*$/);
    }
    // The Lightning app shell gets neither access nor a script: the Setup pages it frames are on the hosts above.
    expect(JSON.stringify(m)).not.toContain('lightning.force.com');
    for (const cs of m.content_scripts) expect(cs.exclude_matches).toEqual(SHELL_EXCLUDES);
    expect(SHELL_EXCLUDES).toEqual(['https://*.my.salesforce.com/lightning/*', 'https://*.my.salesforce-setup.com/lightning/*']);
    expect(JSON.stringify(m)).not.toMatch(/<all_urls>|\*:\/\/\*|https?:\/\/\*\/|http:\/\//);
  });

  it('a strict CSP for extension pages: own scripts only, no eval, no objects, no base, no framing', () => {
    const csp = m.content_security_policy.extension_pages;
    const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([k, ...v]) => [k, v]));
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['base-uri']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(csp).not.toMatch(/unsafe|wasm|https?:|data:|blob:|\*/);
  });

  it('every permission is used by the code, and the code uses no API it has not declared', () => {
    const all = SOURCES.map((s) => code(s.text)).join('\n');
    for (const p of m.permissions) expect(all, p).toMatch(new RegExp(`browser\\.${p}\\.`));
    const used = new Set([...all.matchAll(/\bbrowser\.([a-zA-Z]+)\./g)].map((x) => x[1]));
    // runtime, tabs.create/sendMessage and commands (keyboard shortcuts) need no permission; everything else must be declared.
    const free = new Set(['runtime', 'i18n', 'tabs', 'action', 'commands']);
    for (const ns of used) expect(free.has(ns) || m.permissions.includes(ns), `browser.${ns} is used but not declared`).toBe(true);
    const tabsCalls = [...all.matchAll(/\bbrowser\.tabs\.([a-zA-Z]+)/g)].map((x) => x[1]);
    expect(new Set(tabsCalls)).toEqual(new Set(['create', 'sendMessage']));
    expect(all).not.toMatch(/\bchrome\.(scripting|cookies|webRequest|debugger|tabs\.executeScript|downloads|history|identity)\b/);
  });

  it('SECURITY.md justifies each manifest permission and host pattern one by one', () => {
    for (const p of m.permissions) expect(SECURITY, p).toMatch(new RegExp(`^\\|\\s*\`${p}\`\\s*\\|.{20,}`, 'm'));
    for (const h of VENDOR_MATCHES) expect(SECURITY, h).toContain(`\`${h}\``);
    for (const h of ['What Keyhole can read', 'What Keyhole stores', 'What Keyhole never does']) expect(SECURITY).toContain(h);
  });

  it('production dependencies: the few SECURITY.md justifies one by one, pinned to exact versions', () => {
    const deps = Object.entries(pkg.dependencies);
    expect(deps.length).toBeLessThanOrEqual(3);
    for (const [name, version] of deps) {
      expect(version, name).toMatch(/^\d+\.\d+\.\d+$/);
      expect(SECURITY, name).toMatch(new RegExp(`^\\|\\s*\`${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\`\\s*\\|\\s*${version.replace(/\./g, '\\.')}\\s*\\|.{20,}`, 'm'));
    }
  });
});
