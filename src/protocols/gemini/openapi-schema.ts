import type { JsonObject } from '../../ir/json.ts'

/** How deep a schema is read; deeper levels become `{}` (any value), so a hostile schema costs little. */
const MAX_DEPTH = 32

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * A Gemini `Schema` (the OpenAPI subset of `parameters` and `responseSchema`) as JSON Schema, for the IR
 * and so for OpenAI and Anthropic upstreams: types lower-cased (`@google/genai` sends `OBJECT`,
 * `STRING`…), `nullable: true` as a `"null"` type, and Gemini's own `propertyOrdering` left out.
 */
export function openApiToJsonSchema(schema: JsonObject, depth = 0): JsonObject {
  if (depth >= MAX_DEPTH) return {}
  const out: JsonObject = {}
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'propertyOrdering' || key === 'nullable') continue
    if (key === 'type' && typeof value === 'string') {
      if (value.toUpperCase() !== 'TYPE_UNSPECIFIED') out.type = value.toLowerCase()
    } else if (key === 'properties' && isObject(value)) {
      out.properties = Object.fromEntries(Object.entries(value).map(([name, child]) => [name, convert(child, depth)]))
    } else if ((key === 'items' || key === 'not') && isObject(value)) {
      out[key] = openApiToJsonSchema(value, depth + 1)
    } else if ((key === 'anyOf' || key === 'oneOf' || key === 'allOf') && Array.isArray(value)) {
      out[key] = value.map((child) => convert(child, depth))
    } else {
      out[key] = value
    }
  }
  if (schema.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null']
  return out
}

function convert(value: unknown, depth: number): unknown {
  return isObject(value) ? openApiToJsonSchema(value, depth + 1) : value
}
