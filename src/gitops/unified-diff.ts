import { relative } from 'node:path'
import { createTwoFilesPatch } from 'diff'
import { redactSecrets } from '../upstream/model-lists/redact-secrets.ts'

/**
 * The unified diff between two versions of the config file; '' when they are equal. Secrets written
 * literally in the file (`secrets`) are shown as `***` in the lines the diff shows.
 */
export function unifiedDiff(
  file: string,
  before: string,
  after: string,
  options: { cwd?: string; secrets?: readonly string[] } = {},
): string {
  if (before === after) return ''
  const name = relative(options.cwd ?? process.cwd(), file) || file
  return redactSecrets(
    createTwoFilesPatch(name, name, before, after, 'current', 'planned', { context: 3 }),
    options.secrets ?? [],
  )
}
