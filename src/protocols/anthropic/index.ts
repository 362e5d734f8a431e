import type { IRRequest } from '../../ir/request.ts'
import type { Codec, UpstreamCall } from '../codec.ts'
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
import { anthropicPassthrough } from './passthrough.ts'
import { knownMaxOutputTokens } from './max-output-tokens.ts'
import type { MaxTokenDefaults } from './plan-thinking.ts'
import { usageFromResponse } from './usage.ts'
import { answerText } from './answer-text.ts'
import { createTokenCounting } from './count-tokens.ts'

/** Options of the Anthropic codec. */
export interface AnthropicCodecOptions extends CodecOptions, Partial<MaxTokenDefaults> {}

/** Creates the Anthropic Messages codec. */
export function createAnthropicCodec(options: AnthropicCodecOptions = {}): Codec {
  const { now, generateId, logger } = resolveCodecOptions(options)
  const defaults: MaxTokenDefaults = {
    defaultMaxTokens: options.defaultMaxTokens ?? 4096,
    defaultMaxTokensWithThinking: options.defaultMaxTokensWithThinking ?? 32000,
    maxOutputTokens: options.maxOutputTokens ?? knownMaxOutputTokens,
  }
  const encode = (request: IRRequest, upstreamModel: string): UpstreamCall =>
    withDropLog(logger, `request → anthropic upstream ${upstreamModel}`, (drops) =>
      encodeRequest(request, upstreamModel, defaults, drops),
    )
  return {
    name: 'anthropic',
    decodeRequest: (body, headers) =>
      withDropLog(logger, 'anthropic request', (drops) => decodeRequest(body, headers, drops)),
    encodeRequest: encode,
    decodeResponse: (body) => withDropLog(logger, 'anthropic response', (drops) => decodeResponse(body, drops)),
    encodeResponse,
    decodeStream: () => createDecodeStream(createDropLog(logger, 'anthropic stream')),
    encodeStream: ({ model }) =>
      createEncodeStream({ model, generateId, drops: createDropLog(logger, 'anthropic client stream') }),
    decodeError: (status, bodyText, headers, provider) => decodeError(status, bodyText, headers, provider, now()),
    encodeError,
    encodeStreamError,
    encodeModelList,
    usageFromResponse,
    usageMember: 'usage',
    answerText,
    passthrough: anthropicPassthrough,
    countTokens: createTokenCounting(encode),
  }
}
