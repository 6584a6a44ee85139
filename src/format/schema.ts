/**
 * The playbook format, the bottom layer. Playbooks are data: a grantee (the party given access) can write one as
 * JSON (see docs/playbook-format.md and playbook.schema.json, generated from this file). The content script imports
 * only the *types* of this module (through ./types.ts), so zod never ships in the page bundle.
 */
import { z } from 'zod';

// No generated code: zod's JIT would try `new Function`, which the extension CSP forbids (SECURITY.md).
z.config({ jitless: true });

const nonEmpty = z.string().trim().min(1, 'must not be empty');

const regexSource = z
  .string()
  .max(300, 'is too long for a pattern (300 characters at most)')
  .refine(
    (s) => {
      try {
        new RegExp(s, 'i');
        return true;
      } catch {
        return false;
      }
    },
    { message: 'is not a valid regular expression' },
  )
  // Patterns run on every page render: refuse the nested quantifiers that make backtracking explode, e.g. (a+)+.
  .refine((s) => !/\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)\s*[+*{]/.test(s), {
    message: 'has a quantified group that itself repeats (like (a+)+), which can hang the page',
  });

/** Text as a person reads it. Compared case-, whitespace- and quote-insensitively. */
export const TextMatchSchema = z.union([
  nonEmpty,
  z.array(nonEmpty).min(1),
  z
    .strictObject({
      equals: z.array(nonEmpty).optional(),
      startsWith: z.array(nonEmpty).optional(),
      contains: z.array(nonEmpty).optional(),
      regex: regexSource.optional(),
    })
    .refine((m) => m.equals || m.startsWith || m.contains || m.regex, {
      message: 'needs at least one of equals, startsWith, contains, regex',
    }),
]);

export const RoleSchema = z.enum([
  'button', 'link', 'checkbox', 'radio', 'textbox', 'combobox', 'option', 'tab', 'menuitem', 'heading', 'dialog', 'any',
]);

const cssSelector = z.string().min(1).refine((s) => !/#[A-Za-z_-]/.test(s) && !/\[id(?!\$)[\^*]?=/.test(s), {
  message: 'must not depend on generated ids (use text, label, title, role or structure; [id$=suffix] is allowed)',
});

/** One way to find a control. A Target is an ordered list of these: the first that finds something wins. */
export const LocatorSchema = z.strictObject({
  role: RoleSchema.optional(),
  /** Visible text, accessible name, value (padded button values), title or alt. */
  name: TextMatchSchema.optional(),
  /** The label of a form control: <label for>, wrapping label, aria-labelledby, or the label cell of its row. */
  label: TextMatchSchema.optional(),
  /** A structural CSS constraint (tags, classes, attributes). Never a generated id. */
  css: cssSelector.optional(),
  /** Structural context: the control must sit in the nearest container around an element with this text. */
  within: z
    .strictObject({
      text: TextMatchSchema,
      css: cssSelector.optional(),
      /** The container both must share (e.g. "[role=row], tr": the control in the same row as the text). */
      container: cssSelector.optional(),
    })
    .optional(),
  /** Only inside an open dialog / overlay. */
  inDialog: z.boolean().optional(),
  /** Include controls that are not visible (e.g. hidden native inputs behind a styled label). */
  hidden: z.boolean().optional(),
  /** Which match to take when several remain (0-based, default 0). */
  nth: z.number().int().min(0).optional(),
});

export const TargetSchema = z.union([LocatorSchema, z.array(LocatorSchema).min(1)]);

const UrlMatchSchema = z.strictObject({
  /** Regex on the hostname. */
  host: regexSource.optional(),
  /** Regex on the pathname. */
  path: regexSource.optional(),
  /** Query parameters: regex on the value, or null for "must be absent". */
  query: z.record(z.string(), regexSource.nullable()).optional(),
  /** Regex on the hash. */
  hash: regexSource.optional(),
});

export type Condition =
  | { exists: z.infer<typeof TargetSchema> }
  | { absent: z.infer<typeof TargetSchema> }
  | { value: z.infer<typeof TargetSchema>; equals?: z.infer<typeof TextMatchSchema>; nonEmpty?: boolean }
  | { checked: z.infer<typeof TargetSchema>; is: boolean }
  | { url: z.infer<typeof UrlMatchSchema> }
  | { title: z.infer<typeof TextMatchSchema> }
  | { identity: string; is: 'same' | 'other' | 'unsure' }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ exists: TargetSchema }),
    z.strictObject({ absent: TargetSchema }),
    z.strictObject({ value: TargetSchema, equals: TextMatchSchema.optional(), nonEmpty: z.boolean().optional() }),
    z.strictObject({ checked: TargetSchema, is: z.boolean() }),
    z.strictObject({ url: UrlMatchSchema }),
    z.strictObject({ title: TextMatchSchema }),
    /** Is this page about the playbook's object of that kind (see `objects`)? Recognised by id, then by name. */
    z.strictObject({ identity: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/), is: z.enum(['same', 'other', 'unsure']) }),
    z.strictObject({ all: z.array(ConditionSchema).min(1) }),
    z.strictObject({ any: z.array(ConditionSchema).min(1) }),
    z.strictObject({ not: ConditionSchema }),
  ]),
);

export const PageMatcherSchema = z.strictObject({
  /** Narrows by URL; never decisive alone where the console's URLs are unverified. */
  url: UrlMatchSchema.optional(),
  /** What must be on the page (headings, buttons, sections). */
  signature: ConditionSchema.optional(),
});

const RuleSchema = z.strictObject({
  match: TextMatchSchema,
  /** Only items under a heading with this text (e.g. object CRUD rules only in "Object Permissions"). */
  section: TextMatchSchema.optional(),
  /** One line a security reviewer can read: why this item is required, forbidden or worth a review. */
  reason: nonEmpty,
  /**
   * Required items only: the control that brings the item onto the page when it is not there (e.g. the header
   * of a collapsed section whose rows are rendered lazily). Highlighted before Save while the item is absent.
   */
  reveal: TargetSchema.optional(),
});

export const CheckboxGroupSchema = z.strictObject({
  /** The region holding the checkboxes (a section, table, dialog). Whole page when absent. */
  scope: TargetSchema.optional(),
  /** Only items under a heading with this text (the nearest heading above the item). */
  section: TextMatchSchema.optional(),
  /** Extra CSS for what counts as an item (default: native checkboxes and [role=checkbox]). */
  items: cssSelector.optional(),
  /**
   * How an item is named: a template over {label} (its accessible name), {row} (its row header), {column}
   * (its column header), {section} (nearest heading above it) and {subject} (text of `subject`).
   */
  name: nonEmpty.optional(),
  subject: TargetSchema.optional(),
  /** Every item of this group is required (e.g. "tick every lifecycle status the list offers"). */
  requireAll: z.boolean().optional(),
  /** The reason recorded for items this group requires (with requireAll). */
  reason: nonEmpty.optional(),
  /** Items that are neither required nor forbidden are ignored in this group, instead of reviewed (a write or admin effect still forbids). */
  ignoreOthers: z.boolean().optional(),
  /** false: these items are not permissions (e.g. a list of status values); the check's catalog does not judge them. */
  catalog: z.boolean().optional(),
});

export const PermissionCheckSchema = z.strictObject({
  /** Findings key: one snapshot per check (e.g. "system-permissions", "object-{subject}"). */
  id: nonEmpty,
  title: nonEmpty,
  groups: z.array(CheckboxGroupSchema).min(1),
  required: z.array(RuleSchema).default([]),
  forbidden: z.array(RuleSchema).default([]),
  review: z.array(RuleSchema).default([]),
  defaultReviewReason: nonEmpty,
  /** The control that makes the checkboxes editable (e.g. "Edit permissions"), if the page starts read-only. */
  edit: TargetSchema.optional(),
  /**
   * With `edit`: when the page is read-only and nothing is missing, forbidden or absent, the check is done on
   * this page (reported done, Edit is not highlighted) and this control, if any, is highlighted to move on.
   */
  next: TargetSchema.optional(),
  save: TargetSchema,
  /** Only check when this holds (e.g. "this is the new profile"); otherwise show `guardMessage` and no verdicts. */
  guard: ConditionSchema.optional(),
  guardMessage: nonEmpty.optional(),
  guardTarget: TargetSchema.optional(),
  /** Required items that may legitimately be absent from this page (e.g. objects listed elsewhere). */
  requiredMayBeElsewhere: z.boolean().optional(),
  /**
   * The name of the console's permission catalog that judges items by what they grant: write and admin
   * items are forbidden, read and self-service reviewed, unknown ones reviewed (or, on a page Keyhole cannot read,
   * left without a verdict). Rules above still win where they match.
   */
  catalog: z.string().regex(/^[a-z0-9-]{2,32}$/).optional(),
  /** Items the grantee needs although their effect writes or administers (widens the catalog; reviewed, not forbidden). */
  allow: z.array(RuleSchema).optional(),
  /** Shown when most labels on the page are unknown (another language): how to switch the admin's language. */
  unreadableNotice: nonEmpty.optional(),
  /** Where extra items come from, for the review lines (e.g. the profile that was cloned: "from Read Only"). */
  reviewFrom: z.string().optional(),
});

export const EvidenceSchema = z.strictObject({
  page: PageMatcherSchema,
  condition: ConditionSchema,
  /** How Keyhole knows: written into the checklist. */
  note: nonEmpty,
});

export const PhaseSchema = z.enum(['grant', 'notify', 'revoke']);

/**
 * An object the playbook creates or opens (a profile, a user, a service user, a permission group). Keyhole records
 * its id and its name as typed, and recognises its pages by id first, then by name (identity.ts); when unsure it
 * asks the admin and remembers the answer.
 */
export const ObjectSchema = z.strictObject({
  /** In words, for questions and the checklist: "permission group". */
  label: nonEmpty,
  /** The playbook parameter holding its name; the name the admin types or confirms replaces the suggestion. */
  param: z.string().regex(/^[a-zA-Z0-9_]+$/),
  /** Its name: the parameter as a placeholder, e.g. "{{groupName}}" (filled in like every other text). */
  name: nonEmpty,
  /** The object's own pages (where the page is about one object of this kind); none when it has no page of its own. */
  pages: z.array(PageMatcherSchema).default([]),
  /** The element that names the object on those pages (heading, page description). */
  title: TargetSchema.optional(),
  /** Its id in the URL: a regex on the pathname with one capture group. */
  id: z.strictObject({ path: regexSource }).optional(),
  /** Positive evidence that the page's object is a built-in one, never the playbook's (e.g. a standard profile). */
  builtIn: ConditionSchema.optional(),
});

export const StepSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes'),
  phase: PhaseSchema,
  /** Popup grouping, e.g. "Create the profile". */
  stage: nonEmpty,
  title: nonEmpty,
  /** The short instruction shown beside the highlight. {{param}} placeholders are filled in. */
  instruction: nonEmpty,
  /** Why, and where the seed guide is wrong about the real product. */
  why: z.string().optional(),
  /** Where this step happens. Steps without a page can only be marked done by hand. */
  page: PageMatcherSchema.optional(),
  /** The step applies only when this holds (lets a page offer alternatives, e.g. "open the existing profile"). */
  when: ConditionSchema.optional(),
  target: TargetSchema.optional(),
  /** In words, what to look for when the control cannot be found (other language, renamed label). */
  lookFor: nonEmpty.optional(),
  /** On its page, the step is satisfied when this holds; the guide moves to the next step. */
  complete: ConditionSchema.optional(),
  /**
   * A value that differs from the suggestion but is acceptable: once the admin has left the control and this holds,
   * the step counts as done with `note` as a warning (shown on the page and kept in the checklist). Never a block.
   */
  accept: z.strictObject({ when: ConditionSchema, note: nonEmpty }).optional(),
  /** This step's text box holds the name of this object (a key of `objects`) as the admin types it. */
  names: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/).optional(),
  /** A choice the admin makes: asked in the card; "no" skips the step with `noNote` in the checklist. */
  choice: z.strictObject({ question: nonEmpty, yes: nonEmpty, no: nonEmpty, noNote: nonEmpty }).optional(),
  permissions: PermissionCheckSchema.optional(),
  /** Observed completion on any page (the checklist records the note). */
  evidence: z.array(EvidenceSchema).optional(),
  /** A warning step: shown instead of guidance (e.g. lockout guard). Never completes. */
  warning: z.boolean().optional(),
  /** The admin may mark it done by hand (the checklist says so). */
  manual: z.boolean().optional(),
  optional: z.boolean().optional(),
  /** Path (or absolute URL template with {{origin}}) that opens this step's page on the admin's tenant. */
  open: z.string().optional(),
});

export const ParamSchema = z.strictObject({
  label: nonEmpty,
  default: z.string(),
  /** Regex a value must satisfy. */
  pattern: regexSource.optional(),
  help: z.string().optional(),
});

export const PlaybookSchema = z
  .strictObject({
    $schema: z.string().optional(),
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{2,63}$/, 'must be 3-64 lower-case letters, digits and dashes'),
    version: z.string().regex(/^\d+\.\d+\.\d+$/, 'must be a semantic version like 1.0.0'),
    title: nonEmpty,
    summary: nonEmpty,
    /** The grantee: who receives the access (the field keeps its name, so every existing playbook stays valid). */
    vendor: z.strictObject({ name: nonEmpty, contact: z.string().optional() }),
    app: z.strictObject({
      name: nonEmpty,
      /** Regexes on the hostname where this app's admin console lives. */
      hosts: z.array(regexSource).min(1),
    }),
    /** Default days until the revoke reminder (temporary access). Absent: no reminder. */
    revokeAfterDays: z.number().int().min(1).max(365).optional(),
    params: z.record(z.string().regex(/^[a-zA-Z0-9_]+$/), ParamSchema).default({}),
    /** The objects the playbook creates or opens, by kind (e.g. "group", "profile"). */
    objects: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/), ObjectSchema).default({}),
    source: z.string().optional(),
    steps: z.array(StepSchema).min(1),
  })
  .superRefine((pb, ctx) => {
    const seen = new Set<string>();
    for (const [kind, o] of Object.entries(pb.objects)) {
      if (!(o.param in pb.params)) ctx.addIssue({ code: 'custom', path: ['objects', kind, 'param'], message: `params has no "${o.param}"` });
    }
    pb.steps.forEach((step, i) => {
      const json = JSON.stringify(step);
      for (const k of json.match(/"identity":"[a-zA-Z0-9]+"/g)?.map((m) => m.slice(12, -1)) ?? []) {
        if (!Object.prototype.hasOwnProperty.call(pb.objects, k)) ctx.addIssue({ code: 'custom', path: ['steps', i], message: `uses the identity of "${k}" but objects has no "${k}"` });
      }
      if (step.names && !Object.prototype.hasOwnProperty.call(pb.objects, step.names)) ctx.addIssue({ code: 'custom', path: ['steps', i, 'names'], message: `objects has no "${step.names}"` });
      if (seen.has(step.id)) ctx.addIssue({ code: 'custom', path: ['steps', i, 'id'], message: `duplicate step id "${step.id}"` });
      seen.add(step.id);
      if (!step.page && !step.manual) {
        ctx.addIssue({ code: 'custom', path: ['steps', i], message: 'a step without a page must be manual' });
      }
      if (step.page && !step.target && !step.permissions && !step.warning && !step.manual) {
        ctx.addIssue({ code: 'custom', path: ['steps', i, 'target'], message: 'a step on a page needs a target, permissions, or warning' });
      }
      const placeholders = json.match(/\{\{\s*([a-zA-Z0-9_]+)\s*\}\}/g) ?? [];
      for (const ph of placeholders) {
        const name = ph.replace(/[{}\s]/g, '');
        if (name !== 'origin' && !(name in pb.params)) {
          ctx.addIssue({ code: 'custom', path: ['steps', i], message: `uses {{${name}}} but params has no "${name}"` });
        }
      }
    });
    if (!pb.steps.some((s) => s.phase === 'revoke')) {
      ctx.addIssue({ code: 'custom', path: ['steps'], message: 'must end with at least one revoke step' });
    } else if (pb.steps[pb.steps.length - 1].phase !== 'revoke') {
      ctx.addIssue({ code: 'custom', path: ['steps'], message: 'revoke steps must come last' });
    }
  });

export type TextMatch = z.infer<typeof TextMatchSchema>;
export type Role = z.infer<typeof RoleSchema>;
export type Locator = z.infer<typeof LocatorSchema>;
export type Target = z.infer<typeof TargetSchema>;
export type UrlMatch = z.infer<typeof UrlMatchSchema>;
export type PageMatcher = z.infer<typeof PageMatcherSchema>;
export type CheckboxGroup = z.infer<typeof CheckboxGroupSchema>;
export type PermissionCheck = z.infer<typeof PermissionCheckSchema>;
export type Rule = z.infer<typeof RuleSchema>;
export type Step = z.infer<typeof StepSchema>;
export type Param = z.infer<typeof ParamSchema>;
export type Playbook = z.infer<typeof PlaybookSchema>;
export type PlaybookObject = z.infer<typeof ObjectSchema>;
export type PlaybookInput = z.input<typeof PlaybookSchema>;

/** Flatten zod issues into "steps[3].target: a step on a page needs …" lines. */
export function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path
      .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
      .join('');
    return `${path || '(root)'}: ${issue.message}`;
  });
}

export type ParseResult = { ok: true; playbook: Playbook } | { ok: false; errors: string[] };

/** Parse untrusted JSON text or a value into a playbook. Never throws. */
export function parsePlaybook(input: unknown): ParseResult {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (e) {
      return { ok: false, errors: [`(root): not valid JSON (${(e as Error).message})`] };
    }
  }
  try {
    const result = PlaybookSchema.safeParse(value);
    if (result.success) return { ok: true, playbook: result.data };
    return { ok: false, errors: formatIssues(result.error) };
  } catch (e) {
    return { ok: false, errors: [`(root): could not be checked (${(e as Error).message})`] };
  }
}
