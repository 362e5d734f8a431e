import type { ProviderConfig } from '../config/schema.ts'
import type { CompiledPipeline } from '../models/compile-pipeline.ts'
import { runPipeline } from '../models/run-pipeline.ts'
import type { ProviderModels } from '../upstream/model-lists/fetch-provider-models.ts'
import type { ConfigEdit, ProviderInput } from './config-edit.ts'
import { entryFor } from './diff-provider-models.ts'
import { allocateKeyVariables } from './env-names.ts'
import type { ImportedProvider } from './parse-import-csv.ts'
import type { EnvAddition, PlanProblem, ProviderPlan } from './plan.ts'

/** A CSV provider turned into what the config gets (references) and what `.env` gets (values). */
export interface PlannedImport {
  imported: ImportedProvider
  input: ProviderInput
  env: EnvAddition[]
  /** Variable name → key value; kept in memory, never in the plan. */
  secrets: Map<string, string>
}

/** Options of {@link planImports}. */
export interface PlanImportsOptions {
  existing: readonly ProviderConfig[]
  /** Variable names already in `.env` or the environment; the new ones are added to it. */
  taken: Set<string>
  /** How problems name the CSV: `relays.csv`. */
  label: string
  /** The CSV file and its hash, when apply should re-read keys from it. */
  csv?: { file: string; sha256: string }
}

const sameUrl = (a: string, b: string) => a.replace(/\/+$/, '') === b.replace(/\/+$/, '')

/**
 * Plans new providers from CSV lines: keys become new `.env` variables referenced as `${VAR}`.
 * A provider already in the config with the same protocol and base URL is left alone; one with the
 * same name but another endpoint is a problem.
 */
export function planImports(imported: readonly ImportedProvider[], options: PlanImportsOptions) {
  const imports: PlannedImport[] = []
  const unchanged: ProviderPlan[] = []
  const problems: PlanProblem[] = []
  for (const provider of imported) {
    const existing = options.existing.find((candidate) => candidate.name === provider.name)
    if (existing) {
      if (existing.protocol === provider.protocol && sameUrl(existing.baseUrl, provider.baseUrl)) {
        unchanged.push({ provider: provider.name, action: 'unchanged-import', added: [], removed: [], renamed: [], notes: ['already in the config'] })
      } else {
        problems.push({ where: `${options.label} line ${provider.line}`, message: `a provider named "${provider.name}" is already in the config with another protocol or base URL` })
      }
      continue
    }
    const names = allocateKeyVariables(provider.name, provider.keys.length, options.taken)
    const secrets = new Map(names.map((name, index) => [name, provider.keys[index] ?? '']))
    const env: EnvAddition[] = names.map((name, index) => ({
      name,
      provider: provider.name,
      source: options.csv ? { kind: 'csv', ...options.csv, line: provider.line, key: index } : { kind: 'memory' },
    }))
    const keys = names.length > 0 ? names.map((name) => `\${${name}}`) : undefined
    const input: ProviderInput = { name: provider.name, protocol: provider.protocol, baseUrl: provider.baseUrl, keys, models: [] }
    imports.push({ imported: provider, input, env, secrets })
  }
  return { imports, unchanged, problems }
}

/** The `add-provider` edits of planned imports, with the models their lists gave (named by `pipeline`). */
export function importedProviders(imports: readonly PlannedImport[], listOf: (name: string) => ProviderModels | undefined, pipeline?: CompiledPipeline) {
  const providers: ProviderPlan[] = []
  const problems: PlanProblem[] = []
  const edits: ConfigEdit[] = []
  for (const item of imports) {
    const plan: ProviderPlan = { provider: item.input.name, action: 'import', added: [], removed: [], renamed: [], notes: [] }
    providers.push(plan)
    const list = listOf(item.input.name)
    if (list?.error !== undefined) {
      plan.error = list.error
      plan.notes.push('added without models: its model list could not be read')
      problems.push({ where: `provider ${item.input.name}`, message: `model list: ${list.error}` })
    }
    plan.keys = list?.keys
    plan.added = (list?.ids ?? []).map((id) => ({ id, name: pipeline ? runPipeline(pipeline, id) : id }))
    edits.push({ op: 'add-provider', provider: { ...item.input, models: plan.added.map(({ id, name }) => entryFor(id, name)) } })
  }
  return { providers, problems, edits }
}
