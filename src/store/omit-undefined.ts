/**
 * A copy without the keys whose value is undefined, so stored and re-read records compare equal.
 * Built afresh rather than with `delete`: a deleted key turns a V8 object into a slow dictionary, and
 * every log record goes through here on its way to the store (cloned, read field by field).
 */
export function omitUndefined<T extends object>(value: T): T {
  const result: Record<string, unknown> = {}
  for (const key in value) {
    const field = value[key]
    if (field !== undefined) result[key] = field
  }
  return result as T
}
