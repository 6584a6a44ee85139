// Publishes the playbook format as JSON Schema: playbook.schema.json, generated from the zod schema in
// src/format/schema.ts with zod 4's built-in z.toJSONSchema. `npm run schema` writes it;
// `node scripts/gen-schema.mjs --check` exits 1 when the checked-in file is stale (the unit tests run it).
// Options: --file <path> (default playbook.schema.json).
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';
import { z } from 'zod';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The JSON Schema text for a zod playbook schema (stable: same input, same bytes). */
export function playbookJsonSchemaText(mod) {
  // Name the shared parts ($defs/Target, $defs/Condition, …) instead of __schema0, __schema1, ….
  const names = {
    TextMatch: 'Text as a person reads it: a string, a list of alternatives, or { equals | startsWith | contains | regex }. Case-, whitespace- and quote-insensitive.',
    Role: 'The role of a control.',
    Locator: 'One way to find a control: role, name, label, css (never a generated id), within, inDialog, hidden, nth.',
    Target: 'A locator, or an ordered list of locators: the first that finds something wins.',
    Condition: 'A condition on the page: exists, absent, value, checked, url, title, all, any, not.',
    PageMatcher: 'Where a step happens: a URL match (never decisive alone) and/or a page signature condition.',
    CheckboxGroup: 'A region of checkboxes and how each item is named.',
    PermissionCheck: 'Live validation of checkboxes: required, forbidden and review rules.',
    Evidence: 'Observed completion of a step on any page; the note goes into the checklist.',
    Phase: 'grant, notify or revoke (revoke steps come last).',
    Step: 'One step of the guide.',
    Param: 'A parameter the admin may change; used as {{name}} in steps.',
  };
  const registry = z.registry();
  for (const [name, description] of Object.entries(names)) {
    const schema = mod[`${name}Schema`];
    if (!schema) throw new Error(`src/format/schema.ts no longer exports ${name}Schema`);
    registry.add(schema, { id: name, description });
  }
  const generated = z.toJSONSchema(mod.PlaybookSchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any', metadata: registry });
  const { $schema, ...rest } = generated;
  const doc = {
    $schema,
    $id: 'https://github.com/keyhole/keyhole/playbook.schema.json',
    title: 'Keyhole playbook',
    description:
      'A guided, least-privilege access setup in a SaaS admin console. Generated from src/format/schema.ts by `npm run schema`; do not edit by hand. ' +
      'Keyhole also checks rules JSON Schema cannot express (unique step ids, revoke steps last, {{param}} placeholders declared, valid regexes, no generated-id selectors): see docs/playbook-format.md.',
    ...rest,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

async function main() {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const fileArg = args.indexOf('--file');
  const file = resolve(ROOT, fileArg >= 0 ? args[fileArg + 1] : 'playbook.schema.json');
  const { module } = await runnerImport(resolve(ROOT, 'src/format/schema.ts'), { configFile: false, logLevel: 'error', root: ROOT });
  const text = playbookJsonSchemaText(module);
  if (check) {
    const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
    if (current !== text) {
      console.error(`${file} is stale: run \`npm run schema\` and commit the result.`);
      process.exit(1);
    }
    console.log(`${file} is up to date.`);
    return;
  }
  writeFileSync(file, text);
  console.log(`wrote ${file} (${text.length} bytes)`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
