import { readFile, unlink, writeFile } from 'node:fs/promises'
import { dirname, extname, join } from 'node:path'
import { ConfigError } from '../config/config-error.ts'
import { loadPinaiConfig } from '../config/load-config.ts'
import { collectSecrets } from './collect-secrets.ts'
import { sha256 } from './config-hash.ts'
import { appendDotenv, readDotenv, type EnvValue } from './dotenv-file.ts'
import { patchConfigSource } from './patch/patch-config.ts'
import type { Plan } from './plan.ts'
import { unifiedDiff } from './unified-diff.ts'
import { temporaryPathBeside, writeFileAtomic } from './write-file-atomic.ts'

/** The config file changed after the plan was made: the plan must be made again. */
export class StalePlanError extends Error {
  constructor(file: string) {
    super(`${file} changed since this plan was made; run \`pinai plan\` again`)
    this.name = 'StalePlanError'
  }
}

/** Options of {@link applyPlan}. */
export interface ApplyOptions {
  /** Also remove models gone upstream (the plan's prune edits). */
  prune?: boolean
  /** Values of the plan's `.env` variables, when the caller holds them (else re-read from the CSV). */
  secrets?: ReadonlyMap<string, string>
  env?: Record<string, string | undefined>
  cwd?: string
  /** Secrets written literally in the config, to hide in the diff. */
  literalSecrets?: readonly string[]
}

/** What applying a plan would write. */
export interface ApplyPreview {
  file: string
  before: string
  after: string
  diff: string
}

/** What {@link applyPlan} did. */
export interface ApplyResult {
  file: string
  diff: string
  /** Names of the variables added to `.env`. */
  envAdded: string[]
  changed: boolean
}

/** Computes the new text of the config for a plan; refuses a file that changed since the plan. */
export async function previewApply(plan: Plan, options: ApplyOptions = {}): Promise<ApplyPreview> {
  const file = plan.configFile
  const before = await readFile(file, 'utf8')
  if (sha256(before) !== plan.configHash) throw new StalePlanError(file)
  const edits = plan.prune || options.prune ? [...plan.edits, ...plan.pruneEdits] : plan.edits
  const after = patchConfigSource(before, edits, file)
  const secrets = options.secrets ? [...options.secrets.values()] : []
  return {
    file,
    before,
    after,
    diff: unifiedDiff(file, before, after, {
      cwd: options.cwd,
      secrets: [...secrets, ...(options.literalSecrets ?? [])],
    }),
  }
}

/** The plan's variables `.env` still lacks; one already set to another value is a conflict. */
async function newVariables(
  file: string,
  values: Map<string, string>,
  env: Record<string, string | undefined>,
): Promise<EnvValue[]> {
  const present = await readDotenv(join(dirname(file), '.env'))
  const fresh: EnvValue[] = []
  for (const [name, value] of values) {
    const existing = present[name] ?? env[name]
    if (existing === undefined) fresh.push({ name, value })
    else if (existing !== value)
      throw new Error(`${name} is already set to another value (in .env or the environment); make the plan again`)
  }
  return fresh
}

/**
 * Applies a plan: the new text is validated by loading it as the gateway would (beside the real
 * file, with the new variables), then the new `.env` variables are appended and the config is
 * replaced atomically. A running gateway reloads it.
 */
export async function applyPlan(plan: Plan, options: ApplyOptions = {}): Promise<ApplyResult> {
  const preview = await previewApply(plan, options)
  const env = options.env ?? process.env
  const values = await collectSecrets(plan, options.secrets)
  const fresh = await newVariables(preview.file, values, env)
  if (preview.after === preview.before && fresh.length === 0)
    return { file: preview.file, diff: '', envAdded: [], changed: false }
  // Loaded beside the real file (its relative imports and .env), then written over it in place.
  const temporary = temporaryPathBeside(preview.file, extname(preview.file))
  await writeFile(temporary, preview.after, { mode: 0o600 })
  try {
    await loadPinaiConfig({ file: temporary, env: { ...env, ...Object.fromEntries(values) } }).catch(
      (error: unknown) => {
        if (error instanceof ConfigError) throw new ConfigError(error.issues, `${preview.file} (as planned)`)
        throw error
      },
    )
    const providers = [
      ...new Set(plan.env.filter((addition) => values.has(addition.name)).map((addition) => addition.provider)),
    ]
    await appendDotenv(
      join(dirname(preview.file), '.env'),
      fresh,
      `added by pinai apply ${new Date().toISOString().slice(0, 10)}: keys of ${providers.join(', ')}`,
    )
    await writeFileAtomic(preview.file, preview.after)
  } finally {
    await unlink(temporary).catch(() => undefined)
  }
  return { file: preview.file, diff: preview.diff, envAdded: fresh.map((value) => value.name), changed: true }
}
