import { isRecord } from '../shared/read-json.ts'

/**
 * The text of a whole OpenAI chat completion, or undefined when the body is not one (no `choices`
 * array with a choice): a relay's page, its own error object, or anything else answered with a 200.
 */
export function answerText(body: unknown): string | undefined {
  if (!isRecord(body) || !Array.isArray(body.choices) || body.choices.length === 0) return undefined
  let text = ''
  for (const choice of body.choices) {
    const content = isRecord(choice) && isRecord(choice.message) ? choice.message.content : undefined
    if (typeof content === 'string') text += content
  }
  return text
}
