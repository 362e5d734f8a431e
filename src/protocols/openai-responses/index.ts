import type { IRRequest } from '../../ir/request.ts'
import type { Codec } from '../codec.ts'
import { resolveCodecOptions, type CodecOptions } from '../codec-options.ts'
import { createDropLog, withDropLog } from '../shared/drop-log.ts'
import { answerText } from './answer-text.ts'
import { createTokenCounting } from './count-tokens.ts'
import { decodeError } from './decode-error.ts'
import { decodeRequest } from './decode-request.ts'
import { decodeResponse } from './decode-response.ts'
import { createDecodeStream } from './decode-stream.ts'
import { encodeError, encodeStreamError } from './encode-error.ts'
import { encodeRequest } from './encode-request.ts'
import { encodeResponse } from './encode-response.ts'
import { createEncodeStream } from './encode-stream.ts'
import { encodeModelList } from './model-list.ts'
import { openaiResponsesPassthrough } from './passthrough.ts'
import { createItemMemory } from './item-memory.ts'
import { createToolNames } from './tool-names.ts'
import { usageFromResponse } from './usage.ts'

/**
 * Creates the OpenAI Responses codec (`POST /v1/responses`), for clients (Codex, the OpenAI and AI SDKs)
 * and for upstreams that speak it. Its namespaced and custom tools' flat names, and the items it answered
 * with (for `item_reference`), live in this codec, bounded.
 */
export function createOpenAIResponsesCodec(options: CodecOptions = {}): Codec {
  const { now, generateId, logger } = resolveCodecOptions(options)
  const nowSeconds = (): number => Math.floor(now() / 1000)
  const tools = createToolNames()
  const memory = createItemMemory()
  const encode = (request: IRRequest, upstreamModel: string) =>
    withDropLog(logger, `request → openai-responses upstream ${upstreamModel}`, (drops) =>
      encodeRequest(request, upstreamModel, drops),
    )
  return {
    name: 'openai-responses',
    decodeRequest: (body) =>
      withDropLog(logger, 'openai-responses request', (drops) => decodeRequest(body, tools, memory, drops)),
    encodeRequest: encode,
    decodeResponse: (body) =>
      withDropLog(logger, 'openai-responses response', (drops) => decodeResponse(body, tools, drops)),
    encodeResponse: (response, requestedModel) =>
      encodeResponse(response, { requestedModel, nowSeconds, generateId, tools, memory }),
    decodeStream: () => createDecodeStream(tools, createDropLog(logger, 'openai-responses stream')),
    // Usage always ends a Responses stream (`response.completed`), asked for or not.
    encodeStream: ({ model }) => createEncodeStream({ model, nowSeconds, generateId, tools, memory }),
    decodeError: (status, bodyText, headers, provider) => decodeError(status, bodyText, headers, provider, now()),
    encodeError,
    encodeStreamError: (error) => {
      let sequence = 0
      return encodeStreamError(error, {
        sequence: () => sequence++,
        response: { id: generateId('resp_'), createdAt: nowSeconds(), model: '', output: [] },
      })
    },
    encodeModelList: (names) => encodeModelList(names),
    usageFromResponse,
    usageMember: 'usage',
    answerText,
    passthrough: openaiResponsesPassthrough,
    countTokens: createTokenCounting(encode),
  }
}
