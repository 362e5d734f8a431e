import type { JsonObject } from './json.ts'
import type { Origin } from './origin.ts'

/** Anthropic-style prompt-cache hint; protocols without prompt caching drop it. */
export interface CacheControl {
  type: 'ephemeral'
  ttl?: '5m' | '1h'
}

/** Where media bytes come from: inline base64, a URL, or a provider-side file id (only valid at its origin). */
export type MediaSource =
  | { kind: 'base64'; mime: string; data: string }
  | { kind: 'url'; url: string; mime?: string }
  | { kind: 'file'; fileId: string; origin: Origin; mime?: string }

/** Plain text. */
export interface TextBlock {
  type: 'text'
  text: string
  cacheControl?: CacheControl
}

/** An image (input only). */
export interface ImageBlock {
  type: 'image'
  source: MediaSource
  /** OpenAI's `detail` hint. */
  detail?: 'auto' | 'low' | 'high'
  cacheControl?: CacheControl
}

/** A document (PDF and the like), or plain text given as a document. */
export interface DocumentBlock {
  type: 'document'
  source: MediaSource | { kind: 'text'; text: string; mime?: string }
  title?: string
  filename?: string
  cacheControl?: CacheControl
}

/** Audio input (OpenAI `input_audio`, Gemini inline audio). */
export interface AudioBlock {
  type: 'audio'
  mime: string
  data: string
}

/** A call of a client-defined tool made by the model (assistant turns). */
export interface ToolCallBlock {
  type: 'tool_call'
  id: string
  name: string
  /** Parsed arguments; `{}` when the model's JSON could not be parsed (then `rawArgs` holds it). */
  args: JsonObject
  /** The argument JSON exactly as the model produced it, when the protocol carries a string. */
  rawArgs?: string
  /** An opaque signature attached to the call (Gemini `thoughtSignature`), with who made it. */
  signature?: string
  origin?: Origin
  cacheControl?: CacheControl
}

/** Blocks allowed inside a tool result. */
export type ToolResultContent = TextBlock | ImageBlock | DocumentBlock

/** The result of a tool call, sent back by the client (user turns). */
export interface ToolResultBlock {
  type: 'tool_result'
  callId: string
  /** The called tool's name when known (looked up from the earlier call); Gemini requires it. */
  name?: string
  content: ToolResultContent[]
  isError: boolean
  cacheControl?: CacheControl
}

/** Model reasoning: visible text, an opaque signature, or redacted data. */
export interface ReasoningBlock {
  type: 'reasoning'
  text: string
  signature?: string
  /** Anthropic `redacted_thinking.data`. */
  redactedData?: string
  /** Who produced it; signatures and redacted data are replayed only there. */
  origin: Origin
}

/** Any content block of a message or a response. */
export type ContentBlock =
  TextBlock | ImageBlock | DocumentBlock | AudioBlock | ToolCallBlock | ToolResultBlock | ReasoningBlock

/** Blocks a model produces in a response. */
export type OutputBlock = TextBlock | ToolCallBlock | ReasoningBlock
