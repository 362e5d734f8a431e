import { createRedactor } from '../../config/redactor.ts'

/** Replaces every occurrence of each secret in a text (upstreams sometimes echo the key). */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  return createRedactor(secrets)(text)
}
