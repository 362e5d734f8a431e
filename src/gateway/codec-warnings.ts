import type { CodecLogger } from '../protocols/index.ts'

/** Where a request's notes go: its `RequestLog.note`. */
export type Note = (message: string) => void

/**
 * The gateway's codec logger: every warning goes to the log, and while one request's translation runs
 * inside {@link CodecWarnings.during} (codecs translate synchronously and say what they dropped before
 * they return) also to that request's record (docs/records.md, "Notes").
 */
export class CodecWarnings implements CodecLogger {
  private note: Note | undefined

  constructor(private readonly logger: CodecLogger) {}

  warn(message: string): void {
    this.note?.(message)
    this.logger.warn(message)
  }

  /** Runs `work`; what the codecs warn meanwhile is also handed to `note`. */
  during<T>(note: Note, work: () => T): T {
    return this.duringStep(note, work, undefined)
  }

  /**
   * Runs `step(argument)` as {@link during} runs its work: a stream calls it for every upstream read,
   * and a step made once per stream with its argument passed costs no closure per read.
   */
  duringStep<A, T>(note: Note, step: (argument: A) => T, argument: A): T {
    const outer = this.note
    this.note = note
    try {
      return step(argument)
    } finally {
      this.note = outer
    }
  }
}
