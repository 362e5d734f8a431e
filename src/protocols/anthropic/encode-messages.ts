import type { JsonObject } from '../../ir/json.ts'
import type { Message } from '../../ir/message.ts'
import type { DropLog } from '../shared/drop-log.ts'
import { encodeBlock } from './encode-block.ts'

/**
 * Encodes IR turns as Anthropic messages: consecutive same-role turns merged (tool results first in a user
 * turn, docs/protocols.md pitfall 32; thinking first in an assistant turn), empty turns left out, a `...`
 * user turn put in front of a leading assistant turn. A lone string turn stays a string.
 */
export function encodeMessages(messages: Message[], drops: DropLog): JsonObject[] {
  const turns: { role: 'user' | 'assistant'; blocks: JsonObject[]; stringContent: boolean }[] = []
  for (const message of messages) {
    const blocks: JsonObject[] = []
    for (const block of message.content) {
      const encoded = encodeBlock(block, drops)
      if (encoded) blocks.push(encoded)
    }
    if (blocks.length === 0) continue
    const last = turns.at(-1)
    if (last && last.role === message.role) {
      last.blocks.push(...blocks)
      last.stringContent = false
    } else {
      turns.push({ role: message.role, blocks, stringContent: message.stringContent === true && blocks.length === 1 })
    }
  }
  if (turns[0]?.role === 'assistant')
    turns.unshift({ role: 'user', blocks: [{ type: 'text', text: '...' }], stringContent: true })
  return turns.map((turn) => {
    const only = turn.blocks[0]
    if (turn.stringContent && only?.type === 'text' && only.cache_control === undefined)
      return { role: turn.role, content: only.text }
    const first = turn.role === 'user' ? 'tool_result' : 'thinking'
    const leading = turn.blocks.filter(
      (block) => block.type === first || (first === 'thinking' && block.type === 'redacted_thinking'),
    )
    const rest = turn.blocks.filter((block) => !leading.includes(block))
    return { role: turn.role, content: [...leading, ...rest] }
  })
}
