import type { ToolResultBlock } from '../../ir/content.ts'
import type { JsonObject } from './wire-types.ts'

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * A tool result's content → `functionResponse.response`, which must be a JSON object: a JSON object
 * result is sent as it is; anything else is wrapped as `{"result": …}` (`{"error": …}` for a failed call),
 * parsed JSON when the text is JSON, the text otherwise.
 */
export function toolResponseObject(block: ToolResultBlock): JsonObject {
  const text = block.content
    .filter((item) => item.type === 'text')
    .map((item) => item.text)
    .join('\n')
  const parsed = text.trim() === '' ? undefined : parseJson(text)
  if (isPlainObject(parsed) && !block.isError) return parsed
  const value = parsed === undefined ? text : parsed
  return block.isError ? { error: value } : { result: value }
}

/** `functionResponse.response` → the text a client sees as the tool result (Gemini as the client protocol). */
export function toolResponseText(response: JsonObject): { text: string; isError: boolean } {
  const keys = Object.keys(response)
  if (keys.length === 1 && (keys[0] === 'result' || keys[0] === 'error')) {
    const value = response[keys[0]]
    return { text: typeof value === 'string' ? value : JSON.stringify(value), isError: keys[0] === 'error' }
  }
  return { text: JSON.stringify(response), isError: false }
}
