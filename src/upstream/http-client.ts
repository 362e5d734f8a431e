import type { IncomingHttpHeaders } from 'node:http'
import type { Readable } from 'node:stream'
import { Pool } from 'undici'
import type { AbortLike } from '../ir/abort-latch.ts'
import { GatewayError } from '../ir/errors.ts'

/** What the gateway needs from an upstream answer: status, headers and the body as a Node stream. */
export interface UpstreamResponse {
  status: number
  headers: IncomingHttpHeaders
  body: Readable
}

/** One upstream request. */
export interface UpstreamRequest {
  url: URL
  method: 'GET' | 'POST'
  headers: Record<string, string>
  body?: string | Buffer
  signal: AbortLike
  /** Time allowed until the response headers arrive. */
  headersTimeout?: number
  /** Longest silence between two body chunks. */
  bodyTimeout?: number
  /** Time allowed to connect. */
  connectTimeout?: number
  /** Name of the provider, for error messages. */
  provider: string
}

/** The seam through which every upstream call goes: undici pools, one per origin and connect timeout. */
export interface HttpClient {
  request(request: UpstreamRequest): Promise<UpstreamResponse>
  close(): Promise<void>
}

const defaultConnectTimeout = 10_000

/** Creates the pooled HTTP client (keep-alive connections reused across requests). */
export function createHttpClient(): HttpClient {
  const pools = new Map<string, Pool>()
  const poolFor = (origin: string, connectTimeout: number) => {
    const key = `${origin} ${connectTimeout}`
    let pool = pools.get(key)
    if (!pool) {
      pool = new Pool(origin, {
        connections: 128,
        pipelining: 1,
        connect: { timeout: connectTimeout },
        keepAliveTimeout: 30_000,
      })
      pools.set(key, pool)
    }
    return pool
  }
  return {
    async request(request) {
      const pool = poolFor(request.url.origin, request.connectTimeout || defaultConnectTimeout)
      try {
        const response = await pool.request({
          path: request.url.pathname + request.url.search,
          method: request.method,
          headers: request.headers,
          body: request.body,
          // undici takes any object with `aborted`, `reason` and add/removeEventListener (addAbortListener in lib/core/util.js).
          signal: request.signal,
          headersTimeout: request.headersTimeout ?? 300_000,
          bodyTimeout: request.bodyTimeout ?? 300_000,
        })
        return { status: response.statusCode, headers: response.headers, body: response.body }
      } catch (error) {
        throw toUpstreamError(error, request.provider, request.signal)
      }
    },
    async close() {
      // Requests still running at this point are cut: the server has already drained what it could.
      await Promise.all([...pools.values()].map((pool) => pool.destroy().catch(() => undefined)))
      pools.clear()
    },
  }
}

/** Turns a transport failure (refused, reset, timed out, aborted) into a typed error. */
export function toUpstreamError(error: unknown, provider: string, signal?: AbortLike): GatewayError {
  if (error instanceof GatewayError) return error
  if (signal?.aborted) {
    const reason: unknown = signal.reason
    if (reason instanceof GatewayError) return reason
    return new GatewayError({
      kind: 'aborted',
      status: 499,
      message: 'the client closed the request',
      provider,
      cause: error,
    })
  }
  const code = (error as { code?: string }).code ?? ''
  const detail = (error as Error).message || code
  if (code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new GatewayError({
      kind: 'timeout',
      status: 504,
      message: `${provider}: connect timeout`,
      provider,
      code,
      cause: error,
      decision: { failover: true, cooldown: 'provider' },
    })
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT') {
    return new GatewayError({
      kind: 'timeout',
      status: 504,
      message: `${provider}: no answer within the first-byte timeout`,
      provider,
      code,
      cause: error,
    })
  }
  if (code === 'UND_ERR_BODY_TIMEOUT') {
    return new GatewayError({
      kind: 'timeout',
      status: 504,
      message: `${provider}: the stream went idle`,
      provider,
      code,
      cause: error,
    })
  }
  const unreachable = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'].includes(code)
  return new GatewayError({
    kind: 'network',
    status: 502,
    message: `${provider} unreachable: ${unreachable ? code : detail}`,
    provider,
    code: code || undefined,
    cause: error,
    decision: { failover: true, cooldown: unreachable ? 'provider' : 'channel' },
  })
}
