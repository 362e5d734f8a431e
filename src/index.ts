/** The public API of the `pinai` package, as a config file imports it. */
export { defineConfig } from './config/define-config.ts'
export type { PinaiConfigInput as PinaiConfig } from './config/schema.ts'
