import type { ResolvedCodecOptions } from '../codec-options.ts'
import type { GeminiSideCaches } from './tool-call-cache.ts'

/** What the Gemini codec's functions share: clock, id generator, logger and the side caches. */
export interface GeminiContext extends ResolvedCodecOptions {
  caches: GeminiSideCaches
}
