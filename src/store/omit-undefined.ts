/** Deletes the keys whose value is undefined, so stored and re-read records compare equal. */
export function omitUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) {
    if (value[key] === undefined) delete value[key]
  }
  return value
}
