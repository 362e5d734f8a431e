import type { RequestRecord } from '../../src/store/request-record.ts'
import { seededRandom } from '../helpers/seeded-random.ts'

/** A complete, realistic record; override what a test cares about. */
export function makeRecord(overrides: Partial<RequestRecord> & { id: string; time: number }): RequestRecord {
  return {
    client: 'default',
    inbound: 'openai',
    requestedModel: 'gpt-4o',
    mappedModel: 'gpt-4o',
    provider: 'relay-a',
    upstreamModel: 'gpt-4o-2024-08-06',
    stream: false,
    status: 200,
    success: true,
    durationMs: 1200,
    promptTokens: 10,
    completionTokens: 20,
    attempts: [
      { provider: 'relay-a', keyLabel: 'relay-a#1', upstreamModel: 'gpt-4o-2024-08-06', status: 200, durationMs: 1150 },
    ],
    ...overrides,
  }
}

/** `count` varied records spread over `spanMs` before `end`: models, providers, failures, streams, no-provider rows. */
export function generateRecords(count: number, end: number, spanMs: number, seed = 7): RequestRecord[] {
  const random = seededRandom(seed)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
  const models = ['gpt-4o', 'claude-sonnet', 'deepseek-v3', 'Qwen/Qwen3-8B']
  const providers = ['relay-a', 'relay-b', 'official']
  const records: RequestRecord[] = []
  for (let index = 0; index < count; index++) {
    const time = end - Math.floor(random() * spanMs)
    const model = pick(models)
    const reached = random() > 0.05
    const success = reached && random() > 0.2
    const stream = random() > 0.4
    const provider = reached ? pick(providers) : undefined
    const record: RequestRecord = {
      id: `gen-${seed}-${String(index).padStart(5, '0')}`,
      time,
      client: pick(['default', 'laptop', 'ci']),
      inbound: pick(['openai', 'anthropic']),
      requestedModel: random() > 0.7 ? `alias-${model}` : model,
      mappedModel: model,
      stream,
      status: success ? 200 : pick([400, 429, 502]),
      success,
      durationMs: Math.floor(random() * 5000),
      attempts: provider
        ? [
            {
              provider,
              keyLabel: `${provider}#1`,
              upstreamModel: `${model}-up`,
              status: success ? 200 : 502,
              durationMs: 100,
            },
          ]
        : [],
    }
    if (provider) {
      record.provider = provider
      record.upstreamModel = `${model}-up`
    }
    if (stream && success) record.ttftMs = Math.floor(random() * 900)
    if (success) {
      record.promptTokens = Math.floor(random() * 4000)
      record.completionTokens = Math.floor(random() * 800)
    }
    if (!success) record.error = 'upstream said no'
    records.push(record)
  }
  return records
}
