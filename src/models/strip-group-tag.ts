/** Bracketed notes relays add to ids: `(官转)`, `（特价）`, `[Pro]`, `【限时】`. */
const note = /\s*(?:\([^()]*\)|（[^（）]*）|\[[^[\]]*\]|【[^【】]*】)\s*/g

/** Routing and pricing tags that do not change the model (OpenRouter's `:free`, Ollama's `:latest`). */
const droppedTags = ['free', 'beta', 'extended', 'nitro', 'floor', 'latest']
const tag = new RegExp(`:(?:${droppedTags.join('|')})$`, 'i')

/**
 * Drops what a relay puts around a model id: a `vendor/` or `Pro/vendor/` prefix, a `:free`-style
 * tag and bracketed notes. Size and variant tags such as `qwen3:8b` or `:thinking` name a different
 * model and are kept.
 */
export function stripGroupTag(name: string): string {
  let result = name.replace(note, ' ').trim()
  const slash = result.lastIndexOf('/')
  if (slash >= 0 && slash < result.length - 1) result = result.slice(slash + 1)
  result = result.replace(tag, '').trim()
  return result || name
}

/** The tags {@link stripGroupTag} drops, for documentation and `pinai rewrite`. */
export const strippedTags: readonly string[] = droppedTags
