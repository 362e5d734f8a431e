import { validateConfig } from '../config/validate-config.ts'
import type { PinaiConfig, PinaiConfigInput } from '../config/schema.ts'
import { GatewayError, upstreamStatusError, type ErrorKind } from '../ir/errors.ts'

/** Seeded pseudo-random numbers in [0, 1) (mulberry32), for repeatable tests of random choices. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let value = state
    value = Math.imul(value ^ (value >>> 15), value | 1)
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61)
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296
  }
}

/** A clock tests move by hand. */
export interface FakeClock {
  now: () => number
  advance: (ms: number) => void
}

/** Creates a clock starting at `start`. */
export function fakeClock(start = 1_700_000_000_000): FakeClock {
  let time = start
  return { now: () => time, advance: (ms) => (time += ms) }
}

/** Validates a config input for a test, throwing on issues. */
export function testConfig(input: PinaiConfigInput): PinaiConfig {
  const { config, issues } = validateConfig(input)
  if (!config) throw new Error(issues.map((issue) => `${issue.path}: ${issue.message}`).join('\n'))
  return config
}

/** An upstream error with a status, as the upstream client would throw it. */
export function statusError(status: number, provider = 'p', retryAfterMs?: number): GatewayError {
  return upstreamStatusError({ status, provider, message: `upstream said ${status}`, retryAfterMs })
}

/** An error without an HTTP status (network, timeout, abort). */
export function kindError(kind: ErrorKind, provider = 'p'): GatewayError {
  return new GatewayError({ kind, status: kind === 'timeout' ? 504 : 502, provider, message: `${kind} failure` })
}
