import { GatewayError } from '../ir/errors.ts'
import { authenticateClient, isOpen, presentedToken, type Caller, type ClientAuth } from './auth.ts'

/**
 * The token a Gemini client sent: `x-goog-api-key` (what `@google/genai` sends), `?key=` (Gemini's
 * other documented form), or `Authorization: Bearer`. Only pinai reads it: the upstream gets the
 * provider's key (`upstream/upstream-headers.ts` copies no auth header, and the query is not forwarded).
 */
export function geminiToken(request: Request): string | undefined {
  const header = request.headers.get('x-goog-api-key')?.trim()
  if (header) return header
  const query = new URL(request.url).searchParams.get('key')?.trim()
  if (query) return query
  return presentedToken(request.headers, false)
}

/** Authenticates a call to the Gemini surface; throws a 401 GatewayError when the token is missing or wrong. */
export function authenticateGeminiClient(auth: ClientAuth, request: Request): Caller {
  if (isOpen(auth.config)) return authenticateClient(auth, request.headers, false)
  const token = geminiToken(request)
  if (!token) {
    throw new GatewayError({
      kind: 'authentication',
      status: 401,
      code: 'invalid_api_key',
      message: 'missing API key: send x-goog-api-key, ?key= or Authorization: Bearer',
    })
  }
  // The authenticator reads the Bearer form; the Gemini forms are handed to it as one.
  return authenticateClient(auth, new Headers({ authorization: `Bearer ${token}` }), false)
}
