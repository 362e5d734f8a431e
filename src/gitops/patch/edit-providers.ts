import type { ProviderFields, ProviderInput } from '../config-edit.ts'
import { arrayProperty, findProvider } from './config-ast.ts'
import type { EditStep } from './edit-context.ts'
import { appendItems, listShape, removeItems } from './list-edits.ts'
import { printKey, printValue, type SourceValue } from './print-value.ts'
import { removeProperty, setProperty } from './property-edits.ts'
import { PatchError } from './patch-error.ts'
import { sameLine } from './source-lines.ts'

/** The provider in the key order people write: identity, then access, then routing, then models. */
function ordered(provider: ProviderInput): { [key: string]: SourceValue | undefined } {
  const { name, protocol, baseUrl, keys, weight, priority, enabled, rewrite, headers, models, ...rest } = provider
  return { name, protocol, baseUrl, keys, weight, priority, enabled, rewrite, headers, ...rest, models: models ?? [] }
}

/** Appends a provider to `providers`, written like the providers already there. */
export function addProvider(provider: ProviderInput): EditStep {
  return ({ text, root, style }) => {
    const array = arrayProperty(root, 'providers', 'providers')
    const value = ordered(provider)
    if (!array) {
      const key = printKey('providers', style)
      return appendItems(
        text,
        listShape(root),
        [
          (place) => {
            const inner = place.indent + style.indent
            const printed = printValue(value, style, { indent: inner, column: inner.length, multiline: true })
            return `${key}: [\n${inner}${printed}${style.trailingComma ? ',' : ''}\n${place.indent}]`
          },
        ],
        style,
      )
    }
    const first = array.getElements()[0]
    const multiline = !first || !sameLine(text, first.getStart(), first.getEnd())
    return appendItems(text, listShape(array), [(place) => printValue(value, style, { ...place, multiline })], style)
  }
}

/** Removes a provider. */
export function removeProvider(name: string): EditStep {
  return ({ text, root }) => {
    const { array, index } = findProvider(root, name)
    return removeItems(text, listShape(array), new Set([index]))
  }
}

/** Sets one field of a provider; `null` removes it. */
export function setProviderField(
  name: string,
  key: keyof ProviderFields,
  value: ProviderFields[keyof ProviderFields],
): EditStep {
  return ({ text, root, style }) => {
    if (value === undefined) return []
    const { object } = findProvider(root, name)
    if (value === null) {
      if (key === 'baseUrl') throw new PatchError('providers', 'baseUrl cannot be removed')
      return removeProperty(text, object, key)
    }
    return setProperty(text, object, key, value, style, { before: 'models' })
  }
}
