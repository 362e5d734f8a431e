import type { PinaiConfig } from '../config/schema.ts'

// Shorter values (a local server's `ollama`) would blank ordinary words: they are not looked for.
const SHORTEST_SECRET = 8

const secrets = new Set<string>()

/** Registers values that must never be printed (keys, tokens, passwords), in every form they may take. */
export function hideInOutput(values: Iterable<string | undefined>): void {
  for (const value of values) {
    if (!value || value.length < SHORTEST_SECRET) continue
    secrets.add(value)
    secrets.add(encodeURIComponent(value))
  }
}

/** The secret values of a loaded config: keys, tokens, header values and the database password. */
export function configSecrets(config: PinaiConfig): string[] {
  const storage = typeof config.storage === 'string' ? config.storage : config.storage?.url
  let password: string | undefined
  try {
    password = storage ? decodeURIComponent(new URL(storage).password) : undefined
  } catch {
    password = undefined
  }
  return [
    ...config.auth.tokens,
    config.auth.adminToken ?? '',
    ...config.auth.clients.map((client) => client.token),
    ...config.providers.flatMap((provider) => [...provider.keys, ...Object.values(provider.headers ?? {})]),
    password ?? '',
  ]
}

/**
 * The one place the `pinai` command's output passes through: every registered secret is replaced by
 * `***` (an upstream may echo a key in an error, a config may hold one literally).
 */
export function redactOutput(text: string): string {
  let result = text
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) if (result.includes(secret)) result = result.split(secret).join('***')
  return result
}

/** Writes a line to standard output, secrets hidden. */
export function printLine(text: string): void {
  process.stdout.write(`${redactOutput(text)}\n`)
}

/** Writes a line to standard error, secrets hidden. */
export function printError(text: string): void {
  process.stderr.write(`${redactOutput(text)}\n`)
}
