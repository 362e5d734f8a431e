import type { SourceStyle } from './source-style.ts'

/** A value pinai writes into a config file. */
export type SourceValue =
  string | number | boolean | null | readonly SourceValue[] | { readonly [key: string]: SourceValue | undefined }

/** Where printed text goes: the indentation of its line and the column it starts at. */
export interface PrintPlace {
  indent: string
  column: number
  /** Force an object or array onto several lines (when its siblings are written that way). */
  multiline?: boolean
}

/** A string literal in the file's quote style. */
export function printString(value: string, style: SourceStyle): string {
  const quote = style.quote
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(new RegExp(quote, 'g'), `\\${quote}`)
  return `${quote}${escaped}${quote}`
}

/** An object key: bare when it is an identifier, quoted otherwise. */
export function printKey(key: string, style: SourceStyle): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : printString(key, style)
}

function entries(value: { readonly [key: string]: SourceValue | undefined }): Array<[string, SourceValue]> {
  return Object.entries(value).filter((entry): entry is [string, SourceValue] => entry[1] !== undefined)
}

function printInline(value: SourceValue, style: SourceStyle): string {
  if (value === null) return 'null'
  if (typeof value === 'string') return printString(value, style)
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (Array.isArray(value))
    return `[${(value as readonly SourceValue[]).map((item) => printInline(item, style)).join(', ')}]`
  const pairs = entries(value as { readonly [key: string]: SourceValue })
  if (pairs.length === 0) return '{}'
  return `{ ${pairs.map(([key, item]) => `${printKey(key, style)}: ${printInline(item, style)}`).join(', ')} }`
}

/**
 * Prints a value as TypeScript source in the file's style: on one line when it fits the width,
 * otherwise one item per line, indented one level deeper than `place.indent`.
 */
export function printValue(value: SourceValue, style: SourceStyle, place: PrintPlace): string {
  const inline = printInline(value, style)
  const fits = place.column + inline.length <= style.width
  if (value === null || typeof value !== 'object' || (fits && !place.multiline)) return inline
  const inner = place.indent + style.indent
  const isArray = Array.isArray(value)
  const lines = isArray
    ? (value as readonly SourceValue[]).map(
        (item) => inner + printValue(item, style, { indent: inner, column: inner.length }),
      )
    : entries(value as { readonly [key: string]: SourceValue }).map(([key, item]) => {
        const head = `${inner}${printKey(key, style)}: `
        return head + printValue(item, style, { indent: inner, column: head.length })
      })
  if (lines.length === 0) return inline
  const body = lines
    .map((line, index) => (index < lines.length - 1 || style.trailingComma ? `${line},` : line))
    .join('\n')
  return isArray ? `[\n${body}\n${place.indent}]` : `{\n${body}\n${place.indent}}`
}
