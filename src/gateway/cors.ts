import { Response } from '@whatwg-node/server'
import type { PinaiConfig } from '../config/schema.ts'
import { isOpen } from './auth.ts'

const allowHeaders =
  'authorization, x-api-key, x-goog-api-key, x-goog-api-client, anthropic-version, anthropic-beta, content-type, openai-organization, openai-project, x-stainless-os, x-stainless-lang, x-stainless-package-version, x-stainless-runtime, x-stainless-runtime-version, x-stainless-arch, x-stainless-retry-count, x-stainless-timeout, x-stainless-helper-method, anthropic-dangerous-direct-browser-access, user-agent'

const exposeHeaders = 'retry-after, x-request-id, x-pinai-estimated'

/**
 * The CORS headers of a client API response for any origin (tokens are headers, never cookies). A
 * route on the hot path puts them in its Response's headers object itself: a header set afterwards
 * makes @whatwg-node turn that object into a Map and write the headers one by one instead of in one
 * writeHead.
 */
export const corsHeaders: Readonly<Record<string, string>> = Object.freeze({
  'access-control-allow-origin': '*',
  'access-control-expose-headers': exposeHeaders,
})

const none: Readonly<Record<string, string>> = Object.freeze({})

/** Which browser origins may call pinai, decided once per loaded config (`server.cors.origins`). */
export interface CorsPolicy {
  /** The CORS headers of a client API answer to `origin` (none when it may not read it). */
  client(origin: string | null): Readonly<Record<string, string>>
  /** Whether the admin API answers a page from `origin` (a dashboard served by another pinai). */
  admin(origin: string): boolean
}

/**
 * The policy of a config: listed origins, or `'*'`; unset means any origin for the client API when
 * tokens guard it, and none in no-auth mode (any web page could otherwise spend the keys).
 */
export function corsPolicyOf(config: PinaiConfig): CorsPolicy {
  const configured = config.server.cors?.origins
  const listed = new Set(Array.isArray(configured) ? configured.map((origin) => origin.replace(/\/+$/, '')) : [])
  const any = configured === '*' || (configured === undefined && !isOpen(config))
  return {
    client(origin) {
      if (any) return corsHeaders
      if (!origin || !listed.has(origin)) return none
      return { 'access-control-allow-origin': origin, 'access-control-expose-headers': exposeHeaders, vary: 'origin' }
    },
    admin: (origin) => listed.has(origin),
  }
}

/** Answers a CORS preflight: the origin reflected when `allowed`, no CORS headers (the browser refuses) when not. */
export function preflight(request: Request, allowed: boolean): Response {
  if (!allowed) return new Response(null, { status: 204, headers: { vary: 'origin' } })
  return new Response(null, {
    status: 204,
    headers: {
      'access-control-allow-origin': request.headers.get('origin') ?? '*',
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-allow-headers': request.headers.get('access-control-request-headers') ?? allowHeaders,
      'access-control-max-age': '86400',
      vary: 'origin',
    },
  })
}

/** Adds CORS headers to a response that does not carry them yet. */
export function withCors(response: Response, headers: Readonly<Record<string, string>>): Response {
  if (!response.headers.has('access-control-allow-origin')) {
    for (const [name, value] of Object.entries(headers)) response.headers.set(name, value)
  }
  return response
}
