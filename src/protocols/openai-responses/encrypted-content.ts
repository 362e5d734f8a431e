import type { Origin } from '../../ir/origin.ts'
import { isRecord, parseJson } from '../shared/read-json.ts'

/** A reasoning item's `encrypted_content` as the IR reads it. */
export interface ReasoningSeal {
  signature?: string
  redactedData?: string
  origin: Origin
}

/** Marks an `encrypted_content` that pinai wrote around another protocol's signature. */
const prefix = 'pinai.'

/**
 * The `encrypted_content` for a reasoning block: a Responses upstream's own value as it was; another
 * protocol's signature (an Anthropic thinking signature, redacted thinking) wrapped with its origin, so
 * that the client's next request sends it back to the kind of upstream that made it.
 */
export function sealReasoning(seal: ReasoningSeal): string | undefined {
  if (seal.signature === undefined && seal.redactedData === undefined) return undefined
  if (seal.origin.protocol === 'openai-responses' && seal.redactedData === undefined) return seal.signature
  const payload = {
    protocol: seal.origin.protocol,
    model: seal.origin.model,
    signature: seal.signature,
    redactedData: seal.redactedData,
  }
  return prefix + Buffer.from(JSON.stringify(payload)).toString('base64url')
}

/** Reads an `encrypted_content` back: a wrapped one with its origin, anything else as a Responses upstream's. */
export function unsealReasoning(text: string, model: string | undefined): ReasoningSeal {
  const own: ReasoningSeal = { signature: text, origin: { protocol: 'openai-responses', ...(model ? { model } : {}) } }
  if (!text.startsWith(prefix)) return own
  const payload = parseJson(Buffer.from(text.slice(prefix.length), 'base64url').toString('utf8'))
  if (!isRecord(payload) || !isProtocol(payload.protocol)) return own
  const seal: ReasoningSeal = {
    origin: { protocol: payload.protocol, ...(typeof payload.model === 'string' ? { model: payload.model } : {}) },
  }
  if (typeof payload.signature === 'string') seal.signature = payload.signature
  if (typeof payload.redactedData === 'string') seal.redactedData = payload.redactedData
  return seal
}

function isProtocol(value: unknown): value is Origin['protocol'] {
  return value === 'openai' || value === 'anthropic' || value === 'gemini' || value === 'openai-responses'
}
