import type { ProviderConfig } from '../config/schema.ts'
import type { CompiledPipeline } from '../models/compile-pipeline.ts'
import { runPipeline } from '../models/run-pipeline.ts'
import type { ProviderModels } from '../upstream/model-lists/fetch-provider-models.ts'
import type { ConfigEdit, ProviderInput } from './config-edit.ts'
import { entryFor } from './diff-provider-models.ts'
import { allocateKeyVariables } from './env-names.ts'
import type { ImportedProvider } from './parse-import-csv.ts'
import type { AddedModel, EnvAddition, PlanProblem, ProviderPlan } from './plan.ts'
import { failedKeyProblems } from './plan-sync.ts'

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

/** One endpoint however it is spelled: protocol, lower-case scheme and host, no trailing slash. */
function endpointOf(protocol: string, baseUrl: string): string {
  let url = baseUrl.trim()
  try {
    const parsed = new URL(url)
    url = `${parsed.protocol}//${parsed.host}${parsed.pathname}${parsed.search}`
  } catch {
    // Not a URL: compared as written.
  }
  return `${protocol} ${url.replace(/\/+$/, '')}`
}

const unchangedImport = (name: string, note: string): ProviderPlan => ({
  provider: name,
  action: 'unchanged-import',
  added: [],
  removed: [],
  renamed: [],
  notes: [note],
})

/**
 * Plans new providers from CSV lines: keys become new `.env` variables referenced as `${VAR}`.
 * A provider with the protocol and base URL of one in the config, or of an earlier line, is not added
 * again whatever its name (the summary says so); one with a taken name but another endpoint is a problem.
 */
export function planImports(imported: readonly ImportedProvider[], options: PlanImportsOptions) {
  const imports: PlannedImport[] = []
  const unchanged: ProviderPlan[] = []
  const problems: PlanProblem[] = []
  const endpoints = new Map(
    options.existing.map((provider) => [
      endpointOf(provider.protocol, provider.baseUrl),
      `already in the config as "${provider.name}"`,
    ]),
  )
  for (const provider of imported) {
    const endpoint = endpointOf(provider.protocol, provider.baseUrl)
    const same = endpoints.get(endpoint)
    if (same !== undefined) {
      unchanged.push(
        unchangedImport(
          provider.name,
          `${options.label} line ${provider.line}: ${same} (same protocol and base URL); not added again`,
        ),
      )
      continue
    }
    if (options.existing.some((candidate) => candidate.name === provider.name)) {
      problems.push({
        where: `${options.label} line ${provider.line}`,
        message: `a provider named "${provider.name}" is already in the config with another protocol or base URL`,
      })
      continue
    }
    endpoints.set(endpoint, `already on ${options.label} line ${provider.line} as "${provider.name}"`)
    const names = allocateKeyVariables(provider.name, provider.keys.length, options.taken)
    const secrets = new Map(names.map((name, index) => [name, provider.keys[index] ?? '']))
    const env: EnvAddition[] = names.map((name, index) => ({
      name,
      provider: provider.name,
      source: options.csv ? { kind: 'csv', ...options.csv, line: provider.line, key: index } : { kind: 'memory' },
    }))
    const keys = names.length > 0 ? names.map((name) => `\${${name}}`) : undefined
    const input: ProviderInput = {
      name: provider.name,
      protocol: provider.protocol,
      baseUrl: provider.baseUrl,
      keys,
      models: [],
    }
    imports.push({ imported: provider, input, env, secrets })
  }
  return { imports, unchanged, problems }
}

/**
 * The `add-provider` edits of planned imports, with the models their lists gave (named by `pipeline`,
 * filtered by `take`). A key that did not answer is a problem, named by its position.
 */
export function importedProviders(
  imports: readonly PlannedImport[],
  listOf: (name: string) => ProviderModels | undefined,
  pipeline?: CompiledPipeline,
  take?: (provider: string, model: AddedModel) => boolean,
) {
  const providers: ProviderPlan[] = []
  const problems: PlanProblem[] = []
  const edits: ConfigEdit[] = []
  for (const item of imports) {
    const plan: ProviderPlan = {
      provider: item.input.name,
      action: 'import',
      added: [],
      removed: [],
      renamed: [],
      notes: [],
    }
    providers.push(plan)
    const list = listOf(item.input.name)
    if (list?.error !== undefined) {
      plan.error = list.error
      plan.notes.push('added without models: its model list could not be read')
      problems.push({ where: `provider ${item.input.name}`, message: `model list: ${list.error}` })
    } else {
      problems.push(...failedKeyProblems(item.input.name, list?.keys))
    }
    plan.keys = list?.keys
    const offered = (list?.ids ?? []).map((id) => ({ id, name: pipeline ? runPipeline(pipeline, id) : id }))
    plan.added = take ? offered.filter((model) => take(item.input.name, model)) : offered
    const skipped = offered.length - plan.added.length
    if (skipped > 0) plan.notes.push(`${skipped} model${skipped === 1 ? '' : 's'} not taken (not selected)`)
    const models = plan.added.map(({ id, name }) => entryFor(id, name, pipeline !== undefined))
    edits.push({ op: 'add-provider', provider: { ...item.input, models } })
  }
  return { providers, problems, edits }
}
