/**
 * Output-token ceilings of Claude models whose limit is below what pinai would default to (a larger
 * `max_tokens` is a 400, docs/protocols.md pitfall 37). Newer models (64k and up) are not listed: they are
 * not clamped.
 */
const ceilings: [pattern: RegExp, limit: number][] = [
  [/claude-3-5-(sonnet|haiku)/, 8192],
  [/claude-3-(opus|sonnet|haiku)/, 4096],
  [/claude-opus-4(-[01])?(-\d{8})?$|claude-opus-4-1/, 32000],
]

/** The known output ceiling of a Claude model, or undefined when none is known. */
export function knownMaxOutputTokens(model: string): number | undefined {
  return ceilings.find(([pattern]) => pattern.test(model))?.[1]
}
