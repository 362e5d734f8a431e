import { Node, type ObjectLiteralExpression } from 'ts-morph'
import { findProperty } from './config-ast.ts'
import { appendItems, listShape, removeItems } from './list-edits.ts'
import { printKey, printValue, type SourceValue } from './print-value.ts'
import { indentAt, lineStart, sameLine, startsLine } from './source-lines.ts'
import type { SourceStyle } from './source-style.ts'
import type { TextEdit } from './text-edit.ts'

/** Options of {@link setProperty}. */
export interface SetOptions {
  /** Print an object or array value over several lines. */
  multiline?: boolean
  /** A new property goes on its own line before this one (`models` stays last), when the object is multi-line. */
  before?: string
}

/**
 * Sets a property of an object literal: replaces its value in place, or adds it in the object's
 * style (before `options.before`, else at the end).
 */
export function setProperty(
  text: string,
  object: ObjectLiteralExpression,
  key: string,
  value: SourceValue,
  style: SourceStyle,
  options: SetOptions = {},
): TextEdit[] {
  const multiline = options.multiline ?? false
  const property = findProperty(object, key)
  const printedKey = printKey(key, style)
  if (property && Node.isPropertyAssignment(property)) {
    const initializer = property.getInitializerOrThrow()
    const start = initializer.getStart()
    const place = { indent: indentAt(text, property.getStart()), column: start - lineStart(text, start), multiline }
    return [{ start, end: initializer.getEnd(), text: printValue(value, style, place) }]
  }
  if (property) {
    const start = property.getStart()
    const place = {
      indent: indentAt(text, start),
      column: start - lineStart(text, start) + printedKey.length + 2,
      multiline,
    }
    return [{ start, end: property.getEnd(), text: `${printedKey}: ${printValue(value, style, place)}` }]
  }
  const next = options.before ? findProperty(object, options.before) : undefined
  if (next && startsLine(text, next.getStart()) && !sameLine(text, object.getStart(), next.getStart())) {
    const indent = indentAt(text, next.getStart())
    const printed = printValue(value, style, { indent, column: indent.length + printedKey.length + 2, multiline })
    const at = lineStart(text, next.getStart())
    return [{ start: at, end: at, text: `${indent}${printedKey}: ${printed},\n` }]
  }
  return appendItems(
    text,
    listShape(object),
    [
      (place) =>
        `${printedKey}: ${printValue(value, style, { ...place, column: place.column + printedKey.length + 2, multiline })}`,
    ],
    style,
  )
}

/** Removes a property (and its line, when it has one to itself). */
export function removeProperty(text: string, object: ObjectLiteralExpression, key: string): TextEdit[] {
  const index = object.getProperties().findIndex((property) => property === findProperty(object, key))
  return index < 0 ? [] : removeItems(text, listShape(object), new Set([index]))
}
