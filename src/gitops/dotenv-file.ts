import { readFile } from 'node:fs/promises'
import { basename, dirname } from 'node:path'
import { loadDotenv } from 'c12'
import { writeFileAtomic } from './write-file-atomic.ts'

/** A variable to add to `.env`. */
export interface EnvValue {
  name: string
  value: string
}

/** The variables a `.env` file defines (none when it does not exist). */
export async function readDotenv(file: string): Promise<Record<string, string>> {
  const values = await loadDotenv({ cwd: dirname(file), fileName: basename(file), interpolate: false })
  return Object.fromEntries(
    Object.entries(values).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  )
}

/** A value as dotenv reads it back unchanged: bare when safe, else quoted. */
export function formatDotenvValue(value: string): string {
  if (/^[\w.\-+/=:@~,]*$/.test(value)) return value
  if (!value.includes("'") && !value.includes('\n')) return `'${value}'`
  if (!value.includes('"')) return `"${value.replace(/\n/g, '\\n')}"`
  return `\`${value}\``
}

/**
 * Appends variables to a `.env` file (created with mode 0600 when missing), atomically, under a
 * comment saying where they came from. Existing lines are kept as they are.
 */
export async function appendDotenv(file: string, values: readonly EnvValue[], comment: string): Promise<void> {
  if (values.length === 0) return
  const current = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined
    throw error
  })
  const lines = [`# ${comment}`, ...values.map(({ name, value }) => `${name}=${formatDotenvValue(value)}`)]
  const head = current === undefined || current === '' ? '' : current.endsWith('\n') ? `${current}\n` : `${current}\n\n`
  await writeFileAtomic(file, `${head}${lines.join('\n')}\n`, 0o600)
}
