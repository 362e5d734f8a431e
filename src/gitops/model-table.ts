import stringWidth from 'string-width'
import type { PinaiConfig } from '../config/schema.ts'

/** One way to serve an exposed model name: a provider and the upstream id it calls. */
export interface ModelRoute {
  provider: string
  id: string
  weight: number
  priority: number
  keys: number
  /** False when the provider or the model entry is disabled. */
  enabled: boolean
}

/** The exposed model names of a config, each with the providers that serve it. */
export interface ModelTable {
  models: Array<{ name: string; routes: ModelRoute[] }>
  /** `modelMapping`: requested name → name routed. */
  mapping: Record<string, string>
}

/** Builds the table `pinai models` prints, sorted by name (disabled routes included, marked). */
export function modelTable(config: PinaiConfig): ModelTable {
  const byName = new Map<string, ModelRoute[]>()
  for (const provider of config.providers) {
    for (const entry of provider.models) {
      const id = typeof entry === 'string' ? entry : entry.id
      const name = typeof entry === 'string' ? entry : (entry.name ?? entry.id)
      const enabled = provider.enabled && (typeof entry === 'string' || entry.enabled)
      const route: ModelRoute = {
        provider: provider.name,
        id,
        weight: provider.weight,
        priority: provider.priority,
        keys: provider.keys.length,
        enabled,
      }
      byName.set(name, [...(byName.get(name) ?? []), route])
    }
  }
  const models = [...byName]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, routes]) => ({ name, routes }))
  return { models, mapping: config.modelMapping }
}

/**
 * Lays rows out as aligned columns, measuring what a terminal shows: a CJK character or an emoji
 * takes two columns, colour codes none.
 */
export function formatColumns(rows: readonly string[][], gap = '  '): string[] {
  const widths: number[] = []
  for (const row of rows)
    row.forEach((cell, index) => (widths[index] = Math.max(widths[index] ?? 0, stringWidth(cell))))
  return rows.map((row) =>
    row
      .map((cell, index) =>
        index === row.length - 1 ? cell : cell + ' '.repeat((widths[index] ?? 0) - stringWidth(cell)),
      )
      .join(gap)
      .trimEnd(),
  )
}
