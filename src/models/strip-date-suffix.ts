const year4 = '20\\d{2}'
const year2 = '2[3-9]'
const month = '(?:0[1-9]|1[0-2])'
const day = '(?:0[1-9]|[12]\\d|3[01])'
const gap = '[-_]?'
const dash = '[-_]'

/**
 * Date suffixes, longest first: `2024-08-06`, `20241022`, `08-2024`, `250528` (YYMMDD),
 * `2507` (YYMM), `0528` (MMDD), `05-06` (MM-DD). Each part is range-checked, so `-2048`,
 * `-405b` or `-002` are not dates.
 */
const dateSuffix = new RegExp(
  `^(.+?)[-_@](?:${year4}${gap}${month}${gap}${day}|${month}${dash}${year4}|${year2}${month}${day}|${year2}${month}|${month}${day}|${month}${dash}${day})$`,
)

/**
 * Drops a snapshot date at the end of a model id, keeping what it names:
 * `claude-3-5-sonnet-20241022` → `claude-3-5-sonnet`, `gpt-4o-2024-08-06` → `gpt-4o`,
 * `deepseek-r1-0528` → `deepseek-r1`, `qwen3-235b-a22b-instruct-2507` → `qwen3-235b-a22b-instruct`.
 * A date in the middle (`gpt-4-1106-preview`) is kept.
 */
export function stripDateSuffix(name: string): string {
  const kept = dateSuffix.exec(name)?.[1]
  // What is left must still name something (`2024-08-06` alone is not `2024`).
  return kept && /\p{L}/u.test(kept) ? kept : name
}
