import { pinaiVersion } from '../version.ts'
import type { UpstreamProtocol } from './base-url.ts'

/** The User-Agent pinai sends as its own (`USER_AGENT=default`, and model-list fetches). */
export const defaultUserAgent = `pinai/${pinaiVersion}`

/** Request headers a client may send that an upstream of the same protocol should see too. */
const forwarded: Record<UpstreamProtocol, string[]> = {
  openai: ['openai-organization', 'openai-project'],
  anthropic: ['anthropic-version', 'anthropic-beta'],
  gemini: [],
  'openai-responses': ['openai-organization', 'openai-project'],
}

/** Options for {@link upstreamHeaders}. */
export interface HeaderOptions {
  protocol: UpstreamProtocol
  key: string | undefined
  /** The `USER_AGENT` setting: '' passes the client's, 'default' sends pinai's own, else as is. */
  userAgent: string
  /** The client's request headers (auth headers are never copied). */
  clientHeaders?: Headers
  /** Whether the client spoke the same protocol (then its protocol headers are forwarded). */
  sameProtocol: boolean
  /** The provider's own headers, added last. */
  extra?: Record<string, string>
}

/** Builds the headers of an upstream request: the provider's key, never the client's token. */
export function upstreamHeaders(options: HeaderOptions): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
  }
  const { key, protocol, clientHeaders } = options
  if ((protocol === 'openai' || protocol === 'openai-responses') && key) headers.authorization = `Bearer ${key}`
  if (protocol === 'anthropic') {
    if (key) headers['x-api-key'] = key
    headers['anthropic-version'] = '2023-06-01'
  }
  if (protocol === 'gemini' && key) headers['x-goog-api-key'] = key
  if (clientHeaders && options.sameProtocol) {
    for (const name of forwarded[protocol]) {
      const value = clientHeaders.get(name)
      if (value) headers[name] = value
    }
  }
  if (options.userAgent === '') {
    const agent = clientHeaders?.get('user-agent')
    if (agent) headers['user-agent'] = agent
  } else {
    // 'default' is pinai's own name: relays behind a WAF refuse requests that carry none.
    headers['user-agent'] = options.userAgent === 'default' ? defaultUserAgent : options.userAgent
  }
  return { ...headers, ...options.extra }
}
