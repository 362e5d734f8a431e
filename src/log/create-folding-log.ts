import { escapeControl } from './escape-control.ts'

/** Options of {@link createFoldingLog}. */
export interface FoldingLogOptions {
  /** Where a line goes. */
  write(line: string): void
  /** How long repeats of a line are counted before they are reported; default one minute. */
  windowMs?: number
  /** Most distinct lines counted at once; past it a line is printed as it comes. Default 1000. */
  maxKeys?: number
  /** Applied to every line before anything else (the config's redactor). */
  redact?: (text: string) => string
}

/** One level of a log: lines pass through it. */
export type LogLine = (message: string) => void

/**
 * A log level that prints a line the first time it comes and counts the same line for the rest of its
 * window, then says how often it came again: a relay failing a thousand times a minute, or every
 * translated request dropping the same field, makes two lines a minute, not a thousand. Lines are
 * redacted and their control characters escaped.
 */
export function createFoldingLog(options: FoldingLogOptions): LogLine {
  const windowMs = options.windowMs ?? 60_000
  const maxKeys = options.maxKeys ?? 1_000
  const repeats = new Map<string, number>()
  let timer: NodeJS.Timeout | undefined
  const report = () => {
    timer = undefined
    for (const [line, count] of repeats) {
      if (count > 0) options.write(`${line} (×${count} more in the last ${Math.round(windowMs / 1000)}s)`)
    }
    repeats.clear()
  }
  return (message) => {
    const line = escapeControl(options.redact ? options.redact(message) : message)
    const seen = repeats.get(line)
    if (seen !== undefined) return void repeats.set(line, seen + 1)
    if (repeats.size < maxKeys) {
      repeats.set(line, 0)
      timer ??= setTimeout(report, windowMs).unref()
    }
    options.write(line)
  }
}
