import * as v from 'valibot'
import { ConfigError } from '../config/config-error.ts'
import { rewritePipeline, type RewriteStep } from '../config/rewrite-rule.ts'
import { compileRule, describeRule } from './apply-rule.ts'
import { renamePresets } from './rename-presets.ts'

/** One runnable step of a pipeline. */
export interface CompiledStep {
  /** Where the step is written: `rewrite.default[2]`. */
  path: string
  /** The preset name or a description of the rule. */
  label: string
  enabled: boolean
  apply: (name: string) => string
}

/** A pipeline ready to run. */
export interface CompiledPipeline {
  name: string
  steps: CompiledStep[]
}

/**
 * Compiles pipeline steps as written in the config (or sent by the dashboard, unvalidated).
 * Throws {@link ConfigError} naming the step (`rewrite.NAME[i].pattern`) when one is invalid.
 */
export function compilePipeline(name: string, steps: readonly unknown[]): CompiledPipeline {
  const parsed = v.safeParse(rewritePipeline, steps)
  const base = `rewrite.${name}`
  if (!parsed.success) {
    const issues = parsed.issues.map((issue) => {
      const keys = (issue.path ?? []).map((item) => item.key as string | number)
      const [index, ...rest] = keys
      const path = `${base}[${String(index ?? 0)}]${rest.map((key) => `.${String(key)}`).join('')}`
      return { path, message: issue.message.replace(/^Invalid (\w+): /, '') }
    })
    throw new ConfigError(issues)
  }
  return { name, steps: parsed.output.map((step, index) => compileStep(step, `${base}[${index}]`)) }
}

function compileStep(step: RewriteStep, path: string): CompiledStep {
  if (typeof step === 'string') {
    const preset = renamePresets[step]
    return { path, label: step, enabled: true, apply: preset.apply }
  }
  try {
    return { path, label: describeRule(step), enabled: step.enabled, apply: compileRule(step) }
  } catch (error) {
    const at = step.kind === 'regex' ? `${path}.pattern` : path
    throw new ConfigError([{ path: at, message: (error as Error).message }])
  }
}
