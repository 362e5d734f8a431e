import { GatewayError } from '../ir/errors.ts'
import type { Usage } from '../ir/usage.ts'
import type { Codec } from '../protocols/codec.ts'
import { readTailMember } from '../protocols/shared/read-tail-member.ts'

/** Parses an upstream's JSON answer; a body that is not JSON is the upstream's fault (502, fails over). */
export function parseUpstreamJson(bytes: Buffer, provider: string): unknown {
  return parseUpstreamText(bytes.toString('utf8'), provider)
}

function parseUpstreamText(text: string, provider: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    throw new GatewayError({
      kind: 'upstream',
      status: 502,
      provider,
      code: 'invalid_upstream_json',
      message: `${provider} answered with a body that is not JSON`,
    })
  }
}

/**
 * The usage of an upstream's whole JSON answer forwarded as it came (passthrough): read from the end
 * of the text where the usage is among the answer's last members, as every protocol writes it, instead
 * of parsing the whole answer (measured: its JSON.parse was the largest single function of a
 * non-stream request); else from the answer parsed, a 502 when it is not JSON.
 */
export function usageOfAnswer(codec: Codec, bytes: Buffer, provider: string): Usage | undefined {
  const text = bytes.toString('utf8')
  const member = readTailMember(text, codec.usageMember)
  return codec.usageFromResponse(member ? { [codec.usageMember]: member.value } : parseUpstreamText(text, provider))
}
