import { createGeminiCodec } from './create-gemini-codec.ts'
import type { GeminiCodec } from './create-gemini-codec.ts'

/** The process-wide Gemini codec (one side cache shared by every request, as replays need). */
export const geminiCodec: GeminiCodec = createGeminiCodec()

export { createGeminiCodec } from './create-gemini-codec.ts'
export type { GeminiCodec, GeminiCodecOptions } from './create-gemini-codec.ts'
export { cleanSchema } from './clean-schema.ts'
export { decodeGeminiError, parseRetryDelay } from './decode-error.ts'
export { decodeEmbeddingsRequest, decodeEmbeddingsResponse, encodeEmbeddingsRequest, estimateTokens } from './embeddings.ts'
export type { EmbeddingsRequest, OpenAIEmbeddingsResponse } from './embeddings.ts'
export { decodeModelPage } from './model-list.ts'
export type { GeminiModelInfo } from './model-list.ts'
export { bareModelId, geminiAuthHeaders, geminiPaths, modelResourceName } from './paths.ts'
export { createGeminiSideCaches, SideCache } from './tool-call-cache.ts'
export type { GeminiSideCaches, RememberedCall } from './tool-call-cache.ts'
