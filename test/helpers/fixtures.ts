import { readFileSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..', '..', 'fixtures')

/** A JSON fixture, parsed. */
export function jsonFixture<T = Record<string, unknown>>(path: string): T {
  return JSON.parse(readFileSync(join(root, path), 'utf8')) as T
}

/** An SSE transcript fixture, split into its events (each with its blank line). */
export function sseFixture(path: string): string[] {
  const text = readFileSync(join(root, path), 'utf8')
  return text.split(/(?<=\n\n)/).filter((frame) => frame.trim())
}
