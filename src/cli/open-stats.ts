import type { PinaiConfig } from '../config/schema.ts'
import type { Logger } from '../gateway/gateway-deps.ts'
import { GatewayError } from '../ir/errors.ts'
import {
  createRecorder,
  openStore,
  parseStoreUrl,
  StoreLockedError,
  type OpenStoreOptions,
  type Recorder,
  type Store,
} from '../store/index.ts'

/** The request log behind a running gateway. */
export interface OpenedStats {
  store: Store
  recorder: Recorder
  close(): Promise<void>
}

const retryMs = 15_000

/** The storage URL, retention and embedded-store tuning the config (or `DATABASE_URL`, applied at load) names. */
export function storageOf(config: PinaiConfig): {
  url: string
  retention?: number
  flushInterval?: number
  maxSize?: number
} {
  const storage = config.storage
  if (storage === undefined) return { url: 'sqlite:data/pinai.db' }
  if (typeof storage === 'string') return { url: storage }
  return {
    url: storage.url ?? 'sqlite:data/pinai.db',
    retention: storage.retention,
    flushInterval: storage.flushInterval,
    maxSize: storage.maxSize,
  }
}

/**
 * A store that connects in the background: until the database answers, writes fail (the recorder then
 * buffers and, past its bound, drops with a warning) and reads say the store is unavailable. A dead
 * database never stops pinai from serving requests.
 */
function reconnectingStore(url: string, logger: Logger, options: OpenStoreOptions): Store {
  let connected: Store | undefined
  let closed = false
  let timer: NodeJS.Timeout | undefined
  const connect = async () => {
    try {
      connected = await openStore(url, { logger, ...options })
      if (closed) await connected.close()
      else logger.info(`request log: connected to ${parseStoreUrl(url).driver}`)
    } catch (error) {
      if (error instanceof StoreLockedError) throw error
      logger.warn(
        `request log: database unavailable (${(error as Error).message}); requests are served, logs are buffered; retrying in ${retryMs / 1000}s`,
      )
      if (!closed) timer = setTimeout(() => void connect().catch(() => undefined), retryMs).unref()
    }
  }
  const store = (): Store => {
    if (!connected) {
      throw new GatewayError({
        kind: 'upstream',
        status: 503,
        code: 'storage_unavailable',
        message: 'the request log database is not connected (requests are still served; logs are buffered)',
      })
    }
    return connected
  }
  return {
    get driver() {
      return parseStoreUrl(url).driver
    },
    ready: connect(),
    insert: async (records) => store().insert(records),
    listLogs: async (query) => store().listLogs(query),
    getLog: async (id) => store().getLog(id),
    aggregate: async (query) => store().aggregate(query),
    prune: async (options) => store().prune(options),
    close: async () => {
      closed = true
      clearTimeout(timer)
      await connected?.close()
    },
  } as Store & { ready: Promise<void> }
}

/** Opens the request log named by the config; refuses start-up only when another pinai owns the file. */
export async function openStats(config: PinaiConfig, logger: Logger): Promise<OpenedStats> {
  const storage = storageOf(config)
  const store = reconnectingStore(storage.url, logger, {
    ...(storage.flushInterval ? { flushIntervalMs: storage.flushInterval } : {}),
    ...(storage.maxSize !== undefined ? { maxSizeBytes: storage.maxSize } : {}),
  }) as Store & { ready: Promise<void> }
  await store.ready
  const recorder = createRecorder(store, {
    logger,
    ...(storage.retention ? { retentionMs: storage.retention } : {}),
  })
  return { store, recorder, close: () => recorder.close() }
}
