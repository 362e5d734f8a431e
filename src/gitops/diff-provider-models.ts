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
  /** Names two upstream ids would share in this provider. */
  notes: string[]
}

/** The entry written for an upstream id: the id alone when its name is the id, else `{ id, name }`. */
export function entryFor(id: string, name: string): ModelEntryInput {
  return name === id ? id : { id, name }
}

/**
 * Compares a provider's models with what its upstream lists. New ids are added (named by the
 * pipeline when given); with a pipeline, models whose name it would change are renamed; ids gone
 * upstream are listed, and become removals only when the list is complete (every key answered).
 */
export function diffProviderModels(
  provider: string,
  configured: readonly ModelEntry[],
  upstream: readonly string[],
  options: { pipeline?: CompiledPipeline; complete: boolean },
): ModelListDiff {
  const nameOf = (id: string) => (options.pipeline ? runPipeline(options.pipeline, id) : id)
  const current = new Map(configured.map((entry) => (typeof entry === 'string' ? [entry, entry] : [entry.id, entry.name ?? entry.id])))
  const listed = new Set(upstream)
  const added = upstream.filter((id) => !current.has(id)).map((id) => ({ id, name: nameOf(id) }))
  const removed = options.complete ? [...current.keys()].filter((id) => !listed.has(id)) : []
  const renamed: RenamedModel[] = []
  if (options.pipeline) {
    for (const [id, name] of current) {
      const next = nameOf(id)
      if (listed.has(id) && next !== name) renamed.push({ id, from: name, to: next })
    }
  }
  const exposed = new Map<string, string[]>()
  for (const [id, name] of current) if (!removed.includes(id)) exposed.set(name, [...(exposed.get(name) ?? []), id])
  for (const { id, to } of renamed) {
    const from = current.get(id) ?? id
    exposed.set(from, (exposed.get(from) ?? []).filter((other) => other !== id))
    exposed.set(to, [...(exposed.get(to) ?? []), id])
  }
  for (const { id, name } of added) exposed.set(name, [...(exposed.get(name) ?? []), id])
  const notes = [...exposed]
    .filter(([, ids]) => ids.length > 1)
    .map(([name, ids]) => `${ids.map((id) => JSON.stringify(id)).join(' and ')} are all exposed as "${name}" (one pool)`)
  const edits: ConfigEdit[] = []
  if (added.length > 0) edits.push({ op: 'add-models', provider, models: added.map(({ id, name }) => entryFor(id, name)) })
  for (const { id, to } of renamed) edits.push(to === id ? { op: 'rename-model', provider, id } : { op: 'rename-model', provider, id, name: to })
  const pruneEdits: ConfigEdit[] = removed.length > 0 ? [{ op: 'remove-models', provider, ids: removed }] : []
  return { added, removed, renamed, edits, pruneEdits, notes }
}
