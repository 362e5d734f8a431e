import * as v from 'valibot'

const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }
const pattern = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/

/** Parses `'500ms'`, `'30s'`, `'10m'`, `'2h'`, `'30d'` or a number of milliseconds; undefined when invalid. */
export function parseDuration(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined
  const match = pattern.exec(value.trim())
  if (!match) return undefined
  const [, amount, unit] = match
  return Math.round(Number(amount) * (units[unit ?? 'ms'] ?? 1))
}

/** A duration in the config: a string with a unit or milliseconds, parsed to milliseconds. */
export const duration = v.pipe(
  v.union(
    [v.string(), v.pipe(v.number(), v.minValue(0))],
    'expected a duration such as "30s" or a number of milliseconds',
  ),
  v.check(
    (value) => parseDuration(value) !== undefined,
    'expected a duration such as "500ms", "30s", "10m", "2h" or "30d"',
  ),
  v.transform((value) => parseDuration(value) ?? 0),
)
