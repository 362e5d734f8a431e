import type { CompiledPipeline } from './compile-pipeline.ts'

/** What one step did to a name. */
export interface StepTrace {
  path: string
  label: string
  enabled: boolean
  before: string
  after: string
}

/** A name through a pipeline, step by step. */
export interface PipelineTrace {
  input: string
  output: string
  steps: StepTrace[]
}

/**
 * Runs a pipeline on one name and records each step. Disabled steps are listed but skipped.
 * A pipeline that would empty the name leaves it unchanged: a model must keep a name.
 */
export function tracePipeline(pipeline: CompiledPipeline, input: string): PipelineTrace {
  const steps: StepTrace[] = []
  let name = input
  for (const step of pipeline.steps) {
    const after = step.enabled ? step.apply(name) : name
    steps.push({ path: step.path, label: step.label, enabled: step.enabled, before: name, after })
    name = after
  }
  const output = name.trim() === '' ? input : name
  return { input, output, steps }
}

/** Runs a pipeline on one name. */
export function runPipeline(pipeline: CompiledPipeline, input: string): string {
  return tracePipeline(pipeline, input).output
}
