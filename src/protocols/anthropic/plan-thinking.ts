import type { JsonObject } from '../../ir/json.ts'
import type { IRRequest } from '../../ir/request.ts'
import type { DropLog } from '../shared/drop-log.ts'
import { effortToBudget } from '../shared/reasoning-effort.ts'

/** Anthropic's smallest thinking budget. */
const minimumBudget = 1024

/** Defaults for `max_tokens`, which Anthropic requires. */
export interface MaxTokenDefaults {
  /** Without thinking (4096, as fixture F1 and docs/protocols.md pitfall 44 pin). */
  defaultMaxTokens: number
  /** With thinking on (raised further when the budget needs it). */
  defaultMaxTokensWithThinking: number
  /** The upstream model's output ceiling, when known; `max_tokens` is clamped to it (docs/protocols.md pitfall 37). */
  maxOutputTokens: (upstreamModel: string) => number | undefined
}

/** What the request's reasoning becomes on Anthropic. */
export interface ThinkingPlan {
  thinking?: JsonObject
  /** `output_config.effort`, for adaptive thinking. */
  effort?: string
  maxTokens: number
  /** Thinking is on: temperature/top_k/top_p are restricted. */
  active: boolean
}

/**
 * Decides `thinking` and `max_tokens`. Thinking is turned off, with a warning, where Anthropic would refuse
 * the request: a forced tool choice (docs/protocols.md pitfall 34), a last assistant tool-use turn that
 * does not start with a signed thinking block (pitfall 33), or a `max_tokens` too small for the minimum
 * budget.
 */
export function planThinking(
  request: IRRequest,
  upstreamModel: string,
  messages: JsonObject[],
  defaults: MaxTokenDefaults,
  drops: DropLog,
): ThinkingPlan {
  const plan = planUnclamped(request, messages, defaults, drops)
  const ceiling = defaults.maxOutputTokens(upstreamModel)
  if (ceiling === undefined || plan.maxTokens <= ceiling) return plan
  drops.drop(`max_tokens ${plan.maxTokens} (clamped to ${upstreamModel}'s ${ceiling})`)
  const clamped: ThinkingPlan = { ...plan, maxTokens: ceiling }
  const budget = plan.thinking?.budget_tokens
  if (typeof budget === 'number' && budget >= ceiling) {
    if (ceiling - 1 < minimumBudget) return { maxTokens: ceiling, active: false }
    clamped.thinking = { type: 'enabled', budget_tokens: ceiling - 1 }
  }
  return clamped
}

function planUnclamped(
  request: IRRequest,
  messages: JsonObject[],
  defaults: MaxTokenDefaults,
  drops: DropLog,
): ThinkingPlan {
  const reasoning = request.reasoning
  const clientMax = request.sampling.maxTokens
  const off = (): ThinkingPlan => ({ maxTokens: clientMax ?? defaults.defaultMaxTokens, active: false })
  if (!reasoning) return off()
  if (!reasoning.enabled || reasoning.effort === 'none') return { ...off(), thinking: { type: 'disabled' } }
  const forced = request.toolChoice?.type === 'required' || request.toolChoice?.type === 'tool'
  if (forced) {
    drops.drop('thinking (Anthropic refuses it with a forced tool choice)')
    return off()
  }
  if (lastToolTurnLacksThinking(messages)) {
    drops.drop('thinking (the last assistant tool-use turn has no signed thinking block to replay)')
    return off()
  }
  if (reasoning.adaptive) {
    return {
      thinking: { type: 'adaptive' },
      ...(reasoning.effort === undefined ? {} : { effort: reasoning.effort }),
      maxTokens: clientMax ?? defaults.defaultMaxTokensWithThinking,
      active: true,
    }
  }
  let budget = Math.max(minimumBudget, reasoning.budget ?? effortToBudget(reasoning.effort ?? 'medium'))
  if (clientMax === undefined) {
    return {
      thinking: { type: 'enabled', budget_tokens: budget },
      maxTokens: Math.max(defaults.defaultMaxTokensWithThinking, budget + defaults.defaultMaxTokens),
      active: true,
    }
  }
  // The budget is part of max_tokens and must stay below it.
  if (budget >= clientMax) budget = clientMax - 1
  if (budget < minimumBudget) {
    drops.drop(`thinking (max_tokens ${clientMax} leaves no room for the minimum budget)`)
    return off()
  }
  return { thinking: { type: 'enabled', budget_tokens: budget }, maxTokens: clientMax, active: true }
}

function lastToolTurnLacksThinking(messages: JsonObject[]): boolean {
  const last = messages.findLast((message) => message.role === 'assistant')
  if (!last || !Array.isArray(last.content)) return false
  const blocks = last.content as JsonObject[]
  if (!blocks.some((block) => block.type === 'tool_use')) return false
  const first = blocks[0]?.type
  return first !== 'thinking' && first !== 'redacted_thinking'
}
