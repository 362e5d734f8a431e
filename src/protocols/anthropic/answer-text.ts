import { isRecord } from '../shared/read-json.ts'

/**
 * The text of a whole Anthropic message, or undefined when the body is not one (`type: "message"` with
 * a `content` array): a relay's page, its own error object, or anything else answered with a 200.
 */
export function answerText(body: unknown): string | undefined {
  if (!isRecord(body) || body.type !== 'message' || !Array.isArray(body.content)) return undefined
  let text = ''
  for (const block of body.content)
    if (isRecord(block) && block.type === 'text' && typeof block.text === 'string') text += block.text
  return text
}
