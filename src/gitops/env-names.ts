/** The variable-name stem for a provider's keys: `relay-a` → `RELAY_A_KEY`. */
export function keyVariableStem(provider: string): string {
  const stem = provider
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase()
  const safe = stem === '' ? 'PROVIDER' : /^\d/.test(stem) ? `P_${stem}` : stem
  return `${safe}_KEY`
}

/**
 * Picks `count` new variable names for a provider's keys — `RELAY_A_KEY`, `RELAY_A_KEY_2`, … —
 * skipping every name in `taken` (what `.env` and the environment already have) and adding the
 * chosen ones to it.
 */
export function allocateKeyVariables(provider: string, count: number, taken: Set<string>): string[] {
  const stem = keyVariableStem(provider)
  const names: string[] = []
  for (let suffix = 1; names.length < count; suffix++) {
    const candidate = suffix === 1 ? stem : `${stem}_${suffix}`
    if (taken.has(candidate)) continue
    taken.add(candidate)
    names.push(candidate)
  }
  return names
}
