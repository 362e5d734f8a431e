import { Node, type ArrayLiteralExpression, type ObjectLiteralExpression } from 'ts-morph'
import type { PrintPlace } from './print-value.ts'
import { commaAfter, indentAt, lineEnd, lineStart, restIsTrivia, sameLine, startsLine } from './source-lines.ts'
import type { SourceStyle } from './source-style.ts'
import type { TextEdit } from './text-edit.ts'

/** An array or object literal seen as a list of items between two brackets. */
export interface ListShape {
  open: number
  close: number
  items: Array<{ start: number; end: number }>
  /** Spaces inside the brackets when written on one line (`{ a }` but `[a]`). */
  pad: string
}

/** Prints one new item once its place is known. */
export type ItemPrinter = (place: PrintPlace) => string

/** The list shape of an array or object literal. */
export function listShape(node: ArrayLiteralExpression | ObjectLiteralExpression): ListShape {
  const items = (Node.isArrayLiteralExpression(node) ? node.getElements() : node.getProperties()).map((item) => ({
    start: item.getStart(),
    end: item.getEnd(),
  }))
  const open = node.getStart()
  const text = node.getSourceFile().getFullText()
  const pad = Node.isObjectLiteralExpression(node) ? ' ' : text[open + 1] === ' ' ? ' ' : ''
  return { open, close: node.getEnd() - 1, items, pad }
}

function multilineBody(
  printers: ItemPrinter[],
  indent: string,
  style: SourceStyle,
  closingIndent: string,
  existing: string[] = [],
): string {
  const lines = [...existing, ...printers.map((print) => print({ indent, column: indent.length }))]
  return `\n${lines.map((line, index) => `${indent}${line}${index < lines.length - 1 || style.trailingComma ? ',' : ''}`).join('\n')}\n${closingIndent}`
}

/**
 * Appends items to a list in its own style: a new line per item in a multi-line list (so adding one
 * item adds one line), `, item` in a one-line list while the line stays within the width — else
 * that one list is spread over lines.
 */
export function appendItems(text: string, list: ListShape, printers: ItemPrinter[], style: SourceStyle): TextEdit[] {
  if (printers.length === 0) return []
  const { open, close, items } = list
  const baseIndent = indentAt(text, open)
  const childIndent = baseIndent + style.indent
  const lineLength = lineEnd(text, close) - lineStart(text, close)
  const last = items.at(-1)
  if (!last) {
    const inline = printers.map((print) => print({ indent: baseIndent, column: 0 }))
    const addition = list.pad + inline.join(', ') + list.pad
    if (sameLine(text, open, close) && !addition.includes('\n') && lineLength + addition.length <= style.width) {
      return [{ start: open + 1, end: close, text: addition }]
    }
    return [{ start: open + 1, end: close, text: multilineBody(printers, childIndent, style, baseIndent) }]
  }
  const comma = commaAfter(text, last.end)
  const trailing = comma >= 0 && comma < close
  if (sameLine(text, open, close)) {
    const inline = printers.map((print) => print({ indent: baseIndent, column: 0 }))
    const addition = `, ${inline.join(', ')}`
    if (!addition.includes('\n') && lineLength + addition.length <= style.width)
      return [{ start: last.end, end: last.end, text: addition }]
    const existing = items.map((item) => text.slice(item.start, item.end))
    return [{ start: open + 1, end: close, text: multilineBody(printers, childIndent, style, baseIndent, existing) }]
  }
  const indent = startsLine(text, last.start) ? indentAt(text, last.start) : childIndent
  const printed = printers.map((print) => print({ indent, column: indent.length }))
  const anchor = trailing ? comma + 1 : last.end
  if (sameLine(text, anchor, close)) {
    const lines = printed.map((item) => `\n${indent}${item}`).join(',')
    return [{ start: anchor, end: anchor, text: `${trailing ? '' : ','}${lines}${trailing ? ',' : ''}` }]
  }
  const at = lineEnd(text, anchor)
  const lines = printed
    .map((item, index) => `\n${indent}${item}${index < printed.length - 1 || trailing ? ',' : ''}`)
    .join('')
  const edits: TextEdit[] = [{ start: at, end: at, text: lines }]
  if (!trailing) edits.push({ start: last.end, end: last.end, text: ',' })
  return edits
}

/**
 * Removes items from a list: whole lines in a multi-line list (comments on those lines go with them),
 * the item and its comma in a one-line list.
 */
export function removeItems(text: string, list: ListShape, remove: ReadonlySet<number>): TextEdit[] {
  const { open, close, items } = list
  if (remove.size === 0) return []
  const kept = items.filter((_item, index) => !remove.has(index))
  if (kept.length === 0) return [{ start: open + 1, end: close, text: '' }]
  if (sameLine(text, open, close)) {
    const inner = kept.map((item) => text.slice(item.start, item.end)).join(', ')
    return [{ start: open + 1, end: close, text: list.pad + inner + list.pad }]
  }
  const edits: TextEdit[] = []
  for (const index of remove) {
    const item = items[index]
    if (!item) continue
    const comma = commaAfter(text, item.end)
    const end = comma >= 0 && comma < close ? comma + 1 : item.end
    if (startsLine(text, item.start) && restIsTrivia(text, end)) {
      edits.push({ start: lineStart(text, item.start), end: Math.min(text.length, lineEnd(text, end) + 1), text: '' })
    } else {
      const spaces = /^[ \t]*/.exec(text.slice(end))?.[0].length ?? 0
      edits.push({ start: item.start, end: end + spaces, text: '' })
    }
  }
  // Without a trailing comma, the new last item must not keep the comma it had before the removed ones.
  const lastItem = items.at(-1)
  const lastKept = kept.at(-1)
  if (lastItem && lastKept && remove.has(items.length - 1)) {
    const hadTrailing = (() => {
      const at = commaAfter(text, lastItem.end)
      return at >= 0 && at < close
    })()
    const comma = commaAfter(text, lastKept.end)
    if (!hadTrailing && comma >= 0 && comma < close) edits.push({ start: comma, end: comma + 1, text: '' })
  }
  return edits
}
