import type { JsonObject } from './wire-types.ts'

/** Keys of Gemini's OpenAPI-subset `Schema`; any other key is a 400 "Unknown name" (docs/protocols.md pitfalls 25–26). */
const allowedKeys = new Set([
  'type',
  'format',
  'title',
  'description',
  'nullable',
  'enum',
  'properties',
  'required',
  'items',
  'anyOf',
  'minItems',
  'maxItems',
  'minLength',
  'maxLength',
  'pattern',
  'minimum',
  'maximum',
  'minProperties',
  'maxProperties',
  'default',
  'example',
  'propertyOrdering',
])

/** The `format` values Gemini accepts, per type; others are dropped. */
const allowedFormats: Record<string, Set<string>> = {
  string: new Set(['enum', 'date-time']),
  number: new Set(['float', 'double']),
  integer: new Set(['int32', 'int64']),
}

/** Deeper than this, a (usually recursive) schema is cut to a bare object. */
const maxDepth = 24

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Turns a JSON Schema into the OpenAPI subset Gemini's `parameters` / `responseSchema` accept:
 * inlines `$ref`s, `const` → `enum`, `oneOf` → `anyOf`, `allOf` merged, list-valued `type` → `nullable`,
 * enum values stringified, unknown keywords (`$schema`, `additionalProperties`, …) and formats dropped.
 */
export function cleanSchema(schema: unknown): JsonObject {
  const root = isObject(schema) ? schema : {}
  const definitions = { ...asObject(root.definitions), ...asObject(root.$defs) }
  return cleanNode(root, definitions, 0)
}

function asObject(value: unknown): JsonObject {
  return isObject(value) ? value : {}
}

function resolveRef(ref: string, definitions: JsonObject): JsonObject | undefined {
  const match = /^#\/(?:\$defs|definitions)\/(.+)$/.exec(ref)
  if (!match?.[1]) return undefined
  const name = match[1].replace(/~1/g, '/').replace(/~0/g, '~')
  const target = definitions[name]
  return isObject(target) ? target : undefined
}

function cleanNode(input: JsonObject, definitions: JsonObject, depth: number): JsonObject {
  if (depth > maxDepth) return { type: 'object' }
  let node = input
  if (typeof node.$ref === 'string') {
    const target = resolveRef(node.$ref, definitions)
    const { $ref: _ref, ...siblings } = node
    node = target ? { ...target, ...siblings } : siblings
  }
  node = mergeAllOf(node, definitions, depth)
  const output: JsonObject = {}
  applyType(node, output)
  for (const [key, value] of Object.entries(node)) {
    if (key === 'type' || key === 'nullable') continue
    if (key === 'const') output.enum = [value]
    else if (key === 'oneOf' || key === 'anyOf') applyAnyOf(value, output, definitions, depth)
    else if (key === 'properties' && isObject(value)) applyProperties(value, output, definitions, depth)
    else if (key === 'items') {
      const item: unknown = Array.isArray(value) ? value[0] : value
      if (isObject(item)) output.items = cleanNode(item, definitions, depth + 1)
    } else if (allowedKeys.has(key)) output[key] = value
  }
  finishEnum(output)
  finishFormat(output)
  finishRequired(output)
  return output
}

function applyType(node: JsonObject, output: JsonObject): void {
  if (node.nullable === true) output.nullable = true
  const type = node.type
  if (typeof type === 'string') {
    output.type = type
  } else if (Array.isArray(type)) {
    const nonNull: unknown[] = type.filter((entry) => entry !== 'null')
    if (nonNull.length < type.length) output.nullable = true
    if (nonNull.length === 1) output.type = nonNull[0]
    else if (nonNull.length > 1) output.anyOf = nonNull.map((entry) => ({ type: entry }))
    else output.type = 'null'
  }
}

function applyAnyOf(value: unknown, output: JsonObject, definitions: JsonObject, depth: number): void {
  if (!Array.isArray(value)) return
  const branches = value.filter(isObject).map((branch) => cleanNode(branch, definitions, depth + 1))
  const nonNull = branches.filter((branch) => branch.type !== 'null' || Object.keys(branch).length > 1)
  if (nonNull.length < branches.length) output.nullable = true
  const existing = Array.isArray(output.anyOf) ? (output.anyOf as JsonObject[]) : []
  const all = [...existing, ...nonNull]
  if (all.length === 1 && output.type === undefined && all[0]) Object.assign(output, all[0])
  else if (all.length > 0) output.anyOf = all
}

function applyProperties(value: JsonObject, output: JsonObject, definitions: JsonObject, depth: number): void {
  const properties: JsonObject = {}
  for (const [name, property] of Object.entries(value)) {
    if (isObject(property)) properties[name] = cleanNode(property, definitions, depth + 1)
  }
  if (Object.keys(properties).length > 0) output.properties = properties
}

/** `allOf` members are merged into the node: properties united, `required` concatenated. */
function mergeAllOf(node: JsonObject, definitions: JsonObject, depth: number): JsonObject {
  if (!Array.isArray(node.allOf)) return node
  const { allOf, ...rest } = node
  let merged: JsonObject = { ...rest }
  for (const member of allOf) {
    if (!isObject(member)) continue
    let part = member
    if (typeof part.$ref === 'string') part = resolveRef(part.$ref, definitions) ?? {}
    part = mergeAllOf(part, definitions, depth + 1)
    merged = {
      ...part,
      ...merged,
      properties: { ...asObject(merged.properties), ...asObject(part.properties) },
      required: [...asArray(merged.required), ...asArray(part.required)],
    }
  }
  if (Object.keys(asObject(merged.properties)).length === 0) delete merged.properties
  if (asArray(merged.required).length === 0) delete merged.required
  return merged
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}

/** Gemini enums are strings only: stringify other values and make the type a string. */
function finishEnum(output: JsonObject): void {
  if (!Array.isArray(output.enum)) return
  const values = output.enum.filter((value) => value !== null)
  if (values.length < output.enum.length) output.nullable = true
  if (values.some((value) => typeof value !== 'string')) {
    output.enum = values.map((value) => (typeof value === 'string' ? value : JSON.stringify(value)))
    output.type = 'string'
  } else {
    output.enum = values
  }
  if (output.type === undefined) output.type = 'string'
}

function finishFormat(output: JsonObject): void {
  if (typeof output.format !== 'string') return
  const type = typeof output.type === 'string' ? output.type.toLowerCase() : ''
  if (!allowedFormats[type]?.has(output.format)) delete output.format
}

function finishRequired(output: JsonObject): void {
  if (!Array.isArray(output.required)) return
  const properties = asObject(output.properties)
  const required = [
    ...new Set(output.required.filter((name): name is string => typeof name === 'string' && name in properties)),
  ]
  if (required.length > 0) output.required = required
  else delete output.required
}
