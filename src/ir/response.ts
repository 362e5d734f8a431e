import type { OutputBlock } from './content.ts'
import type { Finish } from './finish.ts'
import type { Usage } from './usage.ts'

/** A complete (non-stream) model answer. */
export interface IRResponse {
  /** The upstream's response id, without any prefix an encoder adds. */
  id: string
  /** The model the upstream reports. Encoders show the client its requested name instead. */
  model: string
  /** Unix seconds, when the upstream gave it. */
  created?: number
  content: OutputBlock[]
  finish: Finish
  usage: Usage
}
