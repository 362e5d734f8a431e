import type { Channel } from './channel.ts'
import type { RoutingTable } from './create-routing-table.ts'
import { isModelAllowed } from './is-model-allowed.ts'
import { mapModel } from './map-model.ts'
import { modelNotAllowedError, unknownModelError } from './routing-errors.ts'

/** What a request may be routed to. */
export interface Candidates {
  /** The name after the model mapping: the pool's name. */
  mappedModel: string
  channels: readonly Channel[]
  /** The pools of the mapped name's fallbacks that have channels, in the order to try them. */
  fallbacks: readonly (readonly Channel[])[]
}

/**
 * Which channels may serve a request (README.md, "Routing and failover"): the client's allowlist on
 * the requested name, then the model mapping, then every channel exposing the result, then the pools
 * of its `fallbacks` (names no channel exposes, and names already in the chain, left out). Throws 403
 * `model_not_allowed` or 404 `model_not_found` (neither fails over nor cools anything).
 */
export function resolveCandidates(options: {
  table: RoutingTable
  requestedModel: string
  allowedModels?: readonly string[] | undefined
  modelMapping: Readonly<Record<string, string>>
  fallbacks?: Readonly<Record<string, readonly string[]>>
}): Candidates {
  if (!isModelAllowed(options.allowedModels, options.requestedModel)) throw modelNotAllowedError(options.requestedModel)
  const mappedModel = mapModel(options.requestedModel, options.modelMapping)
  const channels = options.table.channels(mappedModel)
  if (channels.length === 0) throw unknownModelError(mappedModel)
  const names = options.fallbacks?.[mappedModel]
  // Most names have no fallbacks: no chain is built for them.
  if (!names || names.length === 0) return { mappedModel, channels, fallbacks: noFallbacks }
  const chain = new Set([mappedModel, ...names])
  const fallbacks = [...chain]
    .slice(1)
    .map((name) => options.table.channels(name))
    .filter((pool) => pool.length > 0)
  return { mappedModel, channels, fallbacks }
}

const noFallbacks: readonly (readonly Channel[])[] = Object.freeze([])
