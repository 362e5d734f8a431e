import type { PinaiConfigInput } from './schema.ts'

/** Types a `pinai.config.ts`; returns its argument unchanged. */
export function defineConfig(config: PinaiConfigInput): PinaiConfigInput {
  return config
}
