/** How far into a text the model member is looked for: it comes before the content in every protocol's answers. */
export const MODEL_SCAN_LIMIT = 64 * 1024

/** Where a member's string value stands in a JSON text: `text.slice(start, end)` is the value with its quotes. */
export interface ValueSpan {
  start: number
  end: number
}

/** The index just past the JSON string that opens at `start` (a quote), or -1 when it does not end. */
function stringEnd(text: string, start: number, limit: number): number {
  for (let index = start + 1; index < limit; index++) {
    const code = text.charCodeAt(index)
    if (code === 0x5c) index++
    else if (code === 0x22) return index + 1
  }
  return -1
}

function skipSpace(text: string, index: number, limit: number): number {
  let at = index
  while (at < limit && (text[at] === ' ' || text[at] === '\n' || text[at] === '\r' || text[at] === '\t')) at++
  return at
}

/**
 * The span of the first string-valued member named `model` at object depth `depth` (1: the outermost
 * object's own members; 2: members of an object inside it), scanning forwards and stopping there, so
 * only the head of a long answer is read. Strings are stepped over whole, so a `"model":` inside text
 * or inside a nested object (a tool's input) is never taken for it. Undefined when there is none
 * within `limit` characters.
 */
export function findModelValue(
  text: string,
  depth = 1,
  limit = Math.min(text.length, MODEL_SCAN_LIMIT),
): ValueSpan | undefined {
  let level = 0
  for (let index = 0; index < limit; index++) {
    const code = text.charCodeAt(index)
    if (code === 0x7b || code === 0x5b) level++
    else if (code === 0x7d || code === 0x5d) {
      level--
      if (level <= 0) return undefined
    } else if (code === 0x22) {
      const end = stringEnd(text, index, limit)
      if (end < 0) return undefined
      if (level === depth && end - index === 7 && text.startsWith('"model"', index)) {
        const colon = skipSpace(text, end, limit)
        if (text[colon] === ':') {
          const start = skipSpace(text, colon + 1, limit)
          if (text[start] !== '"') return undefined
          const valueEnd = stringEnd(text, start, limit)
          return valueEnd < 0 ? undefined : { start, end: valueEnd }
        }
      }
      index = end - 1
    }
  }
  return undefined
}

/** `text` with its model member (see {@link findModelValue}) naming `model`; the same text when it has none or names it already. */
export function replaceModelName(text: string, model: string, depth = 1): string {
  const span = findModelValue(text, depth)
  if (!span) return text
  const value = JSON.stringify(model)
  if (text.slice(span.start, span.end) === value) return text
  return text.slice(0, span.start) + value + text.slice(span.end)
}

/**
 * A renamer for the frames of one stream: the first frame that names the model is scanned, and the
 * exact `"model":"…"` text it found is then looked for in later frames with one native search (JSON
 * escapes every quote inside a string, so that text can only be the member itself). A frame where it
 * is not found is scanned again. Measured: one scan per stream instead of one per frame.
 */
export function createModelRenamer(model: string, depth: number): (raw: string) => string {
  const replacement = `"model":${JSON.stringify(model)}`
  let seen: string | undefined
  return (raw) => {
    if (seen !== undefined) {
      const at = raw.indexOf(seen)
      if (at >= 0) return seen === replacement ? raw : raw.slice(0, at) + replacement + raw.slice(at + seen.length)
    }
    const span = findModelValue(raw, depth)
    if (!span) return raw
    const key = span.start - 8
    if (raw.startsWith('"model":', key)) seen = raw.slice(key, span.end)
    const value = replacement.slice(8)
    return raw.slice(span.start, span.end) === value ? raw : raw.slice(0, span.start) + value + raw.slice(span.end)
  }
}

/**
 * A whole JSON answer's bytes with its top-level model member naming `model`. Only the head is decoded
 * (as latin1, so character indices are byte offsets: the bytes of multi-byte UTF-8 characters are never
 * quotes, brackets or backslashes); the rest is copied as it came.
 */
export function replaceModelNameInBytes(bytes: Buffer, model: string): Buffer {
  // The model comes within the first few hundred bytes of every protocol's answer: a short head first.
  let span = findModelValue(bytes.toString('latin1', 0, Math.min(bytes.length, 4096)), 1)
  if (!span && bytes.length > 4096)
    span = findModelValue(bytes.toString('latin1', 0, Math.min(bytes.length, MODEL_SCAN_LIMIT)), 1)
  if (!span) return bytes
  const value = Buffer.from(JSON.stringify(model), 'utf8')
  if (value.equals(bytes.subarray(span.start, span.end))) return bytes
  return Buffer.concat([bytes.subarray(0, span.start), value, bytes.subarray(span.end)])
}
