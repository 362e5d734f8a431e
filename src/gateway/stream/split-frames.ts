const boundary = /\r\n\r\n|\n\n|\r\r/g

/**
 * Cuts SSE text into its whole events, each with its terminating blank line, and the unfinished rest,
 * so a passthrough can forward them byte for byte (or drop one) while reading what they say (the
 * protocols' `parseSseFrame` reads each). `SseRelay` feeds it each upstream read.
 */
export function splitFrames(text: string): { frames: string[]; rest: string } {
  const frames: string[] = []
  let start = 0
  if (!text.includes('\r')) {
    // The usual stream (LF only): plain searches, no match object per frame.
    for (let end = text.indexOf('\n\n'); end !== -1; end = text.indexOf('\n\n', start)) {
      frames.push(text.slice(start, end + 2))
      start = end + 2
    }
  } else {
    boundary.lastIndex = 0
    for (let match = boundary.exec(text); match; match = boundary.exec(text)) {
      const end = match.index + match[0].length
      frames.push(text.slice(start, end))
      start = end
    }
  }
  return { frames, rest: start > 0 ? text.slice(start) : text }
}
