import type { ConfigEdit, ProviderPlan } from '../api/types.ts'

/** Which of a sync's findings the user ticked, by `provider|kind|id`. */
export type SyncChoice = ReadonlySet<string>

/** The choice key of one finding. */
export function choiceKey(provider: string, kind: 'add' | 'remove' | 'rename', id: string): string {
  return `${provider}|${kind}|${id}`
}

/** What is ticked before the user touches anything: every new model and rename, no removal. */
export function defaultChoice(providers: readonly ProviderPlan[]): Set<string> {
  const chosen = new Set<string>()
  for (const plan of providers) {
    for (const model of plan.added) chosen.add(choiceKey(plan.provider, 'add', model.id))
    for (const rename of plan.renamed) chosen.add(choiceKey(plan.provider, 'rename', rename.id))
  }
  return chosen
}

/** The plan API's edits for the ticked findings (a model named as its id is written as the bare id). */
export function syncEdits(providers: readonly ProviderPlan[], chosen: SyncChoice): ConfigEdit[] {
  const edits: ConfigEdit[] = []
  for (const plan of providers) {
    const added = plan.added.filter((model) => chosen.has(choiceKey(plan.provider, 'add', model.id)))
    if (added.length)
      edits.push({
        op: 'add-models',
        provider: plan.provider,
        models: added.map((model) => (model.name === model.id ? model.id : model)),
      })
    const removed = plan.removed.filter((id) => chosen.has(choiceKey(plan.provider, 'remove', id)))
    if (removed.length) edits.push({ op: 'remove-models', provider: plan.provider, ids: removed })
    for (const rename of plan.renamed) {
      if (chosen.has(choiceKey(plan.provider, 'rename', rename.id)))
        edits.push({ op: 'rename-model', provider: plan.provider, id: rename.id, name: rename.to })
    }
  }
  return edits
}
