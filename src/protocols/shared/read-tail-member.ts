/**
 * The value of the member `key` of the JSON object `text`, read from the end of the text without parsing
 * the rest: only when that member is among the outermost object's last members (usage is where OpenAI,
 * Anthropic and Gemini put it), so that what follows it can be stepped over — the object's later
 * members, its closing brace, then nothing. Undefined when the text is not like that (the member is
 * nested, absent, or written with spaces before its colon): the caller then parses the whole text.
 *
 * In valid JSON the characters `"key":` can only be that key (inside a string every quote is escaped),
 * and the last such key followed by nothing but members and the final brace belongs to the outermost
 * object; JSON.parse would give its value too (a repeated key: the last one wins in both). The part
 * before the member is not read, so a body broken there is not noticed (a passthrough forwards the
 * bytes as they came anyway).
 */
export function readTailMember(text: string, key: string): { value: unknown } | undefined {
  const needle = `"${key}":`
  const at = text.lastIndexOf(needle)
  if (at < 0) return undefined
  const start = skipSpace(text, at + needle.length)
  const end = skipValue(text, start)
  if (end < 0) return undefined
  let index = skipSpace(text, end)
  while (text[index] === ',') {
    index = skipSpace(text, index + 1)
    if (text[index] !== '"') return undefined
    index = skipSpace(text, skipString(text, index))
    if (index < 0 || text[index] !== ':') return undefined
    index = skipValue(text, skipSpace(text, index + 1))
    if (index < 0) return undefined
    index = skipSpace(text, index)
  }
  if (text[index] !== '}' || skipSpace(text, index + 1) !== text.length) return undefined
  try {
    return { value: JSON.parse(text.slice(start, end)) }
  } catch {
    return undefined
  }
}

function isSpace(char: string | undefined): boolean {
  return char === ' ' || char === '\n' || char === '\r' || char === '\t'
}

function skipSpace(text: string, index: number): number {
  if (index < 0) return index
  while (isSpace(text[index])) index++
  return index
}

/** The index after the string that starts at `index` (a quote), or -1 when it does not end. */
function skipString(text: string, index: number): number {
  for (let from = index + 1; ;) {
    const quote = text.indexOf('"', from)
    if (quote < 0) return -1
    let backslashes = 0
    while (text[quote - 1 - backslashes] === '\\') backslashes++
    if (backslashes % 2 === 0) return quote + 1
    from = quote + 1
  }
}

/** The index after the JSON value that starts at `index`, or -1 when it does not end (or none starts there). */
function skipValue(text: string, index: number): number {
  const first = text[index]
  if (first === undefined) return -1
  if (first === '"') return skipString(text, index)
  if (first !== '{' && first !== '[') {
    let end = index
    while (end < text.length && !isSpace(text[end]) && text[end] !== ',' && text[end] !== '}' && text[end] !== ']')
      end++
    return end > index ? end : -1
  }
  let depth = 0
  for (let cursor = index; cursor < text.length; cursor++) {
    const char = text[cursor]
    if (char === '"') {
      cursor = skipString(text, cursor) - 1
      if (cursor < 0) return -1
    } else if (char === '{' || char === '[') depth++
    else if (char === '}' || char === ']') {
      depth--
      if (depth === 0) return cursor + 1
    }
  }
  return -1
}
