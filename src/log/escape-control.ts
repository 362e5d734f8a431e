/** Control characters (C0, DEL, C1) that could end a log line early or drive a terminal (ANSI escapes). */
const control = /[\u0000-\u001f\u007f-\u009f]/g

const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' }

/**
 * A text safe to print as part of one log line: every control character written as an escape
 * (`\n`, `\u001b`), so a client's model name cannot forge a line or colour the operator's terminal.
 */
export function escapeControl(text: string): string {
  return text.replace(control, (char) => named[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
}
