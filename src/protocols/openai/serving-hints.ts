import type { JsonObject, JsonValue } from '../../ir/json.ts'
import type { IRRequest } from '../../ir/request.ts'

/**
 * The serving hints both of OpenAI's APIs take (chat completions and Responses), by wire name, with the
 * IR field that keeps each raw: a Responses client's hints reach an OpenAI chat upstream and back.
 */
export const servingHintFields = {
  prompt_cache_key: 'promptCacheKey',
  safety_identifier: 'safetyIdentifier',
  service_tier: 'serviceTier',
} as const

/** Copies the serving hints of an OpenAI request body into the IR, as they are. */
export function decodeServingHints(body: JsonObject, request: IRRequest): void {
  for (const [wire, field] of Object.entries(servingHintFields)) {
    const value = body[wire]
    // The body was parsed from JSON, so every member of it is a JSON value.
    if (value !== undefined && value !== null) request[field] = value as JsonValue
  }
}

/** Writes the IR's serving hints into an OpenAI request body, as the client sent them. */
export function encodeServingHints(request: IRRequest, body: JsonObject): void {
  for (const [wire, field] of Object.entries(servingHintFields)) {
    const value = request[field]
    if (value !== undefined) body[wire] = value
  }
}
