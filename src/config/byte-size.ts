import * as v from 'valibot'

const units: Record<string, number> = {
  b: 1,
  kb: 1_000,
  mb: 1_000_000,
  gb: 1_000_000_000,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
}
const pattern = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb|kib|mib|gib)$/i

/** Parses `'64MB'`, `'32MiB'`, `'1GB'` or a number of bytes; undefined when invalid. */
export function parseByteSize(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.round(value) : undefined
  const match = pattern.exec(value.trim())
  if (!match) return undefined
  const [, amount, unit] = match
  return Math.round(Number(amount) * (units[(unit ?? 'b').toLowerCase()] ?? 1))
}

/** A size in the config: a string with a unit or a number of bytes, parsed to bytes. */
export const byteSize = v.pipe(
  v.union([v.string(), v.pipe(v.number(), v.minValue(0))], 'expected a size such as "64MB" or a number of bytes'),
  v.check((value) => parseByteSize(value) !== undefined, 'expected a size such as "512KB", "64MB", "32MiB" or "1GB"'),
  v.transform((value) => parseByteSize(value) ?? 0),
)

/** A size that must be more than nothing (a limit of 0 would refuse everything). */
export const positiveByteSize = v.pipe(byteSize, v.minValue(1, 'must be more than 0 bytes'))
