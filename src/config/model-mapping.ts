/**
 * Parses `MODEL_MAPPING` (`from:to,from2:to2`; split at the first colon, so a target such as
 * `qwen3:8b` keeps its tag). Throws with a message naming the bad pair, because a
 * malformed mapping must stop start-up rather than route to the wrong model.
 */
export function parseModelMapping(value: string): Record<string, string> {
  const mapping: Record<string, string> = {}
  for (const [index, pair] of value.split(',').entries()) {
    const trimmed = pair.trim()
    if (!trimmed) continue
    const separator = trimmed.indexOf(':')
    const from = trimmed.slice(0, separator).trim()
    const to = trimmed.slice(separator + 1).trim()
    if (separator <= 0 || !from || !to) {
      throw new Error(`MODEL_MAPPING: pair ${index + 1} "${trimmed}" is not of the form from:to`)
    }
    if (from in mapping) throw new Error(`MODEL_MAPPING: "${from}" is mapped twice`)
    mapping[from] = to
  }
  return mapping
}
