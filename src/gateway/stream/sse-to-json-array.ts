import { parseSseFrame } from '../../protocols/sse-frames.ts'
import { FrameSplitter } from './frame-splitter.ts'

/** A text stream rewritten piece by piece: what each piece and the end produce. */
export interface TextRewriter {
  push(text: string): string
  end(): string
}

/**
 * Gemini's stream without `alt=sse` (docs/protocols.md, "The Gemini surface"): the same chunks as one
 * JSON array, `[` chunk `,` chunk … `]`, written as they come. A frame without data (a keep-alive
 * comment) becomes a line break, which holds the connection and is white space to a JSON reader. The
 * events are pinai's own, each at most `frameLimit` characters as the relay already bounds them.
 */
export function sseToJsonArray(frameLimit: number): TextRewriter {
  const splitter = new FrameSplitter(frameLimit, 'pinai')
  let opened = false
  const element = (frame: string): string => {
    const event = parseSseFrame(frame)
    if (!event || event.data.trim() === '') return '\n'
    const prefix = opened ? ',\n' : '['
    opened = true
    return prefix + event.data
  }
  return {
    push: (text) => splitter.push(text).map(element).join(''),
    end() {
      const rest = splitter.end('').trim()
      return `${rest ? element(rest) : ''}${opened ? '\n]' : '[]'}`
    },
  }
}
