import type { ContentBlock } from './content.ts'

/** One conversation turn. Tool results travel in user turns, as in Anthropic. System text is not a message. */
export interface Message {
  role: 'user' | 'assistant'
  content: ContentBlock[]
  /**
   * The sender wrote `content` as a bare string (its one block is text); encoders whose protocol has both
   * forms keep that form. Decoders set it only when true.
   */
  stringContent?: boolean
}
