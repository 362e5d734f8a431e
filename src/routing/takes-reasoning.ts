import type { Channel } from './channel.ts'

/**
 * Model ids of families that take a reasoning effort: OpenAI's o-series and gpt-5, and the names
 * relays give reasoning models (DeepSeek's reasoner and R1, QwQ, "thinking" variants).
 */
const reasoningFamily = /(^|[/:])(o\d+|gpt-5|gpt-oss)([-.:/_]|$)|reason|(^|[-/_])r1([-.:_]|$)|qwq|thinking/i

/**
 * Whether a translated request may carry a reasoning effort to this channel: the model entry's
 * `reasoning` mark, else the provider's, else whether the upstream id names a reasoning family. A
 * model that takes none answers a 400 that is never failed over (README.md, "Client API").
 */
export function takesReasoning(channel: Channel): boolean {
  return channel.reasoning ?? channel.provider.reasoning ?? reasoningFamily.test(channel.upstreamModel)
}
