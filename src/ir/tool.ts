import type { CacheControl } from './content.ts'
import type { JsonObject } from './json.ts'
import type { Origin } from './origin.ts'

/** A client-defined function tool; `parameters` is a JSON Schema (object). */
export interface FunctionTool {
  type: 'function'
  name: string
  description?: string
  parameters?: JsonObject
  strict?: boolean
  cacheControl?: CacheControl
}

/**
 * A tool only its origin protocol understands (Anthropic server tools such as `web_search_20250305`,
 * OpenAI `custom` tools): kept raw, sent only to that protocol, dropped with a warning elsewhere.
 */
export interface ProviderTool {
  type: 'provider'
  origin: Origin
  name?: string
  raw: JsonObject
}

/** A tool the model may call. */
export type Tool = FunctionTool | ProviderTool

/** Which tools the model may or must call. */
export type ToolChoice = { type: 'auto' } | { type: 'none' } | { type: 'required' } | { type: 'tool'; name: string }
