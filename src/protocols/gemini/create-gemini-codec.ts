import type { IRRequest } from '../../ir/request.ts'
import type { Codec, UpstreamCall } from '../codec.ts'
import { resolveCodecOptions } from '../codec-options.ts'
import type { CodecOptions } from '../codec-options.ts'
import type { GeminiContext } from './context.ts'
import { createTokenCounting } from './count-tokens.ts'
import { decodeGeminiError } from './decode-error.ts'
import { decodeRequest } from './decode-request.ts'
import { decodeResponse } from './decode-response.ts'
import { createDecodeStream } from './decode-stream.ts'
import { encodeError, encodeStreamError } from './encode-error.ts'
import { encodeRequest } from './encode-request.ts'
import { encodeResponse } from './encode-response.ts'
import { createEncodeStream } from './encode-stream.ts'
import { encodeModelList } from './model-list.ts'
import { createGeminiSideCaches } from './tool-call-cache.ts'
import type { GeminiSideCaches } from './tool-call-cache.ts'
import { usageFromResponse } from './map-usage.ts'
import { answerText } from './answer-text.ts'

/** Options of {@link createGeminiCodec}: the shared codec options plus the side caches (tests pass their own). */
export interface GeminiCodecOptions extends CodecOptions {
  caches?: GeminiSideCaches
}

/** The Gemini codec: the {@link Codec} members plus its side caches. */
export interface GeminiCodec extends Codec {
  /** The side caches (tool-call id → name and signature; thought text → signature). */
  readonly caches: GeminiSideCaches
}

/** Creates a Gemini codec with its own clock, id generator, logger and side caches. */
export function createGeminiCodec(options: GeminiCodecOptions = {}): GeminiCodec {
  const context: GeminiContext = { ...resolveCodecOptions(options), caches: options.caches ?? createGeminiSideCaches() }
  return {
    name: 'gemini',
    caches: context.caches,
    decodeRequest: (body) => decodeRequest(body, context),
    encodeRequest: (request, upstreamModel) => encodeRequest(request, upstreamModel, context),
    decodeResponse: (body) => decodeResponse(body, context),
    encodeResponse: (response, requestedModel) => encodeResponse(response, requestedModel),
    decodeStream: () => createDecodeStream(context),
    encodeStream: (streamOptions) => createEncodeStream(streamOptions),
    decodeError: (status, bodyText, headers, provider) => decodeGeminiError(status, bodyText, headers, provider, context.now()),
    encodeError,
    encodeStreamError,
    encodeModelList: (names, listOptions) => encodeModelList(names, listOptions),
    usageFromResponse,
    usageMember: 'usageMetadata',
    answerText,
    countTokens: createTokenCounting(context),
  }
}
