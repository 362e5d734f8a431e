import type { PinaiConfig } from '../config/schema.ts'
import type { RecordSink } from '../gateway/request-log.ts'

/** The request log behind a running gateway: a sink for records and a way to flush on shutdown. */
export interface OpenedSink {
  sink: RecordSink
  close(): Promise<void>
}

/** Opens the store named by the config (or `DATABASE_URL`); until storage lands, logs nowhere. */
export async function openSink(_config: PinaiConfig, _configFile: string): Promise<OpenedSink | undefined> {
  return undefined
}
