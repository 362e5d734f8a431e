import {
  Node,
  type ArrayLiteralExpression,
  type Expression,
  type ObjectLiteralExpression,
  type SourceFile,
} from 'ts-morph'
import { PatchError } from './patch-error.ts'

/** Strips `(…)`, `as …`, `satisfies …` and follows a top-level `const` to its initializer. */
export function unwrap(expression: Expression | undefined, sourceFile: SourceFile): Expression | undefined {
  let current = expression
  for (let depth = 0; current && depth < 10; depth++) {
    if (
      Node.isParenthesizedExpression(current) ||
      Node.isAsExpression(current) ||
      Node.isSatisfiesExpression(current)
    ) {
      current = current.getExpression()
    } else if (Node.isIdentifier(current)) {
      current = sourceFile.getVariableDeclaration(current.getText())?.getInitializer()
    } else {
      return current
    }
  }
  return current
}

/** The object literal a config file exports: `export default defineConfig({…})` or `export default {…}`. */
export function configRoot(sourceFile: SourceFile): ObjectLiteralExpression {
  const exported = sourceFile.getExportAssignment((assignment) => !assignment.isExportEquals())
  let expression = unwrap(exported?.getExpression(), sourceFile)
  if (expression && Node.isCallExpression(expression))
    expression = unwrap(expression.getArguments()[0] as Expression | undefined, sourceFile)
  if (!expression || !Node.isObjectLiteralExpression(expression)) {
    throw new PatchError('', 'the file does not `export default defineConfig({ … })` with an object literal')
  }
  return expression
}

/** The name of a property as written (`name`, `'name'` and `"name"` alike). */
export function propertyName(property: Node): string | undefined {
  if (Node.isPropertyAssignment(property) || Node.isShorthandPropertyAssignment(property)) {
    const nameNode = property.getNameNode()
    if (Node.isStringLiteral(nameNode) || Node.isNoSubstitutionTemplateLiteral(nameNode))
      return nameNode.getLiteralValue()
    return nameNode.getText()
  }
  return undefined
}

/** A property of an object literal by name. */
export function findProperty(object: ObjectLiteralExpression, key: string): Node | undefined {
  return object.getProperties().find((property) => propertyName(property) === key)
}

/** The value of a property, unwrapped (a shorthand `{ models }` follows its `const`). */
export function propertyValue(object: ObjectLiteralExpression, key: string): Expression | undefined {
  const property = findProperty(object, key)
  if (!property) return undefined
  const sourceFile = object.getSourceFile()
  if (Node.isPropertyAssignment(property)) return unwrap(property.getInitializer(), sourceFile)
  if (Node.isShorthandPropertyAssignment(property))
    return sourceFile.getVariableDeclaration(property.getName())?.getInitializer()
  return undefined
}

/** The string value of a literal expression, if it is one. */
export function stringValue(expression: Node | undefined): string | undefined {
  if (expression && (Node.isStringLiteral(expression) || Node.isNoSubstitutionTemplateLiteral(expression)))
    return expression.getLiteralValue()
  return undefined
}

/** An array-literal property, or undefined when absent; throws when present but not a literal. */
export function arrayProperty(
  object: ObjectLiteralExpression,
  key: string,
  path: string,
): ArrayLiteralExpression | undefined {
  if (!findProperty(object, key)) return undefined
  const value = propertyValue(object, key)
  if (!value || !Node.isArrayLiteralExpression(value))
    throw new PatchError(path, 'is not an array literal pinai can edit')
  return value
}

/** An object-literal property, or undefined when absent; throws when present but not a literal. */
export function objectProperty(
  object: ObjectLiteralExpression,
  key: string,
  path: string,
): ObjectLiteralExpression | undefined {
  if (!findProperty(object, key)) return undefined
  const value = propertyValue(object, key)
  if (!value || !Node.isObjectLiteralExpression(value))
    throw new PatchError(path, 'is not an object literal pinai can edit')
  return value
}

/** The provider object literal with a given name, and its index. */
export function findProvider(
  root: ObjectLiteralExpression,
  name: string,
): { object: ObjectLiteralExpression; index: number; array: ArrayLiteralExpression } {
  const array = arrayProperty(root, 'providers', 'providers')
  const elements = array?.getElements() ?? []
  for (const [index, element] of elements.entries()) {
    const object = unwrap(element, root.getSourceFile())
    if (object && Node.isObjectLiteralExpression(object) && stringValue(propertyValue(object, 'name')) === name) {
      return { object, index, array: array as ArrayLiteralExpression }
    }
  }
  throw new PatchError('providers', `no provider named "${name}" written as an object literal in the file`)
}

/** The upstream id of a model entry: `'id'` or `{ id: 'id', … }`. */
export function modelId(element: Node): string | undefined {
  const direct = stringValue(element)
  if (direct !== undefined) return direct
  if (Node.isObjectLiteralExpression(element)) return stringValue(propertyValue(element, 'id'))
  return undefined
}
