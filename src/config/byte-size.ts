import * as v from 'valibot'

const units: Record<string, number> = { b: 1, kb: 1024, kib: 1024, mb: 1024 ** 2, mib: 1024 ** 2, gb: 1024 ** 3, gib: 1024 ** 3 }
const pattern = /^(\d+(?:\.\d+)?)\s*(b|kb|kib|mb|mib|gb|gib)$/i

/** Parses `'512kb'`, `'64MiB'`, `'1gb'` (powers of 1024) or a number of bytes; undefined when invalid. */
export function parseByteSize(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value > 0 ? value : undefined
  const match = pattern.exec(value.trim())
  if (!match) return undefined
  const bytes = Math.round(Number(match[1]) * (units[(match[2] ?? 'b').toLowerCase()] ?? 1))
  return bytes > 0 ? bytes : undefined
}

/** A size in the config: a string with a unit or a number of bytes, parsed to bytes. */
export const byteSize = v.pipe(
  v.union([v.string(), v.number()], 'expected a size such as "64MiB" or a number of bytes'),
  v.check((value) => parseByteSize(value) !== undefined, 'expected a size such as "512kb", "16MiB" or "1gb", or a whole number of bytes'),
  v.transform((value) => parseByteSize(value) ?? 0),
)
