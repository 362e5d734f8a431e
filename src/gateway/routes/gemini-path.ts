/** A path of the Gemini surface: `/gemini/{v1|v1beta}/models[/{model}[:{method}]]`. */
export interface GeminiPath {
  version: 'v1' | 'v1beta'
  /** The model named in the path, without a `models/` prefix; absent for the listing. */
  model?: string
  /** What follows the model's colon (`generateContent`, `countTokens`…); absent for a model's details. */
  method?: string
}

const pattern = /^\/gemini\/(v1|v1beta)\/models(?:\/(.+))?$/

/**
 * Reads a Gemini path. The model is everything between `models/` and the last colon, percent-decoded,
 * so pinai names with slashes or an extra `models/` prefix work; undefined for any other path.
 */
export function parseGeminiPath(pathname: string): GeminiPath | undefined {
  const match = pattern.exec(pathname)
  if (!match) return undefined
  const version = match[1] === 'v1' ? 'v1' : 'v1beta'
  const rest = match[2]
  if (rest === undefined) return { version }
  let decoded: string
  try {
    decoded = decodeURIComponent(rest)
  } catch {
    return undefined
  }
  const colon = decoded.lastIndexOf(':')
  const named = colon < 0 ? decoded : decoded.slice(0, colon)
  const model = named.startsWith('models/') ? named.slice('models/'.length) : named
  if (!model) return undefined
  return colon < 0 ? { version, model } : { version, model, method: decoded.slice(colon + 1) }
}
