import { Response } from '@whatwg-node/server'

const allowHeaders = 'authorization, x-api-key, anthropic-version, anthropic-beta, content-type, openai-organization, openai-project, x-stainless-os, x-stainless-lang, x-stainless-package-version, x-stainless-runtime, x-stainless-runtime-version, x-stainless-arch, x-stainless-retry-count, x-stainless-timeout, x-stainless-helper-method, anthropic-dangerous-direct-browser-access, user-agent'

/** Answers a CORS preflight for the client API, so browser clients work. */
export function preflight(request: Request): Response | undefined {
  if (request.method !== 'OPTIONS') return undefined
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

/**
 * The CORS headers of a client API response (tokens are headers, never cookies: `*` is safe). A route
 * on the hot path puts them in its Response's headers object itself: a header set afterwards makes
 * @whatwg-node turn that object into a Map and write the headers one by one instead of in one writeHead.
 */
export const corsHeaders: Readonly<Record<string, string>> = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'retry-after, x-request-id, x-pinai-estimated',
}

/** Adds the CORS headers to a client API response that does not carry them yet. */
export function withCors(response: Response): Response {
  if (!response.headers.has('access-control-allow-origin')) {
    for (const [name, value] of Object.entries(corsHeaders)) response.headers.set(name, value)
  }
  return response
}
