import * as v from 'valibot'

/** Names of the built-in rename presets (README.md, "Rename pipelines"). */
export const presetNames = ['lowercase', 'strip-group-tag', 'unify-hyphens', 'strip-date-suffix'] as const

const enabled = v.optional(v.boolean(), true)

/** `insert`: put text at the start or end of a name, or before/after the first occurrence of `anchor`. */
export const insertRule = v.pipe(
  v.strictObject({
    kind: v.literal('insert'),
    text: v.string(),
    position: v.picklist(['prefix', 'suffix', 'before', 'after']),
    anchor: v.optional(v.string()),
    enabled,
  }),
  v.forward(
    v.check(
      (rule) => (rule.position !== 'before' && rule.position !== 'after') || Boolean(rule.anchor),
      'required when position is before or after',
    ),
    ['anchor'],
  ),
)

/** Whether a pattern compiles with the flags the pipeline will use (`u` is stricter about escapes). */
function compiles(pattern: string, flags = ''): boolean {
  try {
    new RegExp(pattern, `g${flags}`)
    return true
  } catch {
    return false
  }
}

/** `replace`: plain text, every occurrence (not a regex). */
export const replaceRule = v.strictObject({
  kind: v.literal('replace'),
  from: v.pipe(v.string(), v.minLength(1, 'must not be empty')),
  to: v.optional(v.string(), ''),
  enabled,
})

/** `regex`: a global regular expression; `$1` groups in `replace`. */
export const regexRule = v.pipe(
  v.strictObject({
    kind: v.literal('regex'),
    pattern: v.pipe(
      v.string(),
      v.check((pattern) => compiles(pattern), 'invalid regular expression'),
    ),
    replace: v.optional(v.string(), ''),
    flags: v.optional(v.pipe(v.string(), v.regex(/^[imsu]*$/, 'flags may only be i, m, s, u (g is implied)'))),
    enabled,
  }),
  v.forward(
    v.check(
      (rule) => !compiles(rule.pattern) || compiles(rule.pattern, rule.flags),
      'invalid regular expression with its flags (with u, escape only what needs it)',
    ),
    ['pattern'],
  ),
)

/** `case`: upper or lower case the whole name. */
export const caseRule = v.strictObject({
  kind: v.literal('case'),
  to: v.picklist(['upper', 'lower']),
  enabled,
})

/** One rule of a rename pipeline. */
export const rewriteRule = v.variant('kind', [insertRule, replaceRule, regexRule, caseRule])

/** A step of a pipeline: a preset name or a rule. */
export const rewriteStep = v.union([
  v.picklist(presetNames, `unknown preset (one of ${presetNames.join(', ')})`),
  rewriteRule,
])

/** A named rename pipeline: ordered steps. */
export const rewritePipeline = v.array(rewriteStep)

/** A rule as written in the config. */
export type RewriteRule = v.InferOutput<typeof rewriteRule>
/** A pipeline step as written in the config. */
export type RewriteStep = v.InferOutput<typeof rewriteStep>
