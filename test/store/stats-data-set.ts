import type { RequestRecord } from '../../src/store/request-record.ts'
import { makeRecord } from './records.ts'

// A small data set whose statistics are worked out by hand in stats-contract.ts.

const HOUR = 3_600_000
const DAY = 24 * HOUR

/** The fixed "now" of the data set: 2025-01-15 12:00 UTC. */
export const NOW = Date.UTC(2025, 0, 15, 12, 0, 0)

/** Nine requests from 30 minutes to 40 days before {@link NOW}. */
export const STATS_RECORDS: RequestRecord[] = [
  makeRecord({
    id: 'r1',
    time: NOW - HOUR,
    mappedModel: 'gpt-4o',
    provider: 'relay-a',
    stream: true,
    ttftMs: 200,
    promptTokens: 100,
    completionTokens: 50,
  }),
  makeRecord({
    id: 'r2',
    time: NOW - 2 * HOUR,
    mappedModel: 'gpt-4o',
    provider: 'relay-b',
    stream: true,
    ttftMs: 400,
    promptTokens: 200,
    completionTokens: 100,
  }),
  // Not streamed: its TTFT must not count.
  makeRecord({
    id: 'r3',
    time: NOW - 3 * HOUR,
    mappedModel: 'gpt-4o',
    provider: 'relay-a',
    stream: false,
    ttftMs: 999,
    promptTokens: 10,
    completionTokens: 5,
  }),
  makeRecord({
    id: 'r4',
    time: NOW - 30 * 60_000,
    requestedModel: 'claude',
    mappedModel: 'claude',
    provider: 'relay-b',
    stream: true,
    status: 502,
    success: false,
    promptTokens: undefined,
    completionTokens: undefined,
    error: 'upstream 502',
  }),
  makeRecord({
    id: 'r5',
    time: NOW - 5 * HOUR,
    requestedModel: 'claude',
    mappedModel: 'claude',
    provider: 'relay-b',
    promptTokens: 1000,
    completionTokens: 10,
  }),
  makeRecord({
    id: 'r6',
    time: NOW - 2 * DAY,
    mappedModel: 'gpt-4o',
    provider: 'relay-a',
    stream: true,
    ttftMs: 100,
    promptTokens: 1,
    completionTokens: 1,
  }),
  makeRecord({
    id: 'r7',
    time: NOW - 10 * DAY,
    requestedModel: 'deepseek',
    mappedModel: 'deepseek',
    provider: undefined,
    upstreamModel: undefined,
    status: 404,
    success: false,
    promptTokens: undefined,
    completionTokens: undefined,
    attempts: [],
    error: 'no provider serves deepseek',
  }),
  makeRecord({
    id: 'r8',
    time: NOW - 40 * DAY,
    mappedModel: 'gpt-4o',
    provider: 'relay-a',
    promptTokens: 5,
    completionTokens: 5,
  }),
  // At the very first minute of the 24 h window (which ends with the minute holding NOW).
  makeRecord({
    id: 'r9',
    time: NOW - 23 * HOUR - 59 * 60_000,
    requestedModel: 'claude-3-5-sonnet',
    mappedModel: 'claude',
    provider: 'relay-c',
    stream: true,
    ttftMs: 600,
    promptTokens: 40,
    completionTokens: 2,
  }),
].map((record) => {
  for (const key of Object.keys(record) as (keyof RequestRecord)[]) if (record[key] === undefined) delete record[key]
  return record
})
