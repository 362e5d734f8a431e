import type { Codec } from '../codec.ts'
import { resolveCodecOptions } from '../codec-options.ts'
import type { CodecOptions } from '../codec-options.ts'
import { createDropLog, withDropLog } from '../shared/drop-log.ts'
import type { GeminiContext } from './context.ts'
import { createTokenCounting } from './count-tokens.ts'
import { decodeError } from './decode-error.ts'
import { decodeRequest } from './decode-request.ts'
import { decodeResponse } from './decode-response.ts'
import { createDecodeStream } from './decode-stream.ts'
import { encodeError, encodeStreamError } from './encode-error.ts'
import { encodeGenerateBody, encodeRequest } from './encode-request.ts'
import { encodeResponse } from './encode-response.ts'
import { createEncodeStream } from './encode-stream.ts'
import { encodeModelList } from './model-list.ts'
import { createGeminiSideCaches } from './tool-call-cache.ts'
import type { GeminiSideCaches } from './tool-call-cache.ts'
import { usageFromResponse } from './usage.ts'
import { answerText } from './answer-text.ts'
import { geminiEmbeddings } from './embeddings.ts'
import { geminiPassthrough } from './passthrough.ts'

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
  const { now, generateId, logger } = resolveCodecOptions(options)
  const caches = options.caches ?? createGeminiSideCaches()
  // One context per translation: what it drops is logged as one line under `what` when it ends.
  const translating = <T>(what: string, work: (context: GeminiContext) => T): T =>
    withDropLog(logger, what, (drops) => work({ now, generateId, caches, drops }))
  return {
    name: 'gemini',
    caches,
    decodeRequest: (body) => translating('gemini request', (context) => decodeRequest(body, context)),
    encodeRequest: (request, upstreamModel) =>
      translating(`request → gemini upstream ${upstreamModel}`, (context) =>
        encodeRequest(request, upstreamModel, context),
      ),
    decodeResponse: (body) => translating('gemini response', (context) => decodeResponse(body, context)),
    encodeResponse: (response, requestedModel) => encodeResponse(response, requestedModel),
    decodeStream: () => createDecodeStream({ now, generateId, caches, drops: createDropLog(logger, 'gemini stream') }),
    encodeStream: (streamOptions) => createEncodeStream(streamOptions),
    decodeError: (status, bodyText, headers, provider) => decodeError(status, bodyText, headers, provider, now()),
    encodeError,
    encodeStreamError,
    encodeModelList: (names, listOptions) => encodeModelList(names, listOptions),
    usageFromResponse,
    usageMember: 'usageMetadata',
    answerText,
    passthrough: geminiPassthrough,
    embeddings: geminiEmbeddings,
    countTokens: createTokenCounting((request, upstreamModel) =>
      translating(`count request → gemini upstream ${upstreamModel}`, (context) =>
        encodeGenerateBody(request, upstreamModel, context),
      ),
    ),
  }
}
