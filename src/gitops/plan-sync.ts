import type { PinaiConfig, ProviderConfig } from '../config/schema.ts'
import { providerPipeline } from '../models/provider-pipeline.ts'
import type { KeyResult, ProviderModels } from '../upstream/model-lists/fetch-provider-models.ts'
import type { ConfigEdit } from './config-edit.ts'
import { diffProviderModels } from './diff-provider-models.ts'
import type { AddedModel, PlanProblem, ProviderPlan } from './plan.ts'

/** Options of {@link planSync}. */
export interface PlanSyncOptions {
  /** Name models through each provider's pipeline (decides `name` in `{ id, name }`). */
  rename?: boolean
  /** Which new models to take, per provider; all when absent. */
  take?: (provider: string, model: AddedModel) => boolean
}

/** Problems for the keys of a provider that did not answer while others did (each named by position). */
export function failedKeyProblems(provider: string, keys: readonly KeyResult[] | undefined): PlanProblem[] {
  return (keys ?? [])
    .filter((key) => key.error !== undefined)
    .map((key) => ({ where: `provider ${provider} ${key.label}`, message: `model list: ${key.error}` }))
}

/** Names `modelMapping` renames from or to: models exposed under them are never called gone. */
function mappedNames(config: PinaiConfig): Set<string> {
  return new Set(Object.entries(config.modelMapping).flat())
}

/**
 * Turns fetched model lists of configured providers into their summaries and edits. A list that
 * could not be read is unknown, never "every model gone".
 */
export function planSync(
  synced: readonly ProviderConfig[],
  listOf: (name: string) => ProviderModels | undefined,
  config: PinaiConfig,
  options: PlanSyncOptions = {},
) {
  const providers: ProviderPlan[] = []
  const problems: PlanProblem[] = []
  const edits: ConfigEdit[] = []
  const pruneEdits: ConfigEdit[] = []
  const mapped = mappedNames(config)
  for (const provider of synced) {
    const list = listOf(provider.name)
    const plan: ProviderPlan = {
      provider: provider.name,
      action: 'sync',
      added: [],
      removed: [],
      renamed: [],
      keys: list?.keys,
      notes: [],
    }
    providers.push(plan)
    if (!list || list.error !== undefined) {
      plan.error = list?.error ?? 'not fetched'
      plan.notes.push('its model list is unknown: nothing is added or marked as gone')
      problems.push({ where: `provider ${provider.name}`, message: `model list: ${plan.error}` })
      continue
    }
    problems.push(...failedKeyProblems(provider.name, list.keys))
    const pipeline = options.rename ? providerPipeline(config, provider) : undefined
    const take = options.take
    const diff = diffProviderModels(provider.name, provider.models, list.ids, {
      pipeline,
      complete: list.complete,
      mapped,
      take: take ? (model) => take(provider.name, model) : undefined,
    })
    Object.assign(plan, { added: diff.added, removed: diff.removed, renamed: diff.renamed })
    plan.notes.push(...diff.notes)
    if (!list.complete) plan.notes.push('not every key answered, so nothing is marked as gone upstream')
    edits.push(...diff.edits)
    pruneEdits.push(...diff.pruneEdits)
  }
  return { providers, problems, edits, pruneEdits }
}
