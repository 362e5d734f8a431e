import type { CodecLogger } from '../protocols/index.ts'

/**
 * The gateway's codec logger: every warning goes to the log, and while one request's translation runs
 * inside {@link CodecWarnings.during} (codecs translate synchronously and say what they dropped before
 * they return) also to that request's record (docs/records.md, "Notes").
 */
export class CodecWarnings implements CodecLogger {
  private note: ((message: string) => void) | undefined

  constructor(private readonly logger: CodecLogger) {}

  warn(message: string): void {
    this.note?.(message)
    this.logger.warn(message)
  }

  /** Runs `work`; what the codecs warn meanwhile is also handed to `note`. */
  during<T>(note: (message: string) => void, work: () => T): T {
    const outer = this.note
    this.note = note
    try {
      return work()
    } finally {
      this.note = outer
    }
  }
}
