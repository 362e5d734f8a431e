import { isRecord } from '../shared/read-json.ts'

/**
 * The text of a whole Responses answer, or undefined when the body is not one (no `output` array): a
 * relay's page, its own error object, or anything else answered with a 200.
 */
export function answerText(body: unknown): string | undefined {
  if (!isRecord(body) || body.object !== 'response' || !Array.isArray(body.output)) return undefined
  let text = ''
  for (const item of body.output) {
    if (!isRecord(item) || item.type !== 'message' || !Array.isArray(item.content)) continue
    for (const part of item.content) if (isRecord(part) && typeof part.text === 'string') text += part.text
  }
  return text
}
