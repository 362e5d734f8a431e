import { GatewayError } from './errors.ts'
import type { OutputBlock, ReasoningBlock, TextBlock, ToolCallBlock } from './content.ts'
import type { IRResponse } from './response.ts'
import type { StreamPart } from './stream-part.ts'

/** Accumulates stream parts into the response a non-stream call would have returned. */
export interface StreamFolder {
  push(part: StreamPart): void
  /** The folded response; throws the stream's error part, or an error when no `finish` came. */
  result(): IRResponse
}

/** Creates a {@link StreamFolder} (used to log streamed answers and to check codecs against each other). */
export function createStreamFolder(): StreamFolder {
  const content: (OutputBlock | undefined)[] = []
  const texts = new Map<string, TextBlock>()
  const reasonings = new Map<string, ReasoningBlock>()
  const toolSlots = new Map<string, number>()
  let head: { id: string; model: string; created?: number } | undefined
  let tail: Pick<IRResponse, 'finish' | 'usage'> | undefined
  let failure: GatewayError | undefined

  function push(part: StreamPart): void {
    switch (part.type) {
      case 'start':
        head = { id: part.id, model: part.model, ...(part.created === undefined ? {} : { created: part.created }) }
        return
      case 'text-start': {
        const block: TextBlock = { type: 'text', text: '' }
        texts.set(part.id, block)
        content.push(block)
        return
      }
      case 'text-delta': {
        const block = texts.get(part.id)
        if (block) block.text += part.delta
        return
      }
      case 'reasoning-start': {
        const block: ReasoningBlock = { type: 'reasoning', text: '', origin: part.origin }
        if (part.redactedData !== undefined) block.redactedData = part.redactedData
        reasonings.set(part.id, block)
        content.push(block)
        return
      }
      case 'reasoning-delta': {
        const block = reasonings.get(part.id)
        if (block) block.text += part.delta
        return
      }
      case 'reasoning-end': {
        const block = reasonings.get(part.id)
        if (block && part.signature !== undefined) block.signature = part.signature
        if (block && part.origin !== undefined) block.origin = part.origin
        return
      }
      case 'tool-input-start':
        toolSlots.set(part.id, content.length)
        content.push(undefined)
        return
      case 'tool-call': {
        const block: ToolCallBlock = { type: 'tool_call', id: part.id, name: part.name, args: part.args }
        if (part.rawArgs !== undefined) block.rawArgs = part.rawArgs
        if (part.signature !== undefined) block.signature = part.signature
        if (part.origin !== undefined) block.origin = part.origin
        const slot = toolSlots.get(part.id)
        if (slot === undefined) content.push(block)
        else content[slot] = block
        return
      }
      case 'finish':
        tail = { finish: part.reason, usage: part.usage }
        return
      case 'error':
        failure = part.error
        return
      case 'text-end':
      case 'tool-input-delta':
      case 'tool-input-end':
        return
      default: {
        const unreachable: never = part
        throw new Error(`unknown stream part ${JSON.stringify(unreachable)}`)
      }
    }
  }

  function result(): IRResponse {
    if (failure) throw failure
    if (!tail) {
      throw new GatewayError({ kind: 'upstream', status: 502, message: 'The stream ended without a finish event' })
    }
    return {
      id: head?.id ?? '',
      model: head?.model ?? '',
      ...(head?.created === undefined ? {} : { created: head.created }),
      content: content.filter((block): block is OutputBlock => block !== undefined),
      ...tail,
    }
  }

  return { push, result }
}

/** Folds a finished list of stream parts into a response (see {@link createStreamFolder}). */
export function foldStreamParts(parts: Iterable<StreamPart>): IRResponse {
  const folder = createStreamFolder()
  for (const part of parts) folder.push(part)
  return folder.result()
}
