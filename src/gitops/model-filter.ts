import { matchesWildcard } from '../routing/wildcard.ts'
import type { AddedModel } from './plan.ts'

/** New models offered by one provider, as a picker shows them. */
export interface ModelOffer {
  provider: string
  models: AddedModel[]
}

/** Which new models a plan takes: the provider's name and the model (its upstream id and name). */
export type ModelFilter = (provider: string, model: AddedModel) => boolean

const matchesAny = (patterns: readonly string[], model: AddedModel) =>
  patterns.some((pattern) => {
    const lower = pattern.toLowerCase()
    return matchesWildcard(lower, model.id.toLowerCase()) || matchesWildcard(lower, model.name.toLowerCase())
  })

/**
 * The filter of `--only` and `--except`: comma-separated globs (`*` is any run of characters, `/`
 * included; case does not matter) matched against a model's upstream id and its name. A model is
 * taken when it matches some `only` glob (or there is none) and no `except` glob. Undefined when both
 * are empty.
 */
export function globFilter(only: readonly string[] = [], except: readonly string[] = []): ModelFilter | undefined {
  if (only.length === 0 && except.length === 0) return undefined
  return (_provider, model) => (only.length === 0 || matchesAny(only, model)) && !matchesAny(except, model)
}

/** A filter that takes only the models a picker chose, per provider. */
export function chosenFilter(chosen: ReadonlyMap<string, ReadonlySet<string>>): ModelFilter {
  return (provider, model) => chosen.get(provider)?.has(model.id) ?? false
}

/** Both filters (either may be absent). */
export function bothFilters(first: ModelFilter | undefined, second: ModelFilter | undefined): ModelFilter | undefined {
  if (!first || !second) return first ?? second
  return (provider, model) => first(provider, model) && second(provider, model)
}

/** Splits a comma-separated option into its non-empty parts. */
export function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
}
