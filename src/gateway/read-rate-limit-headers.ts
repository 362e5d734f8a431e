import type { IncomingHttpHeaders } from 'node:http'
import { parseRetryAfter } from '../ir/errors.ts'

/**
 * The remaining/reset header pairs upstreams send: OpenAI's (and most relays'), whose reset is a
 * duration such as `6m0s`, and Anthropic's, whose reset is an RFC 3339 time.
 */
const durationPairs = [
  ['x-ratelimit-remaining-requests', 'x-ratelimit-reset-requests'],
  ['x-ratelimit-remaining-tokens', 'x-ratelimit-reset-tokens'],
] as const
const timePairs = [
  ['anthropic-ratelimit-requests-remaining', 'anthropic-ratelimit-requests-reset'],
  ['anthropic-ratelimit-tokens-remaining', 'anthropic-ratelimit-tokens-reset'],
  ['anthropic-ratelimit-input-tokens-remaining', 'anthropic-ratelimit-input-tokens-reset'],
  ['anthropic-ratelimit-output-tokens-remaining', 'anthropic-ratelimit-output-tokens-reset'],
] as const

const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 }
// A Go-style duration (`1h2m3.5s`, `20ms`), the whole value.
const DURATION = /^(?:\d+(?:\.\d+)?(?:ms|h|m|s))+$/
const DURATION_PART = /(\d+(?:\.\d+)?)(ms|h|m|s)/g
// Past this, a plain number is a Unix time in seconds rather than a count of seconds.
const EPOCH_SECONDS = 1_000_000_000

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name]
  return (Array.isArray(value) ? value[0] : value)?.trim()
}

/** Milliseconds until a reset written as a duration (`6m0s`), plain seconds, or a Unix time in seconds. */
function parseResetDuration(value: string, now: number): number | undefined {
  if (value.length > 64) return undefined
  if (DURATION.test(value)) {
    let total = 0
    for (const [, amount, unit] of value.matchAll(DURATION_PART)) total += Number(amount) * UNIT_MS[unit!]!
    return Math.round(total)
  }
  const seconds = Number(value)
  if (!value || !Number.isFinite(seconds) || seconds < 0) return undefined
  return seconds >= EPOCH_SECONDS ? Math.max(0, seconds * 1000 - now) : Math.round(seconds * 1000)
}

/** A header that says nothing is left: a count of 0 (or less). */
function spent(value: string | undefined): boolean {
  if (value === undefined || value === '') return false
  const remaining = Number(value)
  return Number.isFinite(remaining) && remaining <= 0
}

/**
 * How long the upstream asks this key to rest, from the headers of any answer (a 200 too): a
 * `remaining` of 0 lasts until its `reset`, and a 429's `Retry-After` (or `retry-after-ms`) until it
 * passes. The longest wait wins; undefined when nothing is spent, or a spent budget gives no readable
 * reset (the next 429 cools the channel then). `now` is the wall clock, which an RFC 3339 reset is on.
 */
export function readRateLimitHeaders(headers: IncomingHttpHeaders, status: number, now: number): number | undefined {
  let waitMs = 0
  for (const [remaining, reset] of durationPairs) {
    if (!spent(headerValue(headers, remaining))) continue
    const value = headerValue(headers, reset)
    const ms = value === undefined ? undefined : parseResetDuration(value, now)
    if (ms !== undefined) waitMs = Math.max(waitMs, ms)
  }
  for (const [remaining, reset] of timePairs) {
    if (!spent(headerValue(headers, remaining))) continue
    const at = Date.parse(headerValue(headers, reset) ?? '')
    if (Number.isFinite(at)) waitMs = Math.max(waitMs, at - now)
  }
  if (status === 429) {
    const milliseconds = Number(headerValue(headers, 'retry-after-ms') ?? Number.NaN)
    const retry =
      Number.isFinite(milliseconds) && milliseconds >= 0
        ? milliseconds
        : parseRetryAfter(headerValue(headers, 'retry-after'), now)
    if (retry !== undefined) waitMs = Math.max(waitMs, retry)
  }
  return waitMs > 0 ? waitMs : undefined
}
