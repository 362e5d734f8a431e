import type { LoadedConfig } from '../../src/config/load-config.ts'
import { validateConfig } from '../../src/config/validate-config.ts'
import { createGateway, type Gateway, type GatewayOptions } from '../../src/gateway/server.ts'
import type { RequestRecord } from '../../src/store/request-record.ts'
import { quietLogger } from './quiet-logger.ts'

/** A config holder for tests, from an object; `set` swaps the config like a hot reload. */
export function staticHolder(input: unknown) {
  const load = (value: unknown): LoadedConfig => {
    const { config, issues } = validateConfig(value)
    if (!config) throw new Error(`bad test config: ${JSON.stringify(issues)}`)
    return { config, file: '<test>', source: value as Record<string, unknown>, loadedAt: Date.now() }
  }
  let current = load(input)
  return {
    get current() {
      return current
    },
    lastError: undefined,
    set(value: unknown) {
      current = load(value)
    },
  }
}

/** A gateway under test, its records, and its URL when served through a real socket. */
export interface TestGateway {
  gateway: Gateway
  holder: ReturnType<typeof staticHolder>
  records: RequestRecord[]
  url: string
  close(): Promise<void>
}

/** Starts a gateway on 127.0.0.1:0 with a config object; records go to an array. */
export async function startGateway(config: unknown, options: Partial<GatewayOptions> = {}): Promise<TestGateway> {
  const holder = staticHolder(config)
  const records: RequestRecord[] = []
  const gateway = createGateway({
    holder,
    sink: { record: (record) => records.push(record) },
    logger: quietLogger,
    ...options,
  })
  const { url } = await gateway.listen(0, '127.0.0.1')
  return { gateway, holder, records, url, close: () => gateway.close() }
}

/** Waits until `check` is true (records are written when a stream ends, a moment after the client saw it). */
export async function eventually(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const start = Date.now()
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
