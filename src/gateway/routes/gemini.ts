import type { ServerResponse } from 'node:http'
import { GatewayError } from '../../ir/errors.ts'
import type { GatewayDeps } from '../gateway-deps.ts'
import { handleGeminiCountTokens } from './gemini-count-tokens.ts'
import { handleGeminiEmbeddings } from './gemini-embeddings.ts'
import { handleGeminiGenerate } from './gemini-generate.ts'
import { listGeminiModels, showGeminiModel } from './gemini-models.ts'
import { parseGeminiPath } from './gemini-path.ts'

/**
 * Everything under `/gemini/`: Gemini's own API (README.md, "Client API"), `/v1beta` and `/v1` alike.
 * Gemini puts the model and the method in the path (`models/{model}:{method}`), which a router's
 * patterns cannot split, so this one route reads the path and dispatches.
 */
export function handleGemini(request: Request, deps: GatewayDeps, nodeResponse?: ServerResponse): Promise<Response> | Response {
  const pathname = new URL(request.url).pathname
  const path = parseGeminiPath(pathname)
  const { model, method } = path ?? {}
  if (path && request.method === 'GET' && method === undefined) {
    return model === undefined ? listGeminiModels(request, deps) : showGeminiModel(request, deps, model)
  }
  if (path && request.method === 'POST' && model !== undefined) {
    switch (method) {
      case 'generateContent':
        return handleGeminiGenerate(request, deps, model, false, nodeResponse)
      case 'streamGenerateContent':
        return handleGeminiGenerate(request, deps, model, true, nodeResponse)
      case 'countTokens':
        return handleGeminiCountTokens(request, deps, model)
      case 'embedContent':
        return handleGeminiEmbeddings(request, deps, model, false)
      case 'batchEmbedContents':
        return handleGeminiEmbeddings(request, deps, model, true)
    }
  }
  throw new GatewayError({ kind: 'not_found', status: 404, code: 'not_found', message: `${request.method} ${pathname} is not a pinai route` })
}
