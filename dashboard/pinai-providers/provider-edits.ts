import type { ConfigEdit, ModelEntry } from '../api/types.ts'

/** What the user changed on one provider card, not yet planned. */
export interface ProviderDraft {
  fields: { enabled?: boolean; weight?: number; priority?: number }
  removeModels: string[]
  addModels: string[]
  remove: boolean
}

/** The upstream id of a model entry. */
export function modelId(entry: ModelEntry): string {
  return typeof entry === 'string' ? entry : entry.id
}

/** The name clients ask for. */
export function modelName(entry: ModelEntry): string {
  return typeof entry === 'string' ? entry : (entry.name ?? entry.id)
}

/** The plan API's edits for the drafts of every card: removing a provider outranks its other edits. */
export function providerEdits(drafts: ReadonlyMap<string, ProviderDraft>): ConfigEdit[] {
  const edits: ConfigEdit[] = []
  for (const [provider, draft] of drafts) {
    if (draft.remove) {
      edits.push({ op: 'remove-provider', provider })
      continue
    }
    if (Object.keys(draft.fields).length) edits.push({ op: 'set-provider', provider, fields: draft.fields })
    if (draft.addModels.length) edits.push({ op: 'add-models', provider, models: draft.addModels })
    if (draft.removeModels.length) edits.push({ op: 'remove-models', provider, ids: draft.removeModels })
  }
  return edits
}
