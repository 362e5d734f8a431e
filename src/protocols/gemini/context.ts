import type { DropLog } from '../shared/drop-log.ts'
import type { GeminiSideCaches } from './tool-call-cache.ts'

/** What the Gemini codec's functions share during one translation: clock, id generator, side caches, and where drops go. */
export interface GeminiContext {
  now: () => number
  generateId: (prefix: string) => string
  caches: GeminiSideCaches
  /** Collects what this translation drops (logged as one line when it ends). */
  drops: DropLog
}
