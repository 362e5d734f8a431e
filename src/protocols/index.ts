import type { Codec, ProtocolName } from './codec.ts'
import { anthropicCodec } from './anthropic/index.ts'
import { geminiCodec } from './gemini/index.ts'
import { openaiCodec } from './openai/index.ts'
import { openaiResponsesCodec } from './openai-responses/index.ts'

export type * from './codec.ts'
export type { CodecLogger, CodecOptions } from './codec-options.ts'
export { createSseParser, sseEncode } from './sse.ts'
export { parseSseFrame } from './sse-frames.ts'
export { createOpenAICodec, openaiCodec } from './openai/index.ts'
export type { OpenAICodecOptions } from './openai/index.ts'
export { createAnthropicCodec, anthropicCodec } from './anthropic/index.ts'
export type { AnthropicCodecOptions } from './anthropic/index.ts'
export { createGeminiCodec, geminiCodec } from './gemini/index.ts'
export { createOpenAIResponsesCodec, openaiResponsesCodec } from './openai-responses/index.ts'

/** Every protocol's codec, by name: the one registry that imports them all. */
export const codecs: Record<ProtocolName, Codec> = {
  openai: openaiCodec,
  anthropic: anthropicCodec,
  gemini: geminiCodec,
  'openai-responses': openaiResponsesCodec,
}
