import { isReference } from '../config/resolve-secrets.ts'
import type { ConfigEdit } from './config-edit.ts'
import { allocateKeyVariables } from './env-names.ts'
import type { EnvAddition } from './plan.ts'

/**
 * Makes sure no edit writes a key value into the config: an added provider's literal keys become
 * new `.env` variables (held in memory until apply) and the edit gets `${VAR}` references.
 */
export function referenceKeys(edits: readonly ConfigEdit[], taken: Set<string>) {
  const env: EnvAddition[] = []
  const secrets = new Map<string, string>()
  const safe = edits.map((edit): ConfigEdit => {
    if (edit.op !== 'add-provider' || !edit.provider.keys) return edit
    const literal = edit.provider.keys.filter((key) => key !== '' && !isReference(key))
    if (literal.length === 0) return edit
    const names = allocateKeyVariables(edit.provider.name, literal.length, taken)
    literal.forEach((value, index) => {
      const name = names[index] as string
      secrets.set(name, value)
      env.push({ name, provider: edit.provider.name, source: { kind: 'memory' } })
    })
    let next = 0
    const keys = edit.provider.keys.map((key) => (key !== '' && !isReference(key) ? `\${${names[next++]}}` : key))
    return { ...edit, provider: { ...edit.provider, keys } }
  })
  return { edits: safe, env, secrets }
}
