import { isRecord } from '../shared/read-json.ts'

/**
 * The text of a whole Gemini answer, or undefined when the body is not one: neither `candidates` nor
 * `promptFeedback` (a blocked prompt is an answer without candidates, docs/protocols.md).
 */
export function answerText(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined
  if (!Array.isArray(body.candidates)) return isRecord(body.promptFeedback) ? '' : undefined
  let text = ''
  for (const candidate of body.candidates) {
    const parts = isRecord(candidate) && isRecord(candidate.content) ? candidate.content.parts : undefined
    if (!Array.isArray(parts)) continue
    for (const part of parts)
      if (isRecord(part) && part.thought !== true && typeof part.text === 'string') text += part.text
  }
  return text
}
