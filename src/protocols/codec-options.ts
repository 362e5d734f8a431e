import { createFoldingLog } from '../log/create-folding-log.ts'

/** Where codecs report what they dropped or changed while translating (never secrets). */
export interface CodecLogger {
  warn(message: string): void
}

/** What a codec factory takes: a clock and an id generator (injected in tests), and a logger. */
export interface CodecOptions {
  /** Milliseconds since the epoch; default `Date.now`. */
  now?: () => number
  /** A fresh id with the given prefix (`toolu_`, `call_`, `msg_` …); default random hex. */
  generateId?: (prefix: string) => string
  logger?: CodecLogger
}

/** The options with every default filled in. */
export interface ResolvedCodecOptions {
  now: () => number
  generateId: (prefix: string) => string
  logger: CodecLogger
}

/** A logger for a codec made without one: a line on stderr per warning, control characters escaped, repeats folded per minute. */
function consoleLogger(): CodecLogger {
  return { warn: createFoldingLog({ write: (line) => console.warn(`[pinai] ${line}`) }) }
}

/** Fills in the defaults of {@link CodecOptions}. */
export function resolveCodecOptions(options: CodecOptions = {}): ResolvedCodecOptions {
  return {
    now: options.now ?? Date.now,
    generateId: options.generateId ?? randomId,
    logger: options.logger ?? consoleLogger(),
  }
}

function randomId(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12))
  return prefix + Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
}
