import * as v from 'valibot'
import { rewriteStep } from '../config/rewrite-rule.ts'
import type { ConfigEdit } from './config-edit.ts'

const text = v.pipe(v.string(), v.minLength(1))
const modelEntry = v.union([
  text,
  v.strictObject({ id: text, name: v.optional(text), enabled: v.optional(v.boolean()) }),
])
const protocol = v.picklist(['openai', 'anthropic', 'gemini', 'openai-responses'])

const providerInput = v.strictObject({
  name: text,
  protocol,
  baseUrl: text,
  keys: v.optional(v.array(v.string())),
  weight: v.optional(v.number()),
  priority: v.optional(v.number()),
  enabled: v.optional(v.boolean()),
  rewrite: v.optional(v.string()),
  headers: v.optional(v.record(v.string(), v.string())),
  models: v.optional(v.array(modelEntry)),
})

/** One config edit as the dashboard sends it (checked before it reaches the patcher). */
export const configEditSchema = v.variant('op', [
  v.strictObject({ op: v.literal('add-models'), provider: text, models: v.array(modelEntry) }),
  v.strictObject({ op: v.literal('remove-models'), provider: text, ids: v.array(text) }),
  v.strictObject({ op: v.literal('rename-model'), provider: text, id: text, name: v.optional(text) }),
  v.strictObject({ op: v.literal('add-provider'), provider: providerInput }),
  v.strictObject({ op: v.literal('remove-provider'), provider: text }),
  v.strictObject({
    op: v.literal('set-provider'),
    provider: text,
    fields: v.strictObject({
      enabled: v.optional(v.nullable(v.boolean())),
      weight: v.optional(v.nullable(v.number())),
      priority: v.optional(v.nullable(v.number())),
      rewrite: v.optional(v.nullable(v.string())),
      baseUrl: v.optional(text),
    }),
  }),
  v.strictObject({ op: v.literal('set-pipeline'), name: text, steps: v.nullable(v.array(rewriteStep)) }),
])

/** The body of `POST /api/config/plan`. */
export const planBodySchema = v.strictObject({
  edits: v.optional(v.array(configEditSchema)),
  sync: v.optional(v.strictObject({ providers: v.optional(v.union([v.literal('all'), v.array(text)])) })),
  import: v.optional(v.strictObject({ csv: v.string(), fetchModels: v.optional(v.boolean()) })),
  rename: v.optional(v.boolean()),
  prune: v.optional(v.boolean()),
})

/** A checked plan request body. */
export type PlanBody = Omit<v.InferOutput<typeof planBodySchema>, 'edits'> & { edits?: ConfigEdit[] }
