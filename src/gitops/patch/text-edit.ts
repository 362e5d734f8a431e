/** A replacement of `text[start, end)`; an insertion when start equals end. */
export interface TextEdit {
  start: number
  end: number
  text: string
}

/** Applies non-overlapping edits to a text (in any order given). */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end)
  let result = text
  let limit = Number.POSITIVE_INFINITY
  for (const edit of sorted) {
    if (edit.end > limit) throw new Error('overlapping text edits')
    result = result.slice(0, edit.start) + edit.text + result.slice(edit.end)
    limit = edit.start
  }
  return result
}
