import picocolors from 'picocolors'

/** Colour functions (picocolors, enabled or not). */
export type Colors = ReturnType<typeof picocolors.createColors>

/**
 * Whether to colour what goes to a stream: never with `NO_COLOR` (any non-empty value), always with
 * `FORCE_COLOR` (other than `0` or `false`), else only on a terminal that is not `TERM=dumb`. Decided
 * here, not by picocolors, which also colours when `CI` is set, pipes included.
 */
export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR) return false
  const forced = env.FORCE_COLOR
  if (forced !== undefined && forced !== '') return forced !== '0' && forced !== 'false'
  return Boolean(stream.isTTY) && env.TERM !== 'dumb'
}

/** Colours for standard output. */
export const colors: Colors = picocolors.createColors(colorEnabled(process.stdout))

/** Colours for standard error. */
export const errorColors: Colors = picocolors.createColors(colorEnabled(process.stderr))
