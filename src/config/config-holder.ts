import { watch, type FSWatcher } from 'node:fs'
import { dirname, basename } from 'node:path'
import { ConfigError } from './config-error.ts'
import { loadPinaiConfig, type LoadedConfig, type LoadOptions } from './load-config.ts'

/** The last refused reload, kept for the admin API and dashboard. */
export interface LoadFailure {
  at: number
  message: string
  issues: ConfigError['issues']
}

/** Options for {@link createConfigHolder}. */
export interface HolderOptions extends LoadOptions {
  log?: (level: 'info' | 'warn' | 'error', message: string) => void
  /** Called after a new config was swapped in. */
  onChange?: (loaded: LoadedConfig) => void
  /** Wait this long after a change event before reloading (editors write in bursts). */
  debounceMs?: number
}

/**
 * Holds the current config and swaps it atomically on a valid reload. Requests read `current` once
 * and keep that object, so requests in flight finish on the config they started with.
 */
export interface ConfigHolder {
  readonly current: LoadedConfig
  readonly lastError: LoadFailure | undefined
  /** Reloads now; resolves to true when the new config was taken. */
  reload(): Promise<boolean>
  /** Starts watching the file (and `.env` beside it). */
  watch(): void
  close(): void
}

/** Loads the config once (throwing on errors) and returns a holder that can watch it. */
export async function createConfigHolder(options: HolderOptions = {}): Promise<ConfigHolder> {
  const log = options.log ?? ((level, message) => console[level](message))
  let current = await loadPinaiConfig(options)
  let lastError: LoadFailure | undefined
  let watchers: FSWatcher[] = []
  let timer: NodeJS.Timeout | undefined
  let loading: Promise<boolean> | undefined

  const reload = async (): Promise<boolean> => {
    try {
      const next = await loadPinaiConfig({ ...options, file: current.file })
      current = next
      lastError = undefined
      log('info', `config reloaded from ${next.file}`)
      options.onChange?.(next)
      return true
    } catch (error) {
      const issues = error instanceof ConfigError ? error.issues : [{ path: '', message: (error as Error).message }]
      lastError = { at: Date.now(), message: (error as Error).message, issues }
      log('error', `config reload refused, the previous config keeps serving:\n${(error as Error).message}`)
      return false
    }
  }

  const schedule = () => {
    clearTimeout(timer)
    timer = setTimeout(() => {
      // Serialise reloads so an older load can never overwrite a newer one.
      loading = (loading ?? Promise.resolve(true)).then(reload)
    }, options.debounceMs ?? 150)
  }

  return {
    get current() {
      return current
    },
    get lastError() {
      return lastError
    },
    reload: () => (loading = (loading ?? Promise.resolve(true)).then(reload)),
    watch() {
      // Watch the folder, not the file: editors and `pinai apply` replace the file by renaming.
      const folder = dirname(current.file)
      const names = new Set([basename(current.file), '.env'])
      const watcher = watch(folder, (_event, name) => {
        if (name && names.has(name.toString())) schedule()
      })
      watcher.unref()
      watchers.push(watcher)
    },
    close() {
      clearTimeout(timer)
      for (const watcher of watchers) watcher.close()
      watchers = []
    },
  }
}
