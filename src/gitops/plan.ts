import type { KeyResult } from '../upstream/model-lists/fetch-provider-models.ts'
import type { ConfigEdit } from './config-edit.ts'

/** Where `apply` finds the value of a new `.env` variable: plans hold names, never values. */
export type SecretSource =
  /** Re-read from the CSV the plan was made from (checked against its hash). */
  | { kind: 'csv'; file: string; sha256: string; line: number; key: number }
  /** Held in memory by the process that made the plan (the admin API); gone on restart. */
  | { kind: 'memory' }

/** A variable `apply` adds to `.env`, referenced from the config as `${name}`. */
export interface EnvAddition {
  name: string
  provider: string
  source: SecretSource
}

/** A model a plan adds: its upstream id and the name clients will use. */
export interface AddedModel {
  id: string
  name: string
}

/** A model whose exposed name a plan changes (with `--rename`). */
export interface RenamedModel {
  id: string
  from: string
  to: string
}

/** What a plan does to one provider. */
export interface ProviderPlan {
  provider: string
  /** `sync`: its upstream list was compared; `import`: it is new; `unchanged-import`: already in the config. */
  action: 'sync' | 'import' | 'unchanged-import' | 'edit'
  added: AddedModel[]
  /** Ids in the config that the upstream no longer lists (removed only with prune). */
  removed: string[]
  renamed: RenamedModel[]
  /** How each key's model-list request went (keys named by position). */
  keys?: KeyResult[]
  /** Why the model list could not be read. */
  error?: string
  notes: string[]
}

/** Something the plan could not take: a bad CSV line, an unknown provider, a failed fetch. */
export interface PlanProblem {
  /** `relays.csv line 4`, `provider relay-x`, `config`. */
  where: string
  message: string
}

/** A reviewed change to the config file, as `pinai plan --out` writes it and `pinai apply` reads it. */
export interface Plan {
  format: 'pinai-plan/1'
  createdAt: string
  /** Absolute path of the config file. */
  configFile: string
  /** SHA-256 of the file's text when planned; apply refuses a file that changed since. */
  configHash: string
  /** Whether the diff includes removing models gone upstream. */
  prune: boolean
  edits: ConfigEdit[]
  /** Removals of models gone upstream, applied only with prune. */
  pruneEdits: ConfigEdit[]
  env: EnvAddition[]
  providers: ProviderPlan[]
  problems: PlanProblem[]
  /** Unified diff of the config file (references only, never a secret). */
  diff: string
  changed: boolean
}
