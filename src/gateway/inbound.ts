/** The protocols a client can speak to pinai. */
export type InboundProtocol = 'openai' | 'anthropic' | 'openai-responses'

/** Which protocol a request path speaks, for shaping its errors. */
export function inboundOf(pathname: string): InboundProtocol | 'admin' {
  if (pathname.startsWith('/anthropic/')) return 'anthropic'
  if (pathname === '/openai/v1/responses' || pathname.startsWith('/openai/v1/responses/')) return 'openai-responses'
  if (pathname.startsWith('/openai/')) return 'openai'
  return 'admin'
}
