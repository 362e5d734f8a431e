import type { TextBlock } from './content.ts'
import type { JsonObject, JsonValue } from './json.ts'
import type { Message } from './message.ts'
import type { ProtocolName } from './origin.ts'
import type { Tool, ToolChoice } from './tool.ts'

/** Sampling settings; each is optional and encoders omit what is unset. */
export interface Sampling {
  maxTokens?: number
  /** Client's value unchanged (OpenAI range 0–2); encoders clamp to their protocol's range. */
  temperature?: number
  topP?: number
  topK?: number
  stopSequences?: string[]
  seed?: number
  presencePenalty?: number
  frequencyPenalty?: number
}

/** Reasoning effort levels, OpenAI's spelling (the widest set). */
export type ReasoningEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh' | 'max'

/** Whether and how much the model should think. */
export interface ReasoningConfig {
  enabled: boolean
  effort?: ReasoningEffort
  /** Token budget (Anthropic `budget_tokens`, Gemini `thinkingBudget`). */
  budget?: number
  /** The model chooses its own budget (Anthropic `adaptive`, Gemini dynamic `-1`). */
  adaptive?: boolean
}

/** Required output format. */
export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; name?: string; description?: string; schema: JsonObject; strict?: boolean }

/**
 * Fields of the source protocol that the IR has no place for: sent as they are when the target is the
 * same protocol, otherwise dropped with a warning naming them.
 */
export interface ExtraOptions {
  protocol: ProtocolName
  fields: JsonObject
  /** Protocol headers worth forwarding to the same protocol (`anthropic-beta`). */
  headers?: Record<string, string>
}

/** A chat request, protocol-neutral. */
export interface IRRequest {
  /** The model name the client asked for. */
  model: string
  /** System text, in order (several blocks keep Anthropic `cache_control` placement). */
  system?: TextBlock[]
  messages: Message[]
  sampling: Sampling
  tools?: Tool[]
  toolChoice?: ToolChoice
  /** `false` forbids parallel tool calls; undefined leaves the default. */
  parallelToolCalls?: boolean
  reasoning?: ReasoningConfig
  responseFormat?: ResponseFormat
  stream: boolean
  /** The client asked for usage in the stream (OpenAI `stream_options.include_usage`). */
  includeUsage: boolean
  /** End-user id (OpenAI `user`, Anthropic `metadata.user_id`). */
  user?: string
  /** Other request metadata (OpenAI `metadata`). */
  metadata?: Record<string, string>
  /** Groups requests sharing a prompt prefix for the upstream's prompt cache (OpenAI `prompt_cache_key`), raw. */
  promptCacheKey?: JsonValue
  /** A stable id of the end user for the upstream's abuse checks (OpenAI `safety_identifier`), raw. */
  safetyIdentifier?: JsonValue
  /** The processing tier asked of the upstream (OpenAI `service_tier`: auto, default, flex, priority), raw. */
  serviceTier?: JsonValue
  extra?: ExtraOptions
}
