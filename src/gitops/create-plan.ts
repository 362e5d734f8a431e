import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { configEnv, configPath, loadPinaiConfig } from '../config/load-config.ts'
import type { PinaiConfig, ProviderConfig } from '../config/schema.ts'
import { findPipeline } from '../models/provider-pipeline.ts'
import { fetchManyProviders, type FetchProgress } from '../upstream/model-lists/fetch-many-providers.ts'
import type {
  FetchModelsOptions,
  ProviderModels,
  ProviderTarget,
} from '../upstream/model-lists/fetch-provider-models.ts'
import type { ConfigEdit } from './config-edit.ts'
import { sha256 } from './config-hash.ts'
import { parseImportCsv } from './parse-import-csv.ts'
import { patchConfigSource } from './patch/patch-config.ts'
import type { Plan, PlanProblem, ProviderPlan } from './plan.ts'
import { importedProviders, planImports, type PlannedImport } from './plan-imports.ts'
import { bothFilters, chosenFilter, globFilter, type ModelFilter, type ModelOffer } from './model-filter.ts'
import { planSync } from './plan-sync.ts'
import { secretLiterals } from './redact-config.ts'
import { referenceKeys } from './reference-keys.ts'
import { editedProvider, summarizeEdits } from './summarize-edits.ts'
import { unifiedDiff } from './unified-diff.ts'

/** What to plan. Any mix of a sync, an import and explicit edits. */
export interface PlanRequest {
  /** The config file (default: `PINAI_CONFIG` or `pinai.config.ts` in `cwd`). */
  file?: string
  cwd?: string
  env?: Record<string, string | undefined>
  /** Providers whose upstream lists to sync; `'all'` = every enabled provider. */
  sync?: readonly string[] | 'all'
  /** Name models through each provider's pipeline (decides `name` in `{ id, name }`). */
  rename?: boolean
  /** Include removals of models gone upstream in the diff. */
  prune?: boolean
  /** A CSV of new providers; `file` makes apply re-read keys from it, else they stay in memory. */
  import?: { csv: string; file?: string; fetchModels?: boolean }
  edits?: readonly ConfigEdit[]
  fetch?: FetchModelsOptions & { concurrency?: number; onProgress?: FetchProgress }
  /** Globs of the new models to take (`--only`), matched against upstream ids and names; all when empty. */
  only?: readonly string[]
  /** Globs of new models not to take (`--except`). */
  except?: readonly string[]
  /** Called with the current config once it is loaded (the CLI learns its secrets, to hide them). */
  onLoaded?: (config: PinaiConfig) => void
  /** Asks which of the new models to take (a terminal's picker); called only when there are some. */
  choose?: (offers: ModelOffer[]) => Promise<ReadonlyMap<string, ReadonlySet<string>>>
}

/** A plan and the key values its `.env` additions need (memory only; never serialise `secrets`). */
export interface PlanResult {
  plan: Plan
  secrets: Map<string, string>
}

const targetOf = (provider: ProviderConfig): ProviderTarget => ({
  name: provider.name,
  protocol: provider.protocol,
  baseUrl: provider.baseUrl,
  keys: provider.keys,
  headers: provider.headers,
})

function syncTargets(config: PinaiConfig, sync: PlanRequest['sync'], problems: PlanProblem[]): ProviderConfig[] {
  if (!sync) return []
  if (sync === 'all') return config.providers.filter((provider) => provider.enabled)
  return sync.flatMap((name) => {
    const found = config.providers.find((provider) => provider.name === name)
    if (!found) problems.push({ where: `provider ${name}`, message: 'no provider with this name in the config' })
    return found ? [found] : []
  })
}

/** Reads the CSV of an import into planned providers; bad lines become problems. */
function readImport(
  source: NonNullable<PlanRequest['import']>,
  existing: readonly ProviderConfig[],
  taken: Set<string>,
) {
  const label = source.file ? basename(source.file) : 'CSV'
  const parsed = parseImportCsv(source.csv)
  const planned = planImports(parsed.providers, {
    existing,
    taken,
    label,
    csv: source.file ? { file: source.file, sha256: sha256(source.csv) } : undefined,
  })
  const lineProblems = parsed.problems.map((problem) => ({
    where: `${label} line ${problem.line}`,
    message: problem.message,
  }))
  return { ...planned, problems: [...lineProblems, ...planned.problems] }
}

/** Applies edits one by one so that one the file cannot take is reported and the rest still planned. */
function patchEach(text: string, file: string, edits: readonly ConfigEdit[], problems: PlanProblem[]) {
  let current = text
  const taken: ConfigEdit[] = []
  for (const edit of edits) {
    try {
      current = patchConfigSource(current, [edit], file)
      taken.push(edit)
    } catch (error) {
      problems.push({
        where: edit.op === 'set-pipeline' ? `rewrite.${edit.name}` : `provider ${editedProvider(edit)}`,
        message: (error as Error).message,
      })
    }
  }
  return { text: current, edits: taken }
}

/**
 * Makes a plan: fetches the upstream lists asked for, reads the CSV, turns it all into config edits
 * and renders the diff of the file. Nothing is written. Throws {@link ConfigError} when the current
 * config cannot be loaded.
 */
export async function createPlan(request: PlanRequest): Promise<PlanResult> {
  const file = configPath({ file: request.file, cwd: request.cwd, env: request.env })
  const text = await readFile(file, 'utf8')
  const loaded = await loadPinaiConfig({ file, env: request.env })
  const config = loaded.config
  request.onLoaded?.(config)
  const problems: PlanProblem[] = []
  const providers: ProviderPlan[] = []
  const secrets = new Map<string, string>()

  const synced = syncTargets(config, request.sync, problems)
  // Names in `.env` or the environment are taken: new key variables must not shadow them.
  const taken = new Set(Object.keys(await configEnv(file, request.env ?? process.env)))
  const explicit = referenceKeys(request.edits ?? [], taken)
  for (const [name, value] of explicit.secrets) secrets.set(name, value)
  const planned = request.import ? readImport(request.import, config.providers, taken) : undefined
  const imports: PlannedImport[] = planned?.imports ?? []
  if (planned) {
    providers.push(...planned.unchanged)
    problems.push(...planned.problems)
    for (const item of imports) for (const [name, value] of item.secrets) secrets.set(name, value)
  }

  const fetchImports = request.import?.fetchModels ?? true
  const targets = [
    ...synced.map(targetOf),
    ...(fetchImports ? imports.map((item) => ({ ...item.input, keys: item.imported.keys, headers: undefined })) : []),
  ]
  const lists = targets.length > 0 ? await fetchManyProviders(targets, request.fetch) : []
  const listOf = (name: string): ProviderModels | undefined => lists.find((list) => list.provider === name)

  const importPipeline = request.rename ? findPipeline(config, 'default') : undefined
  const importLists = fetchImports ? listOf : () => undefined
  const plan = (take: ModelFilter | undefined) => ({
    syncs: planSync(synced, listOf, config, { rename: request.rename, take }),
    imported: importedProviders(imports, importLists, importPipeline, take),
  })
  let take = globFilter(request.only, request.except)
  let { syncs, imported } = plan(take)
  if (request.choose) {
    const offers = [...syncs.providers, ...imported.providers]
      .filter((provider) => provider.added.length > 0)
      .map(({ provider, added }) => ({ provider, models: added }))
    if (offers.length > 0) {
      take = bothFilters(take, chosenFilter(await request.choose(offers)))
      ;({ syncs, imported } = plan(take))
    }
  }
  providers.push(...syncs.providers)
  problems.push(...syncs.problems)
  const edits: ConfigEdit[] = [...syncs.edits]
  const pruneEdits: ConfigEdit[] = syncs.pruneEdits

  providers.push(...imported.providers)
  problems.push(...imported.problems)
  edits.push(...imported.edits)

  edits.push(...explicit.edits)

  const wanted = request.prune ? [...edits, ...pruneEdits] : edits
  const patched = patchEach(text, file, wanted, problems)
  // Only the explicit edits the file took are summarised: one it refused is a problem instead.
  providers.push(...summarizeEdits(explicit.edits.filter((edit) => patched.edits.includes(edit))))
  const keptEdits = patched.edits.filter((edit) => !pruneEdits.includes(edit))
  const keptPrune = pruneEdits.filter((edit) => patched.edits.includes(edit) || !request.prune)
  const env = [...explicit.env, ...imports.flatMap((item) => item.env)].filter((addition) =>
    keptEdits.some((edit) => edit.op === 'add-provider' && edit.provider.name === addition.provider),
  )
  const diff = unifiedDiff(file, text, patched.text, { cwd: request.cwd, secrets: secretLiterals(loaded.source) })
  const result: Plan = {
    format: 'pinai-plan/1',
    createdAt: new Date().toISOString(),
    configFile: file,
    configHash: sha256(text),
    prune: request.prune ?? false,
    edits: keptEdits,
    pruneEdits: keptPrune,
    env,
    providers,
    problems,
    diff,
    changed: diff !== '' || env.length > 0,
  }
  for (const name of secrets.keys()) if (!env.some((addition) => addition.name === name)) secrets.delete(name)
  return { plan: result, secrets }
}
