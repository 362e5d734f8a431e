import type { ModelEntry } from '../config/schema.ts'
import type { CompiledPipeline } from '../models/compile-pipeline.ts'
import { runPipeline } from '../models/run-pipeline.ts'
import type { ConfigEdit, ModelEntryInput } from './config-edit.ts'
import type { AddedModel, RenamedModel } from './plan.ts'

/** A provider's configured models against its upstream list. */
export interface ModelListDiff {
  added: AddedModel[]
  removed: string[]
  renamed: RenamedModel[]
  edits: ConfigEdit[]
  pruneEdits: ConfigEdit[]
  /** Names two upstream ids would share, pinned names kept, ids whose case changed upstream. */
  notes: string[]
}

/** Options of {@link diffProviderModels}. */
export interface DiffModelsOptions {
  /** Names models (new ones, and with `rename` the existing ones whose name is not pinned). */
  pipeline?: CompiledPipeline
  /** Every key answered: only then may models missing upstream be called gone. */
  complete: boolean
  /** Names `modelMapping` maps from or to: a model exposed under one of them is never called gone. */
  mapped?: ReadonlySet<string>
  /** Which new models to take (`--only`, `--except`, a picker); all when absent. */
  take?: (model: AddedModel) => boolean
}

/**
 * The entry written for an upstream id: the id alone when its name is the id, else `{ id, name }`,
 * marked `auto: true` when a rename pipeline made the name (so a later `--rename` may change it).
 */
export function entryFor(id: string, name: string, auto = false): ModelEntryInput {
  if (name === id) return id
  return auto ? { id, name, auto: true } : { id, name }
}

interface Configured {
  id: string
  name: string
  /** A name the user wrote: `{ id, name }` without `auto: true`. */
  pinned: boolean
}

const configuredOf = (entry: ModelEntry): Configured =>
  typeof entry === 'string'
    ? { id: entry, name: entry, pinned: false }
    : {
        id: entry.id,
        name: entry.name ?? entry.id,
        pinned: entry.name !== undefined && entry.name !== entry.id && entry.auto !== true,
      }

function sharedNameNotes(
  current: readonly Configured[],
  removed: readonly string[],
  renamed: readonly RenamedModel[],
  added: readonly AddedModel[],
): string[] {
  const exposed = new Map<string, string[]>()
  const expose = (name: string, id: string) => exposed.set(name, [...(exposed.get(name) ?? []), id])
  const renames = new Map(renamed.map((rename) => [rename.id, rename.to]))
  for (const { id, name } of current) if (!removed.includes(id)) expose(renames.get(id) ?? name, id)
  for (const { id, name } of added) expose(name, id)
  return [...exposed]
    .filter(([, ids]) => ids.length > 1)
    .map(
      ([name, ids]) => `${ids.map((id) => JSON.stringify(id)).join(' and ')} are all exposed as "${name}" (one pool)`,
    )
}

/**
 * Compares a provider's models with what its upstream lists. Ids are matched regardless of case (a
 * relay that changes `GPT-4o` to `gpt-4o` still serves the model). New ids are added (named by the
 * pipeline when given); with a pipeline, models whose name it would change are renamed unless the
 * name is pinned (then a note says what the pipeline would have made). Ids gone upstream are listed
 * only when the list is complete and not empty, and never one that `modelMapping` points at.
 */
export function diffProviderModels(
  provider: string,
  configured: readonly ModelEntry[],
  upstream: readonly string[],
  options: DiffModelsOptions,
): ModelListDiff {
  const nameOf = (id: string) => (options.pipeline ? runPipeline(options.pipeline, id) : id)
  const current = configured.map(configuredOf)
  const listed = new Map(upstream.map((id) => [id.toLowerCase(), id]))
  const known = new Set(current.map(({ id }) => id.toLowerCase()))
  const notes: string[] = []

  const offered = upstream.filter((id) => !known.has(id.toLowerCase())).map((id) => ({ id, name: nameOf(id) }))
  const added = options.take ? offered.filter(options.take) : offered
  const skipped = offered.length - added.length
  if (skipped > 0) notes.push(`${skipped} new model${skipped === 1 ? '' : 's'} not taken (not selected)`)

  for (const { id } of current) {
    const upstreamId = listed.get(id.toLowerCase())
    if (upstreamId !== undefined && upstreamId !== id)
      notes.push(`upstream lists "${id}" as "${upstreamId}" (same model; the config keeps its spelling)`)
  }
  const removed: string[] = []
  const trusted = options.complete && upstream.length > 0
  if (options.complete && upstream.length === 0 && current.length > 0)
    notes.push('the upstream listed no models: nothing is marked as gone')
  for (const { id, name } of current) {
    if (!trusted || listed.has(id.toLowerCase())) continue
    if (options.mapped?.has(name) || options.mapped?.has(id))
      notes.push(`"${id}" is not listed upstream but modelMapping points at "${name}": kept, not marked as gone`)
    else removed.push(id)
  }

  const renamed: RenamedModel[] = []
  if (options.pipeline) {
    for (const { id, name, pinned } of current) {
      if (!listed.has(id.toLowerCase())) continue
      const next = nameOf(id)
      if (next === name) continue
      if (pinned) notes.push(`"${id}" keeps its pinned name "${name}" (the pipeline would name it "${next}")`)
      else renamed.push({ id, from: name, to: next })
    }
  }
  notes.unshift(...sharedNameNotes(current, removed, renamed, added))

  const auto = options.pipeline !== undefined
  const edits: ConfigEdit[] = []
  if (added.length > 0)
    edits.push({ op: 'add-models', provider, models: added.map(({ id, name }) => entryFor(id, name, auto)) })
  for (const { id, to } of renamed)
    edits.push(
      to === id ? { op: 'rename-model', provider, id } : { op: 'rename-model', provider, id, name: to, auto: true },
    )
  const pruneEdits: ConfigEdit[] = removed.length > 0 ? [{ op: 'remove-models', provider, ids: removed }] : []
  return { added, removed, renamed, edits, pruneEdits, notes }
}
