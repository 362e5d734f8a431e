import { existsSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { loadDotenv } from 'c12'
import { ConfigError, type ConfigIssue } from './config-error.ts'
import { configWarnings } from './config-warnings.ts'
import { applyEnvOverrides } from './env-overrides.ts'
import { ConfigReadError, readConfigModule } from './read-config-module.ts'
import { resolveSecrets } from './resolve-secrets.ts'
import type { PinaiConfig } from './schema.ts'
import { validateConfig } from './validate-config.ts'

/** A loaded, validated config and where it came from. */
export interface LoadedConfig {
  config: PinaiConfig
  /** Absolute path of the config file. */
  file: string
  /** The file's content before secrets were resolved (safe to show: holds references, not values). */
  source: Record<string, unknown>
  /** When it was loaded (ms since the epoch). */
  loadedAt: number
  /** What loads but is likely a mistake (a literal key in the file, one name for two ids). */
  warnings?: ConfigIssue[]
}

/** Options for {@link loadPinaiConfig}. */
export interface LoadOptions {
  /** Path of the config file; default `PINAI_CONFIG` or `pinai.config.ts` (any c12 extension) in `cwd`. */
  file?: string
  cwd?: string
  /** The process environment (default `process.env`); `.env` beside the config fills what it lacks. */
  env?: Record<string, string | undefined>
  /** Apply the environment variables README.md lists over the file (default true). */
  envOverrides?: boolean
}

/** Finds the config file the options point at. */
export function configPath(options: LoadOptions = {}): string {
  const cwd = resolve(options.cwd ?? process.cwd())
  const named = options.file ?? (options.env ?? process.env).PINAI_CONFIG
  if (named) return resolve(cwd, named)
  for (const extension of ['ts', 'mts', 'js', 'mjs', 'json', 'yaml', 'yml']) {
    const candidate = resolve(cwd, `pinai.config.${extension}`)
    if (existsSync(candidate)) return candidate
  }
  return resolve(cwd, 'pinai.config.ts')
}

/** Reads the environment a config is resolved against: the process's, then `.env` beside the file. */
export async function configEnv(file: string, env: Record<string, string | undefined> = process.env) {
  const dotenv = await loadDotenv({ cwd: dirname(file), fileName: '.env', interpolate: false })
  return { ...dotenv, ...env }
}

/** Loads, resolves and validates a config file; throws {@link ConfigError} listing every problem. */
export async function loadPinaiConfig(options: LoadOptions = {}): Promise<LoadedConfig> {
  const file = configPath(options)
  if (!existsSync(file)) throw new ConfigError([{ path: '', message: 'config file not found' }], file)
  let source: Record<string, unknown>
  try {
    source = await readConfigModule(file)
  } catch (error) {
    if (!(error instanceof ConfigReadError)) throw error
    throw new ConfigError([{ path: '', message: error.message, location: error.location }], file)
  }
  const env = await configEnv(file, options.env)
  let overridden: Record<string, unknown>
  try {
    overridden = options.envOverrides === false ? source : applyEnvOverrides(source, env)
  } catch (error) {
    throw new ConfigError([{ path: '', message: (error as Error).message }], file)
  }
  const secrets = resolveSecrets(overridden, env)
  const validated = validateConfig(secrets.value)
  const issues = [...secrets.issues, ...validated.issues]
  if (issues.length > 0 || !validated.config) throw new ConfigError(issues, file)
  return {
    config: dropEmptyKeys(validated.config),
    file,
    source,
    loadedAt: Date.now(),
    warnings: configWarnings(source, validated.config),
  }
}

/** A key that resolved to '' (an unset optional secret) means "no key", and an empty token "no token". */
function dropEmptyKeys(config: PinaiConfig): PinaiConfig {
  return {
    ...config,
    auth: {
      ...config.auth,
      tokens: config.auth.tokens.filter(Boolean),
      adminToken: config.auth.adminToken || undefined,
    },
    providers: config.providers.map((provider) => ({ ...provider, keys: provider.keys.filter(Boolean) })),
  }
}
