import type { ReasoningBlock, TextBlock } from '../../ir/content.ts'

/** The IR blocks of one output item pinai answered with (an assistant message's texts, or a reasoning block). */
export type RememberedItem = TextBlock[] | ReasoningBlock

/**
 * The output items this codec answered with, by id, so that an `item_reference` to one resolves: the AI
 * SDK, with OpenAI's default `store: true`, sends the assistant's text of an earlier step as a reference.
 * Bounded by count and by characters, oldest first out; a reference it has forgotten is dropped with a
 * warning (the conversation goes on without that item).
 */
export interface ItemMemory {
  remember(id: string, item: RememberedItem): void
  recall(id: string): RememberedItem | undefined
}

const maxItems = 2048
const maxCharacters = 4_000_000

/** Creates an empty {@link ItemMemory}. */
export function createItemMemory(): ItemMemory {
  const items = new Map<string, { item: RememberedItem; size: number }>()
  let characters = 0
  return {
    remember(id, item) {
      const size = Array.isArray(item)
        ? item.reduce((sum, block) => sum + block.text.length, 0)
        : item.text.length + (item.signature?.length ?? 0) + (item.redactedData?.length ?? 0)
      if (size > maxCharacters) return
      const old = items.get(id)
      if (old) {
        characters -= old.size
        items.delete(id)
      }
      items.set(id, { item, size })
      characters += size
      for (const [oldest, entry] of items) {
        if (items.size <= maxItems && characters <= maxCharacters) break
        items.delete(oldest)
        characters -= entry.size
      }
    },
    recall: (id) => items.get(id)?.item,
  }
}
