import { invalidParameter } from './invalid-parameter.ts'
import { decodeLogCursor } from './log-cursor.ts'
import { omitUndefined } from './omit-undefined.ts'
import type { LogQuery } from './store.ts'

/** Rows per logs page when `limit` is absent. */
export const DEFAULT_LOG_LIMIT = 50
/** Largest `limit` accepted. */
export const MAX_LOG_LIMIT = 500

function parseTime(params: URLSearchParams, name: string): number | undefined {
  const value = params.get(name)
  if (value === null || value === '') return undefined
  const time = /^\d+$/.test(value) ? Number(value) : Date.parse(value)
  if (!Number.isFinite(time)) throw invalidParameter(name, 'expected milliseconds since the epoch or an ISO 8601 date')
  return time
}

function parseFlag(params: URLSearchParams, name: string): boolean | undefined {
  const value = params.get(name)
  if (value === null || value === '') return undefined
  if (value === 'true' || value === '1') return true
  if (value === 'false' || value === '0') return false
  throw invalidParameter(name, 'expected true or false')
}

function parseText(params: URLSearchParams, name: string): string | undefined {
  const value = params.get(name)
  return value === null || value === '' ? undefined : value
}

/** Reads `from, to, model, provider, success, stream, cursor, limit` of `GET /api/logs`; bad values throw a 400. */
export function parseLogQuery(params: URLSearchParams): LogQuery {
  const limitText = params.get('limit')
  const limit = limitText === null || limitText === '' ? DEFAULT_LOG_LIMIT : Number(limitText)
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LOG_LIMIT) {
    throw invalidParameter('limit', `expected an integer from 1 to ${MAX_LOG_LIMIT}`)
  }
  const cursorText = parseText(params, 'cursor')
  const after = cursorText === undefined ? undefined : decodeLogCursor(cursorText)
  if (cursorText !== undefined && !after) throw invalidParameter('cursor', 'not a cursor returned by this API')
  return omitUndefined<LogQuery>({
    from: parseTime(params, 'from'),
    to: parseTime(params, 'to'),
    model: parseText(params, 'model'),
    provider: parseText(params, 'provider'),
    success: parseFlag(params, 'success'),
    stream: parseFlag(params, 'stream'),
    after,
    limit,
  })
}
