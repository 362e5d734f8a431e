import type { PinaiConfig } from '../config/schema.ts'
import { presetNames } from '../config/rewrite-rule.ts'
import { compilePipeline, type CompiledPipeline } from './compile-pipeline.ts'
import { builtInDefaultPipeline } from './rename-presets.ts'

type PipelineSource = Pick<PinaiConfig, 'rewrite'>

/**
 * The pipeline a name refers to: one from `rewrite`, a preset on its own, or — for `default` when the
 * config defines none — every preset in order. Undefined when the name is unknown.
 */
export function findPipeline(config: PipelineSource, name: string): CompiledPipeline | undefined {
  const steps = config.rewrite[name]
  if (steps) return compilePipeline(name, steps)
  if ((presetNames as readonly string[]).includes(name)) return compilePipeline(name, [name])
  if (name === 'default') return compilePipeline(name, [...builtInDefaultPipeline])
  return undefined
}

/**
 * The pipeline a provider's models are renamed with on sync or import: the one it names in
 * `rewrite`, else `default`.
 */
export function providerPipeline(config: PipelineSource, provider: { rewrite?: string | undefined }): CompiledPipeline {
  const name = provider.rewrite ?? 'default'
  const found = findPipeline(config, name)
  if (!found) throw new Error(`no rename pipeline named "${name}"`)
  return found
}
