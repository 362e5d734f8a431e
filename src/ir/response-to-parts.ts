import type { IRResponse } from './response.ts'
import type { StreamPart } from './stream-part.ts'

/** Turns a whole response into the stream parts that carry it (to stream a non-stream answer, and in tests). */
export function responseToStreamParts(response: IRResponse): StreamPart[] {
  const parts: StreamPart[] = [
    {
      type: 'start',
      id: response.id,
      model: response.model,
      ...(response.created === undefined ? {} : { created: response.created }),
    },
  ]
  response.content.forEach((block, index) => {
    const id = `${block.type}-${index}`
    switch (block.type) {
      case 'text':
        parts.push({ type: 'text-start', id }, { type: 'text-delta', id, delta: block.text }, { type: 'text-end', id })
        return
      case 'reasoning':
        parts.push({
          type: 'reasoning-start',
          id,
          origin: block.origin,
          ...(block.redactedData === undefined ? {} : { redactedData: block.redactedData }),
        })
        if (block.text !== '') parts.push({ type: 'reasoning-delta', id, delta: block.text })
        parts.push({
          type: 'reasoning-end',
          id,
          ...(block.signature === undefined ? {} : { signature: block.signature }),
        })
        return
      case 'tool_call': {
        const json = block.rawArgs ?? JSON.stringify(block.args)
        parts.push(
          { type: 'tool-input-start', id: block.id, name: block.name },
          { type: 'tool-input-delta', id: block.id, delta: json },
          { type: 'tool-input-end', id: block.id },
          {
            type: 'tool-call',
            id: block.id,
            name: block.name,
            args: block.args,
            ...(block.rawArgs === undefined ? {} : { rawArgs: block.rawArgs }),
            ...(block.signature === undefined ? {} : { signature: block.signature }),
            ...(block.origin === undefined ? {} : { origin: block.origin }),
          },
        )
        return
      }
      default: {
        const unreachable: never = block
        throw new Error(`unknown output block ${JSON.stringify(unreachable)}`)
      }
    }
  })
  parts.push({ type: 'finish', reason: response.finish, usage: response.usage })
  return parts
}
