import { Node } from 'ts-morph'
import { entryId, type ModelEntryInput } from '../config-edit.ts'
import { arrayProperty, findProvider, modelId, propertyName } from './config-ast.ts'
import type { EditStep } from './edit-context.ts'
import { appendItems, listShape, removeItems } from './list-edits.ts'
import { printString, printValue } from './print-value.ts'
import { removeProperty, setProperty } from './property-edits.ts'
import { PatchError } from './patch-error.ts'
import { indentAt, lineStart } from './source-lines.ts'

/** Adds model entries to a provider (ids already there are skipped): one line each in a multi-line list. */
export function addModels(provider: string, models: readonly ModelEntryInput[]): EditStep {
  return ({ text, root, style }) => {
    const { object, index } = findProvider(root, provider)
    const array = arrayProperty(object, 'models', `providers[${index}].models`)
    const present = new Set(array?.getElements().map(modelId) ?? [])
    const fresh = models.filter((model) => !present.has(entryId(model)))
    if (fresh.length === 0) return []
    if (!array) return setProperty(text, object, 'models', fresh, style)
    return appendItems(
      text,
      listShape(array),
      fresh.map((model) => (place) => printValue(model, style, place)),
      style,
    )
  }
}

/** Removes model entries of a provider by upstream id. */
export function removeModels(provider: string, ids: readonly string[]): EditStep {
  return ({ text, root }) => {
    const { object, index } = findProvider(root, provider)
    const array = arrayProperty(object, 'models', `providers[${index}].models`)
    if (!array) return []
    const remove = new Set<number>()
    array.getElements().forEach((element, position) => {
      const id = modelId(element)
      if (id !== undefined && ids.includes(id)) remove.add(position)
    })
    return removeItems(text, listShape(array), remove)
  }
}

/** Sets the exposed name of a model (a plain id becomes `{ id, name }`, with `auto: true` when asked; back to the id drops `name`). */
export function renameModel(provider: string, id: string, name: string | undefined, auto = false): EditStep {
  return ({ text, root, style }) => {
    const { object, index } = findProvider(root, provider)
    const path = `providers[${index}].models`
    const element = arrayProperty(object, 'models', path)
      ?.getElements()
      .find((item) => modelId(item) === id)
    if (!element) throw new PatchError(path, `has no model "${id}"`)
    const exposed = name === undefined || name === id ? undefined : name
    const start = element.getStart()
    if (!Node.isObjectLiteralExpression(element)) {
      if (!exposed) return []
      const place = { indent: indentAt(text, start), column: start - lineStart(text, start) }
      return [
        {
          start,
          end: element.getEnd(),
          text: printValue(auto ? { id, name: exposed, auto } : { id, name: exposed }, style, place),
        },
      ]
    }
    if (exposed) return setProperty(text, element, 'name', exposed, style)
    const others = element.getProperties().filter((property) => !['id', 'name'].includes(propertyName(property) ?? ''))
    if (others.length === 0) return [{ start, end: element.getEnd(), text: printString(id, style) }]
    return removeProperty(text, element, 'name')
  }
}

/** Sets or removes `auto: true` on a model entry written as an object (a plain id has no name to mark). */
export function markAutoName(provider: string, id: string, auto: boolean): EditStep {
  return ({ text, root, style }) => {
    const { object, index } = findProvider(root, provider)
    const element = arrayProperty(object, 'models', `providers[${index}].models`)
      ?.getElements()
      .find((item) => modelId(item) === id)
    if (!element || !Node.isObjectLiteralExpression(element)) return []
    const marked = element.getProperties().some((property) => propertyName(property) === 'auto')
    if (auto) return setProperty(text, element, 'auto', true, style)
    return marked ? removeProperty(text, element, 'auto') : []
  }
}
