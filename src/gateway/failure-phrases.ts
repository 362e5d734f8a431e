import type { ProviderConfig } from '../config/schema.ts'
import { GatewayError } from '../ir/errors.ts'

/**
 * Phrases that free relays (New API, One API and their forks) put in a 200's text instead of an error
 * status: the group's upstream is saturated, the quota or balance is spent, no channel serves the model.
 */
export const builtInFailurePhrases: readonly string[] = Object.freeze([
  '当前分组上游负载已饱和',
  '额度不足',
  '余额不足',
  '额度已用尽',
  '无可用渠道',
  'upstream load is saturated',
  'insufficient_user_quota',
])

/**
 * A phrase counts only in a text this short (characters): a relay's error is a sentence, while an
 * answer that merely mentions the phrase says more around it.
 */
export const shortTextLimit = 256

/** The phrases looked for in a provider's first content: the built-in ones and its `failoverOn.bodyContains`. */
export function failurePhrasesOf(provider: ProviderConfig): readonly string[] {
  const own = provider.failoverOn?.bodyContains
  // The usual provider adds none: the built-in list, lowered once, serves every request.
  if (!own || own.length === 0) return builtInLowered
  return [...builtInLowered, ...own.map((phrase) => phrase.toLowerCase())]
}

const builtInLowered: readonly string[] = Object.freeze(builtInFailurePhrases.map((phrase) => phrase.toLowerCase()))

/** Throws an upstream failure (fails over, cools the channel) when a short `text` holds one of `phrases` (lower case). */
export function refuseFailureText(text: string | undefined, phrases: readonly string[], provider: string): void {
  if (!text || text.length > shortTextLimit) return
  const lower = text.toLowerCase()
  const phrase = phrases.find((candidate) => lower.includes(candidate))
  if (phrase === undefined) return
  throw new GatewayError({
    kind: 'upstream',
    status: 502,
    provider,
    code: 'error_in_answer',
    message: `${provider} answered 200 with an error text instead of an answer (it contains "${phrase}")`,
  })
}
