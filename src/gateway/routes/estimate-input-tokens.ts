import type { ContentBlock } from '../../ir/content.ts'
import type { IRRequest } from '../../ir/request.ts'

/** A flat price for an image, a binary document or an audio clip: Anthropic's cost of a ~1.15 MP image. */
export const mediaTokens = 1600
/** Framing of each message (role markers, separators), as OpenAI's chat format spends about that much. */
const messageOverhead = 4
/** Priming of the answer. */
const replyPriming = 3

const wide = /[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]|[\u{20000}-\u{3ffff}]/u

/**
 * Tokens of a text, by character class: ASCII runs about four characters a token; Chinese, Japanese
 * and Korean about one a token; other non-ASCII text (accented Latin, Cyrillic, Greek …) about two.
 * Errs high rather than low, since clients use the count to decide when to compact a conversation.
 */
export function estimateTextTokens(text: string): number {
  let ascii = 0
  let cjk = 0
  let other = 0
  for (const character of text) {
    if (character.charCodeAt(0) < 128) ascii += 1
    else if (wide.test(character)) cjk += 1
    else other += 1
  }
  return Math.ceil(ascii / 4 + cjk + other / 2)
}

function blockTokens(block: ContentBlock): number {
  switch (block.type) {
    case 'text':
      return estimateTextTokens(block.text)
    case 'image':
    case 'audio':
      return mediaTokens
    case 'document':
      return block.source.kind === 'text' ? estimateTextTokens(block.source.text) : mediaTokens
    case 'tool_call':
      return estimateTextTokens(block.name) + estimateTextTokens(block.rawArgs ?? JSON.stringify(block.args))
    case 'tool_result':
      return block.content.reduce((sum, item) => sum + blockTokens(item), estimateTextTokens(block.name ?? ''))
    case 'reasoning':
      return estimateTextTokens(block.text) + (block.redactedData ? Math.ceil(block.redactedData.length / 4) : 0)
    default: {
      const unreachable: never = block
      throw new Error(`unknown block ${JSON.stringify(unreachable)}`)
    }
  }
}

/**
 * An estimate of a request's input tokens for upstreams that cannot count them (OpenAI Chat
 * Completions has no counting endpoint): text by {@link estimateTextTokens}, tool definitions by
 * their JSON, a flat {@link mediaTokens} per image, binary document or audio block, and a few tokens
 * of framing per message. Not a tokenizer: expect it within a few tens of percent on prose and code.
 */
export function estimateInputTokens(request: IRRequest): number {
  let total = replyPriming
  if (request.system?.length)
    total += messageOverhead + request.system.reduce((sum, block) => sum + estimateTextTokens(block.text), 0)
  for (const message of request.messages)
    total += message.content.reduce((sum, block) => sum + blockTokens(block), messageOverhead)
  for (const tool of request.tools ?? []) {
    total +=
      tool.type === 'function'
        ? estimateTextTokens(
            JSON.stringify({ name: tool.name, description: tool.description, parameters: tool.parameters }),
          )
        : estimateTextTokens(JSON.stringify(tool.raw))
  }
  return total
}
