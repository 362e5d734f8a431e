/**
 * A stream chunk's JSON text cut around one string value: most chunks of a stream differ from the one
 * before only in their text (`"content":"…"`), so a chunk that starts with `prefix` and ends with `suffix`
 * is that chunk with another text, and the text can be read without `JSON.parse`.
 */
export interface TextTemplate {
  prefix: string
  suffix: string
}

const probe = 'pinai template probe'

/**
 * The template of `data`, a chunk that parsed to `text` under `key`, or undefined when that string does
 * not appear exactly once as `"key":"…"` (written with other escapes, or twice), or when a probe text put
 * in the hole is not what `textOf` reads from the parsed chunk (the hole would be some other field).
 */
export function learnTextTemplate(
  data: string,
  key: string,
  text: string,
  textOf: (chunk: unknown) => unknown,
): TextTemplate | undefined {
  const literal = JSON.stringify(text)
  const needle = `"${key}":${literal}`
  const at = data.indexOf(needle)
  if (at < 0 || data.indexOf(needle, at + 1) >= 0) return undefined
  const start = at + needle.length - literal.length
  const template = { prefix: data.slice(0, start), suffix: data.slice(start + literal.length) }
  try {
    return textOf(JSON.parse(`${template.prefix}"${probe}"${template.suffix}`)) === probe ? template : undefined
  } catch {
    return undefined
  }
}

// A JSON string with nothing to unescape: no quote, backslash or control character inside.
const plainLiteral = /^"[^"\\\u0000-\u001f]*"$/

/**
 * The text of a chunk made from `template`, or undefined when `data` does not fit it. What lies between
 * prefix and suffix must be one JSON string: then the chunk parses exactly like the learned one, with
 * this text in the hole; anything else (another field, a second value) is left to `JSON.parse`.
 */
export function readTextTemplate(template: TextTemplate, data: string): string | undefined {
  const { prefix, suffix } = template
  const end = data.length - suffix.length
  if (end < prefix.length + 2) return undefined
  // A slice compared with === is a block comparison; startsWith/endsWith walk character by character
  // (~3 times slower on a 170-character prefix in Node 20).
  if (data.slice(0, prefix.length) !== prefix || data.slice(end) !== suffix) return undefined
  const literal = data.slice(prefix.length, end)
  if (plainLiteral.test(literal)) return literal.slice(1, -1)
  if (literal[0] !== '"') return undefined
  try {
    const value: unknown = JSON.parse(literal)
    return typeof value === 'string' ? value : undefined
  } catch {
    return undefined
  }
}

/** A stream stops learning templates after this many misses (a field that changes in every chunk). */
const MISS_LIMIT = 3

/**
 * A stream decoder's use of text templates: the template learned last (with what its text is, `tag`),
 * dropped at the first chunk that does not fit, and no more learning once chunks have missed
 * {@link MISS_LIMIT} times — a stream whose chunks never fit (such as OpenAI's `obfuscation` field)
 * goes back to `JSON.parse` alone.
 */
export class TextTemplateSlot<Tag = undefined> {
  private template: TextTemplate | undefined
  private misses = 0
  /** What the current template's text is (valid after a {@link read} that gave text). */
  tag: Tag | undefined

  /** The text of `data` read through the current template, or undefined (a chunk that does not fit drops it). */
  read(data: string): string | undefined {
    if (!this.template) return undefined
    const text = readTextTemplate(this.template, data)
    if (text !== undefined) return text
    this.misses += 1
    this.template = undefined
    return undefined
  }

  /** Whether learning a template is still worth it. */
  get learning(): boolean {
    return this.misses < MISS_LIMIT
  }

  /** Learns the template of `data` (see {@link learnTextTemplate}); a chunk none can be cut from counts as a miss too. */
  learn(data: string, key: string, text: string, textOf: (chunk: unknown) => unknown, tag?: Tag): void {
    this.template = learnTextTemplate(data, key, text, textOf)
    this.tag = tag
    if (!this.template) this.misses += 1
  }
}
