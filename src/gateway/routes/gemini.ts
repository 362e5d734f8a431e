import { GatewayError } from '../../ir/errors.ts'
import type { GatewayDeps } from '../gateway-deps.ts'
import type { NodeContext } from '../node-context.ts'
import { beginGeminiCall } from '../gemini-call.ts'
import { answerCountTokens } from './count-tokens.ts'
import { answerEmbeddings } from './embeddings.ts'
import { handleGeminiGenerate } from './gemini-generate.ts'
import { listGeminiModels, showGeminiModel } from './gemini-models.ts'
import { parseGeminiPath } from './gemini-path.ts'

/**
 * Everything under `/gemini/`: Gemini's own API (README.md, "Client API"), `/v1beta` and `/v1` alike.
 * Gemini puts the model and the method in the path (`models/{model}:{method}`), which a router's
 * patterns cannot split, so this one route reads the path and dispatches.
 */
export function handleGemini(
  request: Request,
  deps: GatewayDeps,
  context: NodeContext | undefined,
): Promise<Response> | Response {
  const pathname = new URL(request.url).pathname
  const path = parseGeminiPath(pathname)
  const { model, method } = path ?? {}
  if (path && request.method === 'GET' && method === undefined) {
    return model === undefined ? listGeminiModels(request, deps) : showGeminiModel(request, deps, model)
  }
  if (path && request.method === 'POST' && model !== undefined) {
    switch (method) {
      case 'generateContent':
        return handleGeminiGenerate(request, deps, model, false, context)
      case 'streamGenerateContent':
        return handleGeminiGenerate(request, deps, model, true, context)
      case 'countTokens':
        return beginGeminiCall(request, deps, { model, stream: false }, 'count_tokens').then(answerCountTokens)
      case 'embedContent':
      case 'batchEmbedContents':
        return beginGeminiCall(request, deps, { model, stream: false }, 'embeddings').then(answerEmbeddings)
      default:
        break
    }
  }
  throw new GatewayError({
    kind: 'not_found',
    status: 404,
    code: 'not_found',
    message: `${request.method} ${pathname} is not a pinai route`,
  })
}
