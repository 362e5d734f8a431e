import type { Codec } from '../codec.ts'
import { resolveCodecOptions, type CodecOptions } from '../codec-options.ts'
import { createDropLog, withDropLog } from '../shared/drop-log.ts'
import { stepperStream, stepperTransformer } from '../shared/stepper-stream.ts'
import { answerText } from './answer-text.ts'
import { decodeError } from './decode-error.ts'
import { decodeRequest } from './decode-request.ts'
import { decodeResponse } from './decode-response.ts'
import { createDecodeStream } from './decode-stream.ts'
import { encodeError } from './encode-error.ts'
import { encodeStreamErrorEvents } from './encode-error.ts'
import { encodeRequest } from './encode-request.ts'
import { encodeResponse } from './encode-response.ts'
import { createEncodeStream } from './encode-stream.ts'
import { encodeModelList } from './model-list.ts'
import { responsesPassthrough } from './passthrough.ts'
import { createToolNames } from './tool-names.ts'
import { createUsageTap, usageFromResponse } from './usage-tap.ts'

/**
 * Creates the OpenAI Responses codec (`POST /v1/responses`), for clients (Codex, the OpenAI and AI SDKs)
 * and for upstreams that speak it. Its namespaced and custom tools' flat names live in this codec.
 */
export function createOpenAIResponsesCodec(options: CodecOptions = {}): Codec {
  const { now, generateId, logger } = resolveCodecOptions(options)
  const nowSeconds = (): number => Math.floor(now() / 1000)
  const tools = createToolNames()
  const decodeStream = () => createDecodeStream(tools, createDropLog(logger, 'openai-responses stream'))
  const encodeStream = ({ model }: { model: string }) => createEncodeStream({ model, nowSeconds, generateId, tools })
  return {
    name: 'openai-responses',
    decodeRequest: (body) => withDropLog(logger, 'openai-responses request', (drops) => decodeRequest(body, tools, drops)),
    encodeRequest: (request, upstreamModel) => withDropLog(logger, `request → openai-responses upstream ${upstreamModel}`, (drops) => encodeRequest(request, upstreamModel, drops)),
    decodeResponse: (body) => withDropLog(logger, 'openai-responses response', (drops) => decodeResponse(body, tools, drops)),
    encodeResponse: (response, requestedModel) => encodeResponse(response, { requestedModel, nowSeconds, generateId, tools }),
    decodeStream: () => stepperStream(decodeStream()),
    decodeTransformer: () => stepperTransformer(decodeStream()),
    encodeStream: (streamOptions) => stepperStream(encodeStream(streamOptions)),
    encodeTransformer: (streamOptions) => stepperTransformer(encodeStream(streamOptions)),
    decodeError: (status, bodyText, headers, provider) => decodeError(status, bodyText, headers, provider, now()),
    encodeError,
    encodeStreamError: (error) => {
      let sequence = 0
      return encodeStreamErrorEvents(error, { sequence: () => sequence++, response: { id: generateId('resp_'), createdAt: nowSeconds(), model: '', output: [] } })
    },
    encodeModelList: (names) => encodeModelList(names),
    usageFromResponse,
    usageMember: 'usage',
    answerText,
    usageTap: createUsageTap,
    passthrough: responsesPassthrough,
  }
}

/** The Responses codec with default options. */
export const openaiResponsesCodec: Codec = createOpenAIResponsesCodec()
