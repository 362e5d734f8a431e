import type { Codec, ProtocolName } from './codec.ts'
import type { CodecLogger } from './codec-options.ts'
import { createAnthropicCodec } from './anthropic/index.ts'
import { createGeminiCodec } from './gemini/index.ts'
import { createOpenAICodec } from './openai/index.ts'
import { createOpenAIResponsesCodec } from './openai-responses/index.ts'

export type * from './codec.ts'
export type { CodecLogger, CodecOptions } from './codec-options.ts'
export { createSseParser, sseEncode } from './sse.ts'
export { parseSseFrame } from './sse-frames.ts'
export { stepperStream } from './shared/stepper-stream.ts'
export { createOpenAICodec } from './openai/index.ts'
export type { OpenAICodecOptions } from './openai/index.ts'
export { createAnthropicCodec } from './anthropic/index.ts'
export type { AnthropicCodecOptions } from './anthropic/index.ts'
export { createGeminiCodec } from './gemini/index.ts'
export { createOpenAIResponsesCodec } from './openai-responses/index.ts'

/** Every protocol's codec, by name. */
export type Codecs = Record<ProtocolName, Codec>

/**
 * The codecs of one gateway, by name: the one registry that imports them all. Each codec reports what it
 * drops to `logger`; per-codec state (Gemini's side caches) lives as long as the returned codecs.
 */
export function createCodecs(options: { logger: CodecLogger }): Codecs {
  return {
    openai: createOpenAICodec({ logger: options.logger }),
    anthropic: createAnthropicCodec({ logger: options.logger }),
    gemini: createGeminiCodec({ logger: options.logger }),
    'openai-responses': createOpenAIResponsesCodec({ logger: options.logger }),
  }
}
