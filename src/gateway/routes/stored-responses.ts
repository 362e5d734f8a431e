import { GatewayError } from '../../ir/errors.ts'
import { authenticateClient } from '../auth.ts'
import type { GatewayDeps } from '../gateway-deps.ts'

/** What a call on a stored response wanted to do, for its message. */
export type StoredResponseAction = 'retrieve' | 'delete' | 'cancel' | 'list the input items of'

// An id is the client's own text, echoed in the message: kept short.
const maxIdLength = 100

/**
 * `GET`, `DELETE /openai/v1/responses/{id}`, `POST …/{id}/cancel`, `GET …/{id}/input_items`: pinai keeps no
 * response (`store` is not honoured, docs/protocols.md "OpenAI Responses"), so each is OpenAI's 404 for an
 * unknown response, after the same client authentication as every other route.
 */
export function handleStoredResponse(request: Request, action: StoredResponseAction, deps: GatewayDeps): never {
  authenticateClient(deps.state().auth, request.headers, false)
  // The path is /openai/v1/responses/{id}[/…]; the router matched it, so the id is there.
  const id = safeDecode(new URL(request.url).pathname.split('/')[4] ?? '')
  throw new GatewayError({
    kind: 'not_found',
    status: 404,
    code: 'response_not_found',
    message:
      `pinai does not store responses: cannot ${action} response '${id.slice(0, maxIdLength)}'. ` +
      'Send the whole conversation in each request (store: false, no previous_response_id).',
  })
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}
