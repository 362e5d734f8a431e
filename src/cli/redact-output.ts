import { createRedactor, secretsOf, type Redactor } from '../config/redactor.ts'
import type { PinaiConfig } from '../config/schema.ts'

const secrets = new Set<string>()
let redactor: Redactor = createRedactor([])

/** Registers values that must never be printed (keys, tokens, passwords); found in every form the config's redactor knows. */
export function hideInOutput(values: Iterable<string | undefined>): void {
  for (const value of values) if (value) secrets.add(value)
  redactor = createRedactor(secrets)
}

/** The secret values of a loaded config: keys, tokens, header values and the database password. */
export function configSecrets(config: PinaiConfig): string[] {
  return secretsOf(config)
}

/**
 * The one place the `pinai` command's output passes through: every registered secret is replaced by
 * `***` (an upstream may echo a key in an error, a config may hold one literally).
 */
export function redactOutput(text: string): string {
  return redactor(text)
}

/** Writes a line to standard output, secrets hidden. */
export function printLine(text: string): void {
  process.stdout.write(`${redactOutput(text)}\n`)
}

/** Writes a line to standard error, secrets hidden. */
export function printError(text: string): void {
  process.stderr.write(`${redactOutput(text)}\n`)
}
