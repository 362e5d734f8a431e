/** Replaces every occurrence of each secret in a text with `***` (upstreams sometimes echo the key). */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let result = text
  for (const secret of secrets) {
    if (secret.length < 4) continue
    result = result.split(secret).join('***')
  }
  return result
}
