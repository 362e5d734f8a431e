import type { GatewayError } from './errors.ts'
import type { JsonObject } from './json.ts'
import type { Origin } from './origin.ts'
import type { Finish } from './finish.ts'
import type { Usage } from './usage.ts'

/**
 * One event of a model's answer stream, protocol-neutral (after vercel/ai's v2 stream parts).
 * Order: `start` first; text, reasoning and tool-input runs each go start → delta* → end (ids are unique
 * within the stream); a whole `tool-call` follows its tool-input run (or stands alone when the upstream
 * sends calls whole); `finish` or `error` last.
 */
export type StreamPart =
  | {
      type: 'start'
      id: string
      model: string
      created?: number
      /** Usage known at the start (prompt tokens). */ usage?: Usage
    }
  | { type: 'text-start'; id: string }
  | { type: 'text-delta'; id: string; delta: string }
  | { type: 'text-end'; id: string }
  | {
      type: 'reasoning-start'
      id: string
      origin: Origin
      /** Redacted reasoning has data and no text. */ redactedData?: string
    }
  | { type: 'reasoning-delta'; id: string; delta: string }
  | {
      type: 'reasoning-end'
      id: string
      signature?: string
      /** Who signed it, when only the end says (a Responses item's encrypted content wrapping another protocol's signature). */ origin?: Origin
    }
  | { type: 'tool-input-start'; id: string; name: string }
  | { type: 'tool-input-delta'; id: string; delta: string }
  | { type: 'tool-input-end'; id: string }
  | {
      type: 'tool-call'
      id: string
      name: string
      args: JsonObject
      rawArgs?: string
      signature?: string
      origin?: Origin
    }
  | { type: 'finish'; reason: Finish; usage: Usage }
  | { type: 'error'; error: GatewayError }

/** The `type` values of {@link StreamPart}. */
export type StreamPartType = StreamPart['type']
