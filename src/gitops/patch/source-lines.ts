/** Position of the first character of the line holding `position`. */
export function lineStart(text: string, position: number): number {
  return text.lastIndexOf('\n', position - 1) + 1
}

/** Position of the line break ending the line holding `position` (or the text's end). */
export function lineEnd(text: string, position: number): number {
  const at = text.indexOf('\n', position)
  return at < 0 ? text.length : at
}

/** The whitespace a line starts with. */
export function indentAt(text: string, position: number): string {
  const start = lineStart(text, position)
  return /^[ \t]*/.exec(text.slice(start))?.[0] ?? ''
}

/** True when only whitespace stands before `position` on its line. */
export function startsLine(text: string, position: number): boolean {
  return text.slice(lineStart(text, position), position).trim() === ''
}

/** True when two positions are on the same line. */
export function sameLine(text: string, a: number, b: number): boolean {
  const [from, to] = a < b ? [a, b] : [b, a]
  return !text.slice(from, to).includes('\n')
}

/**
 * Skips spaces and comments from `position` on the same line; returns where a `,` stands after them,
 * or -1. (A comma may follow an element after a comment, rarely; this is enough for config files.)
 */
export function commaAfter(text: string, position: number): number {
  const match = /^[ \t]*(?:\/\*.*?\*\/[ \t]*)*(?:\r?\n[ \t]*)*,/.exec(text.slice(position))
  return match ? position + match[0].length - 1 : -1
}

/** True when the rest of the line after `position` is blank or a comment. */
export function restIsTrivia(text: string, position: number): boolean {
  const rest = text.slice(position, lineEnd(text, position)).trim()
  return rest === '' || rest.startsWith('//') || (rest.startsWith('/*') && rest.endsWith('*/'))
}
