import type { OutputBlock, ReasoningBlock, ToolCallBlock } from '../../ir/content.ts'
import type { JsonObject } from '../../ir/json.ts'
import { sealReasoning } from './encrypted-content.ts'
import type { ItemMemory } from './item-memory.ts'
import type { ToolNames } from './tool-names.ts'

/** An `output_text` content part. */
export function outputText(text: string): JsonObject {
  return { type: 'output_text', text, annotations: [], logprobs: [] }
}

/** A finished assistant message item holding `texts`, one `output_text` part each. */
export function messageItem(id: string, texts: string[]): JsonObject {
  return { id, type: 'message', status: 'completed', role: 'assistant', content: texts.map(outputText) }
}

/** A reasoning item: its text as one summary part, its signature or redacted data as `encrypted_content`. */
export function reasoningItem(
  id: string,
  block: Pick<ReasoningBlock, 'text' | 'signature' | 'redactedData' | 'origin'>,
): JsonObject {
  const item: JsonObject = {
    id,
    type: 'reasoning',
    summary: block.text === '' ? [] : [{ type: 'summary_text', text: block.text }],
  }
  const sealed = sealReasoning(block)
  if (sealed !== undefined) item.encrypted_content = sealed
  return item
}

/** A tool call as the client declared the tool: a `function_call` (with its namespace) or a `custom_tool_call`. */
export function callItem(
  id: string,
  block: Pick<ToolCallBlock, 'id' | 'name' | 'args' | 'rawArgs'>,
  tools: ToolNames,
  status = 'completed',
): JsonObject {
  const declared = tools.declared(block.name)
  const namespace = declared.namespace === undefined ? {} : { namespace: declared.namespace }
  if (declared.custom) {
    const input =
      typeof block.args.input === 'string' ? block.args.input : (block.rawArgs ?? JSON.stringify(block.args))
    return {
      id: id.replace(/^fc_/, 'ctc_'),
      type: 'custom_tool_call',
      status,
      call_id: block.id,
      name: declared.name,
      input,
      ...namespace,
    }
  }
  return {
    id,
    type: 'function_call',
    status,
    call_id: block.id,
    name: declared.name,
    arguments: block.rawArgs ?? JSON.stringify(block.args),
    ...namespace,
  }
}

/** An answer's blocks as output items: runs of text join one message; each reasoning block and call is its own item. */
export function outputItems(
  blocks: OutputBlock[],
  tools: ToolNames,
  memory: ItemMemory,
  generateId: (prefix: string) => string,
): JsonObject[] {
  const items: JsonObject[] = []
  let texts: string[] = []
  const closeMessage = (): void => {
    if (texts.length === 0) return
    const id = generateId('msg_')
    memory.remember(
      id,
      texts.map((text) => ({ type: 'text', text })),
    )
    items.push(messageItem(id, texts))
    texts = []
  }
  for (const block of blocks) {
    if (block.type === 'text') {
      texts.push(block.text)
      continue
    }
    closeMessage()
    if (block.type === 'reasoning') {
      const id = generateId('rs_')
      memory.remember(id, block)
      items.push(reasoningItem(id, block))
    } else items.push(callItem(generateId('fc_'), block, tools))
  }
  closeMessage()
  return items
}
