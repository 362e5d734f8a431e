/** The message to print for an error of a gitops command (a config error lists every problem and its path). */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
