import type { RewriteRule, RewriteStep } from '../api/types.ts'

/** The built-in presets a pipeline can name. */
export const presets = ['lowercase', 'strip-group-tag', 'unify-hyphens', 'strip-date-suffix'] as const

/** The four rule kinds. */
export const ruleKinds = ['insert', 'replace', 'regex', 'case'] as const

/** A new rule of a kind, with values that change nothing until edited. */
export function newRule(kind: (typeof ruleKinds)[number]): RewriteRule {
  switch (kind) {
    case 'insert':
      return { kind, text: '', position: 'prefix', enabled: true }
    case 'replace':
      return { kind, from: '', to: '', enabled: true }
    case 'regex':
      return { kind, pattern: '', replace: '', enabled: true }
    case 'case':
      return { kind, to: 'lower', enabled: true }
  }
}

/** Moves the step at `from` to `to` (both clamped), as a new list. */
export function moveStep<T>(steps: readonly T[], from: number, to: number): T[] {
  const next = [...steps]
  const target = Math.max(0, Math.min(next.length - 1, to))
  const [step] = next.splice(from, 1)
  if (step === undefined) return next
  next.splice(target, 0, step)
  return next
}

/** Whether a step runs: presets always, rules unless turned off. */
export function isEnabled(step: RewriteStep): boolean {
  return typeof step === 'string' || step.enabled !== false
}

/** A step with its switch flipped (presets have none: they stay as they are). */
export function toggleStep(step: RewriteStep): RewriteStep {
  return typeof step === 'string' ? step : { ...step, enabled: !isEnabled(step) }
}

/** Steps the config accepts: rules whose required text is still empty are left out of a save. */
export function completeSteps(steps: readonly RewriteStep[]): RewriteStep[] {
  return steps.filter(
    (step) =>
      typeof step === 'string' ||
      (step.kind === 'replace' ? step.from !== '' : step.kind === 'regex' ? step.pattern !== '' : true),
  )
}
