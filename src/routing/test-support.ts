import { validateConfig } from '../config/validate-config.ts'
import type { PinaiConfig, PinaiConfigInput } from '../config/schema.ts'
import { GatewayError, upstreamStatusError, type ErrorKind } from '../ir/errors.ts'

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
