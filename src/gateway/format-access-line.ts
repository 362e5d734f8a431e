import type { RequestRecord } from '../store/request-record.ts'
import { recordOutcome } from './record-outcome.ts'

// Model and client names can be a client's free text: a line stays one short line whatever they send.
const MAX_FIELD = 120

/** A field as one word: `-` when absent, cut when long, JSON-quoted when it holds a space, a quote or nothing. */
function word(value: string | undefined): string {
  if (value === undefined) return '-'
  const cut = value.length > MAX_FIELD ? `${value.slice(0, MAX_FIELD)}…` : value
  return cut === '' || /[\s"]/.test(cut) ? JSON.stringify(cut) : cut
}

const count = (value: number | undefined) => (value === undefined ? '-' : String(value))

/**
 * The access log's line for one written request record (README "Access log"):
 * `time id client inbound model -> provider/upstream status outcome duration ttft=… tokens=prompt/completion attempts=n`,
 * with ` kind=…` for an embeddings or `count_tokens` call. Absent figures are `-`. The caller's logger
 * removes secrets and escapes control characters.
 */
export function formatAccessLine(record: RequestRecord): string {
  const upstream = record.provider === undefined ? '-' : `${word(record.provider)}/${word(record.upstreamModel)}`
  const ttft = record.ttftMs === undefined ? '-' : `${record.ttftMs}ms`
  const parts = [
    new Date(record.time).toISOString(),
    record.id,
    word(record.client),
    record.inbound,
    word(record.requestedModel),
    '->',
    upstream,
    String(record.status),
    recordOutcome(record),
    `${record.durationMs}ms`,
    `ttft=${ttft}`,
    `tokens=${count(record.promptTokens)}/${count(record.completionTokens)}`,
    `attempts=${record.attempts.length}`,
  ]
  if (record.kind !== undefined && record.kind !== 'generate') parts.push(`kind=${record.kind}`)
  return parts.join(' ')
}
