import type { ReasoningConfig, ReasoningEffort } from '../../ir/request.ts'
import type { GeminiThinkingConfig } from './wire-types.ts'

/** What the model name tells about its thinking controls. */
interface ModelFamily {
  /** Gemini 3 and later take `thinkingLevel`; earlier ones take `thinkingBudget`. */
  usesLevel: boolean
  pro: boolean
  flashLite: boolean
}

/** Reads the thinking family from a model id such as `gemini-2.5-pro` or `gemini-3-flash-preview`. */
export function modelFamily(model: string): ModelFamily {
  const major = /gemini-(\d+)/.exec(model)?.[1]
  return {
    usesLevel: major !== undefined && Number(major) >= 3,
    pro: /-pro\b/.test(model),
    flashLite: /flash-lite/.test(model),
  }
}

/** Effort → budget on Gemini 2.5 (LiteLLM's table, extended for xhigh and max). */
const budgetByEffort: Record<ReasoningEffort, number> = {
  none: 0,
  minimal: 512,
  low: 1024,
  medium: 2048,
  high: 4096,
  xhigh: 8192,
  max: 24576,
}

/** The accepted `thinkingBudget` range per 2.5 family, as Gemini's API documents them. */
function budgetRange(family: ModelFamily): { min: number; max: number; canDisable: boolean } {
  if (family.pro) return { min: 128, max: 32768, canDisable: false }
  if (family.flashLite) return { min: 512, max: 24576, canDisable: true }
  return { min: 1, max: 24576, canDisable: true }
}

function clampBudget(budget: number, family: ModelFamily): number {
  const range = budgetRange(family)
  if (budget <= 0) return range.canDisable ? 0 : range.min
  return Math.min(range.max, Math.max(range.min, Math.round(budget)))
}

function levelFromEffort(effort: ReasoningEffort, family: ModelFamily): string {
  if (family.pro) return effort === 'none' || effort === 'minimal' || effort === 'low' ? 'LOW' : 'HIGH'
  if (effort === 'none' || effort === 'minimal') return 'MINIMAL'
  if (effort === 'low') return 'LOW'
  if (effort === 'medium') return 'MEDIUM'
  return 'HIGH'
}

function levelFromBudget(budget: number, family: ModelFamily): string {
  if (budget <= 1024) return budget <= 0 && !family.pro ? 'MINIMAL' : 'LOW'
  if (family.pro || budget > 8192) return 'HIGH'
  return 'MEDIUM'
}

/**
 * IR reasoning → `thinkingConfig` for the target model: a clamped `thinkingBudget` on 2.x (`-1` when
 * adaptive, 0 or the minimum when off), a `thinkingLevel` on 3.x (never both: that is a 400), and
 * `includeThoughts` whenever thinking is on so the client sees the summaries.
 */
export function encodeThinking(reasoning: ReasoningConfig, model: string): GeminiThinkingConfig {
  const family = modelFamily(model)
  if (!reasoning.enabled) {
    if (family.usesLevel) return { thinkingLevel: family.pro ? 'LOW' : 'MINIMAL' }
    return { thinkingBudget: clampBudget(0, family) }
  }
  if (family.usesLevel) {
    const level =
      reasoning.budget !== undefined
        ? levelFromBudget(reasoning.budget, family)
        : levelFromEffort(reasoning.effort ?? (reasoning.adaptive ? 'high' : 'medium'), family)
    return { thinkingLevel: level, includeThoughts: true }
  }
  if (reasoning.budget === undefined && (reasoning.adaptive || reasoning.effort === undefined)) {
    return { thinkingBudget: -1, includeThoughts: true }
  }
  const budget = reasoning.budget ?? budgetByEffort[reasoning.effort ?? 'medium']
  const clamped = clampBudget(budget, family)
  return clamped === 0 ? { thinkingBudget: 0 } : { thinkingBudget: clamped, includeThoughts: true }
}

const effortByLevel: Record<string, ReasoningEffort> = {
  MINIMAL: 'minimal',
  LOW: 'low',
  MEDIUM: 'medium',
  HIGH: 'high',
}

/** `thinkingConfig` → IR reasoning (Gemini as the client protocol). */
export function decodeThinking(config: GeminiThinkingConfig): ReasoningConfig | undefined {
  if (config.thinkingLevel !== undefined) {
    const effort = effortByLevel[config.thinkingLevel.toUpperCase()]
    return effort === undefined ? { enabled: true } : { enabled: true, effort }
  }
  if (config.thinkingBudget === undefined) return config.includeThoughts ? { enabled: true, adaptive: true } : undefined
  if (config.thinkingBudget === 0) return { enabled: false }
  if (config.thinkingBudget < 0) return { enabled: true, adaptive: true }
  return { enabled: true, budget: config.thinkingBudget }
}
