import { relative } from 'node:path'
import { createTwoFilesPatch } from 'diff'

/** The unified diff between two versions of the config file; '' when they are equal. */
export function unifiedDiff(file: string, before: string, after: string, cwd = process.cwd()): string {
  if (before === after) return ''
  const name = relative(cwd, file) || file
  return createTwoFilesPatch(name, name, before, after, 'current', 'planned', { context: 3 })
}
