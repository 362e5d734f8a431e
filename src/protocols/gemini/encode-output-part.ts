import type { OutputBlock } from '../../ir/content.ts'
import type { GeminiPart } from './wire-types.ts'

/** One IR output block → a Gemini response part (signatures only when Gemini made them). */
export function encodeOutputPart(block: OutputBlock): GeminiPart | undefined {
  switch (block.type) {
    case 'text':
      return block.text === '' ? undefined : { text: block.text }
    case 'reasoning': {
      const signature = block.origin.protocol === 'gemini' ? block.signature : undefined
      if (block.text === '' && signature === undefined) return undefined
      return { text: block.text, thought: true, ...(signature === undefined ? {} : { thoughtSignature: signature }) }
    }
    case 'tool_call': {
      const signature = (block.origin?.protocol ?? 'gemini') === 'gemini' ? block.signature : undefined
      return {
        functionCall: { name: block.name, args: block.args, id: block.id },
        ...(signature === undefined ? {} : { thoughtSignature: signature }),
      }
    }
    default: {
      const unreachable: never = block
      throw new Error(`unknown output block ${JSON.stringify(unreachable)}`)
    }
  }
}
