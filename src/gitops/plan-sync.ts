import type { PinaiConfig, ProviderConfig } from '../config/schema.ts'
import { providerPipeline } from '../models/provider-pipeline.ts'
import type { ProviderModels } from '../upstream/model-lists/fetch-provider-models.ts'
import type { ConfigEdit } from './config-edit.ts'
import { diffProviderModels } from './diff-provider-models.ts'
import type { PlanProblem, ProviderPlan } from './plan.ts'

/**
 * Turns fetched model lists of configured providers into their summaries and edits. With `renameWith`
 * (the config), each provider's pipeline names the models.
 */
export function planSync(synced: readonly ProviderConfig[], listOf: (name: string) => ProviderModels | undefined, renameWith?: PinaiConfig) {
  const providers: ProviderPlan[] = []
  const problems: PlanProblem[] = []
  const edits: ConfigEdit[] = []
  const pruneEdits: ConfigEdit[] = []
  for (const provider of synced) {
    const list = listOf(provider.name)
    const plan: ProviderPlan = { provider: provider.name, action: 'sync', added: [], removed: [], renamed: [], keys: list?.keys, notes: [] }
    providers.push(plan)
    if (!list || list.error !== undefined) {
      plan.error = list?.error ?? 'not fetched'
      problems.push({ where: `provider ${provider.name}`, message: `model list: ${plan.error}` })
      continue
    }
    const pipeline = renameWith ? providerPipeline(renameWith, provider) : undefined
    const diff = diffProviderModels(provider.name, provider.models, list.ids, { pipeline, complete: list.complete })
    Object.assign(plan, { added: diff.added, removed: diff.removed, renamed: diff.renamed })
    plan.notes.push(...diff.notes)
    if (!list.complete) plan.notes.push('not every key answered, so nothing is marked as gone upstream')
    edits.push(...diff.edits)
    pruneEdits.push(...diff.pruneEdits)
  }
  return { providers, problems, edits, pruneEdits }
}
