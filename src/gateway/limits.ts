import type { PinaiConfig } from '../config/schema.ts'

/** The bounds on what clients and upstreams may send, resolved once per loaded config. */
export interface Limits {
  /** Largest client request body, in bytes. */
  requestBody: number
  /** Largest whole (non-stream) upstream answer, in bytes. */
  upstreamBody: number
  /** Largest single SSE event from an upstream, in bytes (characters, once decoded). */
  sseFrame: number
}

/** The defaults of `server.limits` (docs/security.md). */
export const defaultLimits: Readonly<Limits> = Object.freeze({
  requestBody: 32 * 1024 * 1024,
  upstreamBody: 64 * 1024 * 1024,
  sseFrame: 16 * 1024 * 1024,
})

/** `server.limits` with defaults filled (`server.bodyLimit`, kept for configs that set it, still counts for the request body). */
export function limitsOf(config: PinaiConfig): Limits {
  const limits = config.server.limits
  return {
    requestBody: limits.requestBody ?? config.server.bodyLimit ?? defaultLimits.requestBody,
    upstreamBody: limits.upstreamBody ?? defaultLimits.upstreamBody,
    sseFrame: limits.sseFrame ?? defaultLimits.sseFrame,
  }
}
