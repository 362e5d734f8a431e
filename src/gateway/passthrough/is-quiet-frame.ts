import type { InboundProtocol } from '../inbound.ts'

// Usage and errors are all a passthrough still reads past the commit point. OpenAI chunks often carry
// `"usage":null`, which says nothing; Anthropic names usage and errors in every frame that has them.
const mayMatter: Record<InboundProtocol, RegExp> = {
  openai: /"usage"\s*:\s*\{|"error"/,
  anthropic: /usage|error/,
}

/**
 * True when a frame past the commit point can be forwarded without parsing it: a whole event (its blank
 * line seen) whose data ends a JSON object, and that cannot hold usage or an error (JSON escapes the
 * quotes of such words inside text, so text never looks like those keys). Anything else is read.
 */
export function isQuietFrame(protocol: InboundProtocol, raw: string): boolean {
  const whole = raw.endsWith('}\n\n') || raw.endsWith('}\r\n\r\n') || raw.endsWith('}\r\r')
  return whole && !mayMatter[protocol].test(raw)
}
