import type * as v from 'valibot'
import type { rewriteStep } from '../config/rewrite-rule.ts'

/** A model entry as written: the upstream id, or `{ id, name }` where `name` is what clients ask for. */
export type ModelEntryInput = string | { id: string; name?: string; enabled?: boolean; auto?: boolean }

/** A pipeline step as written in the config. */
export type RewriteStepInput = v.InferInput<typeof rewriteStep>

/** A provider as pinai writes it into the config (keys as `${VAR}` references only). */
export interface ProviderInput {
  name: string
  protocol: 'openai' | 'anthropic' | 'gemini' | 'openai-responses'
  baseUrl: string
  keys?: string[]
  weight?: number
  priority?: number
  enabled?: boolean
  rewrite?: string
  headers?: Record<string, string>
  models?: ModelEntryInput[]
}

/** Provider fields the dashboard may set; `null` removes the field (back to its default). */
export interface ProviderFields {
  enabled?: boolean | null
  weight?: number | null
  priority?: number | null
  rewrite?: string | null
  baseUrl?: string
}

/**
 * One change to the config, as plans record it. Edits name providers and models, never positions,
 * so a plan reads well and is applied to the file's text with minimal changes.
 */
export type ConfigEdit =
  | { op: 'add-models'; provider: string; models: ModelEntryInput[] }
  | { op: 'remove-models'; provider: string; ids: string[] }
  /**
   * Sets the exposed name of a model; without `name` the model is exposed as its id. `auto` marks a
   * name a rename pipeline made; without it the name is the user's (pinned: `--rename` keeps it).
   */
  | { op: 'rename-model'; provider: string; id: string; name?: string; auto?: boolean }
  | { op: 'add-provider'; provider: ProviderInput }
  | { op: 'remove-provider'; provider: string }
  | { op: 'set-provider'; provider: string; fields: ProviderFields }
  /** Writes a named rename pipeline; `steps: null` removes it. */
  | { op: 'set-pipeline'; name: string; steps: RewriteStepInput[] | null }

/** The upstream id of a model entry. */
export function entryId(entry: ModelEntryInput): string {
  return typeof entry === 'string' ? entry : entry.id
}

/** The name clients use for a model entry. */
export function entryName(entry: ModelEntryInput): string {
  return typeof entry === 'string' ? entry : (entry.name ?? entry.id)
}
