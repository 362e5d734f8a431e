/** The protocols an upstream speaks. */
export type UpstreamProtocol = 'openai' | 'anthropic' | 'gemini' | 'openai-responses'

/** The API version segment each protocol's paths start with. */
const versionOf: Record<UpstreamProtocol, string> = {
  openai: '/v1',
  anthropic: '/v1',
  gemini: '/v1beta',
  'openai-responses': '/v1',
}

/**
 * Joins a provider's base URL and an API path the way each official SDK does (README.md, "The config file":
 * `baseUrl`).
 *
 * - OpenAI (Chat Completions and Responses): the base URL is used as given (`https://api.openai.com/v1`, `…/api/paas/v4`) and the path
 *   is appended without its version (`/chat/completions`; a leading `/v1` is dropped); a bare host gets `/v1`.
 * - Anthropic: `https://api.anthropic.com` + `/v1/messages`; Gemini: `https://generativelanguage.googleapis.com`
 *   + `/v1beta/models/…`. A path without its version gets it; a redundant trailing `/v1` or `/v1beta`
 *   on the base URL is tolerated.
 *
 * Query strings in `path` are kept. The key never goes in the URL.
 */
export function upstreamUrl(protocol: UpstreamProtocol, baseUrl: string, path: string): string {
  const url = new URL(baseUrl)
  const query = url.search
  let base = url.pathname.replace(/\/+$/, '')
  let rest = path.startsWith('/') ? path : `/${path}`
  if (protocol === 'openai' || protocol === 'openai-responses') {
    if (base === '') base = '/v1'
    if (/^\/v1(?=[/?]|$)/.test(rest)) rest = rest.slice(3)
  } else {
    base = base.replace(/\/(?:v1|v1beta|v1alpha)$/, '')
    const versioned = protocol === 'gemini' ? /^\/v1(?:beta|alpha)?(?=[/?]|$)/ : /^\/v1(?=[/?]|$)/
    if (!versioned.test(rest)) rest = versionOf[protocol] + rest
  }
  const joined = `${url.origin}${base}${rest}`
  if (!query) return joined
  return joined.includes('?') ? `${joined}&${query.slice(1)}` : `${joined}${query}`
}
