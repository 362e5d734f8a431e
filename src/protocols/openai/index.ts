import type { Codec } from '../codec.ts'
import { resolveCodecOptions, type CodecOptions } from '../codec-options.ts'
import { createDropLog, withDropLog } from '../shared/drop-log.ts'
import { decodeError } from './decode-error.ts'
import { decodeRequest } from './decode-request.ts'
import { decodeResponse } from './decode-response.ts'
import { createDecodeStream } from './decode-stream.ts'
import { encodeError, encodeStreamError } from './encode-error.ts'
import { encodeRequest } from './encode-request.ts'
import { encodeResponse } from './encode-response.ts'
import { createEncodeStream } from './encode-stream.ts'
import { encodeModelList } from './model-list.ts'
import { openaiPassthrough } from './passthrough.ts'
import { usageFromResponse } from './usage.ts'
import { answerText } from './answer-text.ts'
import { openaiEmbeddings } from './embeddings.ts'

/** Options of the OpenAI codec. */
export interface OpenAICodecOptions extends CodecOptions {
  /**
   * Send assistant reasoning back upstream as `reasoning_content` (DeepSeek-style servers that want it
   * in tool loops). Off by default: official OpenAI and many servers reject or ignore it.
   */
  sendReasoningContent?: boolean
}

/** Creates the OpenAI Chat Completions codec. */
export function createOpenAICodec(options: OpenAICodecOptions = {}): Codec {
  const { now, generateId, logger } = resolveCodecOptions(options)
  const nowSeconds = (): number => Math.floor(now() / 1000)
  const sendReasoningContent = options.sendReasoningContent ?? false
  return {
    name: 'openai',
    decodeRequest: (body) => withDropLog(logger, 'openai request', (drops) => decodeRequest(body, generateId, drops)),
    encodeRequest: (request, upstreamModel) =>
      withDropLog(logger, `request → openai upstream ${upstreamModel}`, (drops) =>
        encodeRequest(request, upstreamModel, { sendReasoningContent }, drops),
      ),
    decodeResponse: (body) => withDropLog(logger, 'openai response', (drops) => decodeResponse(body, drops)),
    encodeResponse: (response, requestedModel) => encodeResponse(response, requestedModel, nowSeconds()),
    decodeStream: () => createDecodeStream(generateId, createDropLog(logger, 'openai stream')),
    encodeStream: ({ model, includeUsage }) => createEncodeStream({ model, includeUsage, nowSeconds, generateId }),
    decodeError: (status, bodyText, headers, provider) => decodeError(status, bodyText, headers, provider, now()),
    encodeError,
    encodeStreamError,
    encodeModelList: (names) => encodeModelList(names),
    usageFromResponse,
    usageMember: 'usage',
    answerText,
    passthrough: openaiPassthrough,
    embeddings: openaiEmbeddings,
  }
}
