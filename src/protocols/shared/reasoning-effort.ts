import type { ReasoningEffort } from '../../ir/request.ts'

const budgets: Record<Exclude<ReasoningEffort, 'none'>, number> = {
  minimal: 1024,
  low: 1024,
  medium: 2048,
  high: 4096,
  xhigh: 8192,
  max: 16384,
}

/** A thinking budget for an effort level (LiteLLM's table; docs/protocols.md, "Requests"); 0 for `none`. */
export function effortToBudget(effort: ReasoningEffort): number {
  return effort === 'none' ? 0 : budgets[effort]
}

/** An effort level for a thinking budget (claude-code-router's thresholds; docs/protocols.md, "Requests"). */
export function budgetToEffort(budget: number): ReasoningEffort {
  if (budget <= 0) return 'none'
  if (budget <= 1024) return 'low'
  if (budget <= 8192) return 'medium'
  return 'high'
}

const efforts: readonly string[] = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max']

/** True when the string is a known effort level. */
export function isReasoningEffort(value: string): value is ReasoningEffort {
  return efforts.includes(value)
}
