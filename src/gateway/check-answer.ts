import { GatewayError } from '../ir/errors.ts'
import type { Usage } from '../ir/usage.ts'
import type { Codec } from '../protocols/codec.ts'
import { refuseFailureText } from './failure-phrases.ts'
import { usageOfAnswer } from './upstream-json.ts'

/**
 * Up to this size (bytes) a forwarded answer is parsed whole to check its shape and text: that costs
 * little, and every answer whose text is short enough for the phrases (failure-phrases.ts) fits.
 */
const wholeCheckLimit = 8 * 1024

/**
 * Checks that a whole answer forwarded as it came (passthrough) is the protocol's answer and not a
 * relay's failure dressed as a 200, and returns its usage. A small body is parsed once for both; a
 * large one is only checked to be a JSON object, its usage read from its end (see usageOfAnswer).
 */
export function checkForwardedAnswer(
  codec: Codec,
  bytes: Buffer,
  provider: string,
  phrases: readonly string[],
): Usage | undefined {
  if (bytes.length > wholeCheckLimit) {
    if (firstByte(bytes) !== 0x7b) throw notAnAnswer(codec, provider, describe(bytes.toString('utf8', 0, 64)))
    return usageOfAnswer(codec, bytes, provider)
  }
  const text = bytes.toString('utf8')
  const body = parseOrUndefined(text)
  if (body === undefined) throw notAnAnswer(codec, provider, describe(text))
  checkAnswerBody(codec, body, provider, phrases)
  return codec.usageFromResponse(body)
}

/** Throws unless the parsed `body` is the codec's answer without a relay's error phrase in its text. */
export function checkAnswerBody(codec: Codec, body: unknown, provider: string, phrases: readonly string[]): void {
  const answer = codec.answerText(body)
  if (answer === undefined) throw notAnAnswer(codec, provider, 'JSON')
  refuseFailureText(answer, phrases, provider)
}

/** An upstream failure (fails over, cools the channel) naming what came instead of the answer. */
function notAnAnswer(codec: Codec, provider: string, what: string): GatewayError {
  return new GatewayError({
    kind: 'upstream',
    status: 502,
    provider,
    code: 'not_an_answer',
    message: `${provider} answered 200 with ${what} that is not an ${codec.name} protocol answer`,
  })
}

function describe(text: string): string {
  const start = text.trimStart()
  if (start === '') return 'an empty body'
  if (start.startsWith('<')) return 'an HTML page'
  return start.startsWith('{') || start.startsWith('[') ? 'JSON' : 'plain text'
}

function firstByte(bytes: Buffer): number | undefined {
  for (const byte of bytes) if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) return byte
  return undefined
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
