import { describe, expect, it } from 'vitest'
import { GatewayError } from '../ir/errors.ts'
import type { AttemptRecord } from '../routing/index.ts'
import type { RequestRecord } from '../store/request-record.ts'
import { NOTES_LIMIT } from '../store/clamp-record.ts'
import { RequestLog } from './request-log.ts'

const fields = { client: 'default', inbound: 'openai', requestedModel: 'm', mappedModel: 'm', stream: true }
const attempt = (provider: string, failed = false): AttemptRecord => ({
  provider,
  keyLabel: provider,
  upstreamModel: `${provider}-model`,
  status: failed ? 500 : 200,
  durationMs: 3,
  ...(failed ? { errorClass: 'upstream' as const, error: 'boom' } : {}),
})

function logged() {
  const records: RequestRecord[] = []
  let inFlight = 0
  const log = new RequestLog(
    {
      record: (record) => records.push(structuredClone(record)),
      begin: () => {
        inFlight += 1
        return () => (inFlight -= 1)
      },
    },
    fields,
  )
  return { log, records, inFlight: () => inFlight }
}

describe('RequestLog', () => {
  it('waits for the failover loop: a stream that ended before its attempt was noted still gets it', () => {
    const { log, records, inFlight } = logged()
    log.attemptsStarted()
    log.attempt(attempt('a', true))
    // A fast upstream: the relay ends the answer before the loop has noted the attempt that committed.
    log.finish(200)
    expect(records).toEqual([])
    expect(inFlight()).toBe(0)
    log.attempt(attempt('b'))
    log.attemptsDone()
    expect(records).toHaveLength(1)
    expect(records[0]).toMatchObject({ provider: 'b', upstreamModel: 'b-model', status: 200, success: true })
    expect(records[0]!.attempts.map((entry) => entry.provider)).toEqual(['a', 'b'])
  })

  it('writes at once when the loop settled first, and only once', () => {
    const { log, records } = logged()
    log.attemptsStarted()
    log.attempt(attempt('a'))
    log.attemptsDone()
    expect(records).toEqual([])
    log.finish(200)
    log.finish(499)
    log.attemptsDone()
    expect(records.map((record) => record.status)).toEqual([200])
  })

  it('writes a request that ended before any attempt (a bad request) at once', () => {
    const { log, records } = logged()
    const error = new GatewayError({ kind: 'invalid_request', status: 400, message: 'bad' })
    log.finish(400, error)
    expect(records[0]).toMatchObject({ status: 400, success: false, error: 'bad', attempts: [] })
    expect(error.requestId).toBe(records[0]!.id)
  })

  it('keeps the error event a committed stream carried, with the duration the client saw', () => {
    const { log, records } = logged()
    log.attemptsStarted()
    log.streamError(new GatewayError({ kind: 'network', status: 502, message: 'dropped' }))
    log.finish(200)
    log.attempt(attempt('a'))
    log.attemptsDone()
    expect(records[0]).toMatchObject({ status: 200, success: false, error: 'dropped', provider: 'a' })
  })

  it('counts a count_tokens call as no request in flight', () => {
    let begun = 0
    const log = new RequestLog(
      { record: () => undefined, begin: () => (begun++, () => undefined) },
      { ...fields, kind: 'count_tokens' },
    )
    expect(begun).toBe(0)
    expect(log.record.kind).toBe('count_tokens')
    expect('kind' in new RequestLog(undefined, fields).record).toBe(false)
  })

  it('keeps each note once, redacted, and no more of them than a store keeps', () => {
    const secret = 'sk-upstream-secret-0123456789'
    const records: RequestRecord[] = []
    const log = new RequestLog({ record: (record) => records.push(record) }, fields, (text) =>
      text.replaceAll(secret, '[redacted]'),
    )
    log.note('openai stream: a dropped part')
    log.note('openai stream: a dropped part')
    // A hostile upstream names a new block type in every event; one of them echoes the key across the cut.
    for (let index = 0; index < 10_000; index++)
      log.note(`anthropic stream: ${index === 30 ? secret.repeat(40) : `block-${index}`}`)
    log.finish(200)
    const notes = records[0]?.notes ?? ''
    expect(notes.startsWith('openai stream: a dropped part; anthropic stream: block-0; ')).toBe(true)
    expect(notes.split('; ').filter((note) => note === 'openai stream: a dropped part')).toHaveLength(1)
    expect(notes).toHaveLength(NOTES_LIMIT)
    expect(notes.endsWith('…')).toBe(true)
    expect(notes).not.toContain('sk-upstream')
    expect(notes).toContain('[redacted]')
  })
})
