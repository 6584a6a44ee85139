// The architecture, written down and enforced (in the spirit of Refined GitHub's build/features.test.ts). Layers,
// bottom to top; a file may import its own layer or any layer below, never above, never a sibling:
//
//   0 format     src/format        the playbook format (zod schema, types)
//   1 core       src/core          the pure engine (no console, no framework, no browser API)
//   2 consoles   src/consoles      console knowledge (pages, markup, rules, stage builders); one console never
//                                  imports another's folder
//   2 model      src/progress, src/messages.ts   progress state, views, checklist, message protocol
//   3 grantees   src/grantees      one playbook file per grantee × console; grantees never import each other
//   4 builtins   src/builtins.ts   the registry (built-ins parsed once, imported playbooks)
//   5 contexts   content-scripts/, background/, popup/   the extension's contexts; they never import each other
//
// Also: no chrome./browser. under src/; no console names or framework class names in src/core and src/format; no
// grantee names in the consoles or the model (a grantee's wording lives in its own file);
// zod (and the webextension polyfill) never reach the content-script bundle; no export nobody imports.
// Each check runs on an in-memory file set, so the last tests plant violations and watch them fail.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { posix } from 'node:path';

type Files = Map<string, string>;

interface Layer {
  name: string;
  rank: number;
}

const LAYERS: Array<[RegExp, Layer]> = [
  [/^src\/format\//, { name: 'format', rank: 0 }],
  [/^src\/core\//, { name: 'core', rank: 1 }],
  [/^src\/consoles\//, { name: 'consoles', rank: 2 }],
  [/^src\/(progress\/|messages\.ts$)/, { name: 'model', rank: 2 }],
  [/^src\/grantees\//, { name: 'grantees', rank: 3 }],
  [/^src\/builtins\.ts$/, { name: 'builtins', rank: 4 }],
  [/^content-scripts\//, { name: 'content', rank: 5 }],
  [/^background\//, { name: 'background', rank: 5 }],
  [/^popup\//, { name: 'popup', rank: 5 }],
];

export function layerOf(path: string): Layer | null {
  return LAYERS.find(([re]) => re.test(path))?.[1] ?? null;
}

/** Comments out; string contents kept (import specifiers are strings). */
function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

interface Import {
  spec: string;
  /** The resolved repository path for a relative import; null for a package. */
  path: string | null;
  typeOnly: boolean;
  names: string[];
}

export function importsOf(file: string, text: string): Import[] {
  const code = stripComments(text);
  const out: Import[] = [];
  const resolveSpec = (spec: string) => (spec.startsWith('.') ? posix.normalize(posix.join(posix.dirname(file), spec.replace(/\?.*$/, ''))) : null);
  for (const m of code.matchAll(/(?:^|[\n;])\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]/g)) {
    const clause = m[3];
    const braces = /\{([^}]*)\}/.exec(clause)?.[1];
    const specifiers = braces ? braces.split(',').map((s) => s.trim()).filter(Boolean) : [];
    const allTypes = specifiers.length > 0 && specifiers.every((s) => s.startsWith('type ')) && !/^[\w$]+\s*,/.test(clause.trim());
    const names = specifiers.map((s) => s.replace(/^type\s+/, '').split(/\s+as\s+/)[0].trim());
    const def = /^([\w$]+)\s*(,|$)/.exec(clause.trim());
    if (def && m[1] === 'import') names.push('default');
    out.push({ spec: m[4], path: resolveSpec(m[4]), typeOnly: !!m[2] || allTypes, names });
  }
  for (const m of code.matchAll(/(?:^|[\n;])\s*import\s*['"]([^'"]+)['"]/g)) out.push({ spec: m[1], path: resolveSpec(m[1]), typeOnly: false, names: [] });
  for (const m of code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push({ spec: m[1], path: resolveSpec(m[1]), typeOnly: false, names: ['*'] });
  return out;
}

const GRANTEE_NAMES = /drivetrain|learn\s*amp/i;
const CONSOLE_NAMES = /hibob|\bbob\b|salesforce|lightning|drivetrain|learn\s*amp/i;
/** Class and attribute conventions of UI frameworks the consoles use (Angular Material, CDK, ag-grid, SLDS, …). */
const FRAMEWORK_MARKUP = /(^|[^a-z0-9-])(mat|mdc|cdk|ag|slds|bob|oneSetup|force)-[a-z]|\bcol-id\b/i;
const BROWSER_API = /(^|[^.\w$])(chrome|browser)\s*\.\s*[a-z]/;

export function checkArchitecture(files: Files): string[] {
  const problems: string[] = [];
  const layered = [...files.keys()].filter((p) => layerOf(p));
  const exportsUsed = new Map<string, Set<string>>();

  for (const path of layered) {
    const text = files.get(path)!;
    const layer = layerOf(path)!;
    for (const imp of importsOf(path, text)) {
      if (!imp.path) continue;
      if (!files.has(imp.path) && !/\.(css|html)$/.test(imp.path)) problems.push(`${path}: imports ${imp.spec}, which does not exist`);
      const target = layerOf(imp.path);
      if (!target) continue;
      if (target.name !== layer.name && target.rank >= layer.rank) problems.push(`${path} (${layer.name}) imports ${imp.path} (${target.name}): imports only point down`);
      // Within a layer of folders, one console (or grantee) never reaches into another's folder.
      const folder = (p: string) => /^src\/(consoles|grantees)\/([^/]+)\//.exec(p)?.slice(1).join('/');
      if (layer.name === target.name && folder(path) && folder(imp.path) && folder(path) !== folder(imp.path)) {
        problems.push(`${path} imports ${imp.path}: one ${layer.name === 'consoles' ? 'console' : 'grantee'} never imports another's folder`);
      }
    }
    const code = stripComments(text);
    if (path.startsWith('src/') && BROWSER_API.test(code)) problems.push(`${path}: uses a browser API (chrome./browser.); keep them in the extension contexts`);
    if (/^src\/(consoles|progress|messages|builtins)/.test(path)) {
      for (const [i, line] of text.split('\n').entries()) if (GRANTEE_NAMES.test(line)) problems.push(`${path}:${i + 1}: names a grantee (grantee wording lives in src/grantees): ${line.trim()}`);
    }
    if (/^src\/(core|format)\//.test(path)) {
      for (const [i, line] of text.split('\n').entries()) {
        if (CONSOLE_NAMES.test(line)) problems.push(`${path}:${i + 1}: names a console or grantee: ${line.trim()}`);
        if (FRAMEWORK_MARKUP.test(line)) problems.push(`${path}:${i + 1}: names a UI framework's markup: ${line.trim()}`);
      }
    }
  }

  // Every export is imported somewhere (another source file, a test, the bench or a script).
  for (const [path, text] of files) {
    for (const imp of importsOf(path, text)) {
      if (!imp.path) continue;
      const set = exportsUsed.get(imp.path) ?? new Set<string>();
      for (const n of imp.names) set.add(n);
      exportsUsed.set(imp.path, set);
    }
  }
  for (const path of layered) {
    const code = stripComments(files.get(path)!);
    const used = exportsUsed.get(path) ?? new Set<string>();
    if (used.has('*')) continue; // a dynamic import takes the whole module
    const names = [
      ...[...code.matchAll(/\bexport\s+(?:declare\s+)?(?:async\s+)?(?:function\*?|const|let|var|class|interface|type|enum)\s+([\w$]+)/g)].map((m) => m[1]),
      ...[...code.matchAll(/\bexport\s+(?:type\s+)?\{([^}]*)\}(?!\s*from)/g)].flatMap((m) => m[1].split(',').map((s) => s.trim().replace(/^type\s+/, '').split(/\s+as\s+/).pop()!.trim()).filter(Boolean)),
    ];
    if (/\bexport\s+default\b/.test(code)) names.push('default');
    for (const n of names) if (!used.has(n)) problems.push(`${path}: exports ${n}, which nothing imports`);
  }
  return problems;
}

/** Files the content script loads (statically, or by dynamic import), following value imports only. */
export function contentScriptGraph(files: Files, entry = 'content-scripts/main.ts'): { files: string[]; packages: string[] } {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path) || !files.has(path)) return;
    seen.add(path);
    for (const imp of importsOf(path, files.get(path)!)) {
      if (imp.typeOnly) continue;
      if (imp.path) visit(imp.path);
      else packages.add(imp.spec);
    }
  };
  visit(entry);
  return { files: [...seen].sort(), packages: [...packages].sort() };
}

// ------------------------------------------------------------------------------------------------ the real tree

const ROOTS = ['src', 'content-scripts', 'background', 'popup', 'tests/unit', 'tests/e2e', 'bench', 'scripts'];
// The extension's message catalog: src/core/texts.ts imports its type (the keys).
const EXTRA = ['manifest.config.ts', 'vite.config.ts', 'public/_locales/en/messages.json'];
function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = posix.join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : /\.(ts|tsx|mjs|mts)$/.test(n) ? [p] : [];
  });
}
const TREE: Files = new Map([...ROOTS.flatMap(walk), ...EXTRA].map((p) => [p, readFileSync(p, 'utf8')]));

describe('architecture', () => {
  it('has the layered tree to check', () => {
    for (const dir of ['src/format/schema.ts', 'src/core/planner.ts', 'src/consoles/hosts.ts', 'src/grantees/index.ts', 'src/builtins.ts', 'content-scripts/main.ts']) {
      expect(TREE.has(dir), dir).toBe(true);
    }
    expect([...TREE.keys()].filter((p) => layerOf(p)).length).toBeGreaterThan(40);
  });

  it('imports only point down; no browser API under src/; no console or framework names in core and format; no unused export', () => {
    expect(checkArchitecture(TREE)).toEqual([]);
  });

  it('zod and the webextension polyfill never reach the content script (static imports, from content-scripts/main.ts)', () => {
    const graph = contentScriptGraph(TREE);
    expect(graph.files).toContain('content-scripts/agent.ts');
    expect(graph.files).toContain('src/core/validator.ts');
    expect(graph.packages).not.toContain('zod');
    expect(graph.packages).not.toContain('webextension-polyfill');
    expect(graph.files).not.toContain('src/format/schema.ts');
    // Issue 13: the permission catalogs reach the content script as data, published with the playbook.
    expect(graph.files.filter((f) => /(^|\/)catalogs?\.ts$/.test(f))).toEqual([]);
    expect(graph.files).toContain('src/consoles/catalog-data.ts');
  });

  it('zod is not in the built content-script chunks (when a build is present)', (ctx) => {
    if (!existsSync('dist/manifest.json')) return ctx.skip();
    const manifest = JSON.parse(readFileSync('dist/manifest.json', 'utf8')) as { content_scripts: Array<{ js: string[] }> };
    const seen = new Set<string>();
    const visit = (rel: string) => {
      if (seen.has(rel) || !existsSync(`dist/${rel}`)) return;
      seen.add(rel);
      const text = readFileSync(`dist/${rel}`, 'utf8');
      for (const m of text.matchAll(/"(assets\/[\w.-]+\.js)"/g)) visit(m[1]);
      for (const m of text.matchAll(/(?:from|import\()\s*"\.\/([\w.-]+\.js)"/g)) visit(posix.join(posix.dirname(rel), m[1]));
    };
    for (const cs of manifest.content_scripts) for (const js of cs.js) visit(js);
    expect(seen.size).toBeGreaterThan(0);
    const zodChunk = readdirSync('dist/assets').find((f) => /ZodError/.test(readFileSync(`dist/assets/${f}`, 'utf8')));
    expect(zodChunk, 'the build has zod somewhere (the popup and the worker use it), so the signature is right').toBeTruthy();
    for (const rel of seen) expect(readFileSync(`dist/${rel}`, 'utf8'), rel).not.toMatch(/ZodError|\$ZodType/);
  });
});

describe('the checker fails on planted violations', () => {
  const base = (): Files =>
    new Map([
      ['src/format/types.ts', "export type { Playbook } from './schema.ts';\n"],
      ['src/format/schema.ts', "import { z } from 'zod';\nexport const PlaybookSchema = z.object({});\nexport type Playbook = {};\n"],
      ['src/core/text.ts', "import type { Playbook } from '../format/types.ts';\nexport const normalize = (s: string) => s;\n"],
      ['src/consoles/alpha/pages.ts', "import { normalize } from '../../core/text.ts';\nexport const PAGES = normalize('x');\n"],
      ['src/consoles/beta/pages.ts', "export const SF = 1;\n"],
      ['src/grantees/index.ts', "import { PAGES } from '../consoles/alpha/pages.ts';\nimport { SF } from '../consoles/beta/pages.ts';\nexport const BUILTIN = [PAGES, SF];\n"],
      ['src/builtins.ts', "import { BUILTIN } from './grantees/index.ts';\nimport { PlaybookSchema } from './format/schema.ts';\nexport const all = () => BUILTIN.map((b) => PlaybookSchema.parse(b));\n"],
      ['content-scripts/main.ts', "import { normalize } from '../src/core/text.ts';\nvoid import('./agent.ts');\nnormalize('');\n"],
      ['content-scripts/agent.ts', "import type { Playbook } from '../src/format/types.ts';\nexport class Agent {}\n"],
      ['popup/App.tsx', "import { all } from '../src/builtins.ts';\nall();\n"],
    ]);
  const plant = (path: string, text: string) => {
    const files = base();
    files.set(path, text);
    return checkArchitecture(files);
  };

  it('the planted base passes', () => {
    expect(checkArchitecture(base())).toEqual([]);
  });

  it('an upward import', () => {
    expect(plant('src/core/text.ts', "import { SF } from '../consoles/beta/pages.ts';\nexport const normalize = (s: string) => s + SF;\n")).toEqual([
      'src/core/text.ts (core) imports src/consoles/beta/pages.ts (consoles): imports only point down',
    ]);
  });

  it('a context importing another context, and a console reaching into another console', () => {
    expect(plant('popup/App.tsx', "import { Agent } from '../content-scripts/agent.ts';\nnew Agent();\n")).toContainEqual(
      'popup/App.tsx (popup) imports content-scripts/agent.ts (content): imports only point down',
    );
    expect(plant('src/consoles/beta/pages.ts', "import { PAGES } from '../alpha/pages.ts';\nexport const SF = PAGES;\n")).toEqual([
      "src/consoles/beta/pages.ts imports src/consoles/alpha/pages.ts: one console never imports another's folder",
    ]);
  });

  it('a browser API under src/, a console name or framework class in the core', () => {
    expect(plant('src/core/text.ts', "export const normalize = (s: string) => chrome.runtime.id + s;\n")).toEqual([
      'src/core/text.ts: uses a browser API (chrome./browser.); keep them in the extension contexts',
    ]);
    expect(plant('src/core/text.ts', "// HiBob tabs\nexport const normalize = (s: string) => s;\n")).toEqual(['src/core/text.ts:1: names a console or grantee: // HiBob tabs']);
    expect(plant('src/core/text.ts', "export const normalize = (s: string) => s + '.cdk-overlay-pane';\n")).toEqual([
      "src/core/text.ts:1: names a UI framework's markup: export const normalize = (s: string) => s + '.cdk-overlay-pane';",
    ]);
  });

  it("a grantee's name in a console", () => {
    expect(plant('src/consoles/beta/pages.ts', "export const SF = 'Drivetrain needs it';\n")).toEqual([
      "src/consoles/beta/pages.ts:1: names a grantee (grantee wording lives in src/grantees): export const SF = 'Drivetrain needs it';",
    ]);
  });

  it('an export nobody imports', () => {
    expect(plant('src/consoles/beta/pages.ts', 'export const SF = 1;\nexport function unused() {}\n')).toEqual([
      'src/consoles/beta/pages.ts: exports unused, which nothing imports',
    ]);
  });

  it('zod reaching the content script', () => {
    const files = base();
    files.set('content-scripts/agent.ts', "import { PlaybookSchema } from '../src/format/schema.ts';\nexport class Agent {}\nPlaybookSchema;\n");
    const graph = contentScriptGraph(files);
    expect(graph.packages).toContain('zod');
    expect(contentScriptGraph(base()).packages).not.toContain('zod');
  });
});
