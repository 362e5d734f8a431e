import { readFileSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..', '..', 'fixtures')

/** A fixture file's text (`path` under `fixtures/`). */
export function textFixture(path: string): string {
  return readFileSync(join(root, path), 'utf8')
}

/** A JSON fixture, parsed. */
export function jsonFixture<T = Record<string, unknown>>(path: string): T {
  return JSON.parse(textFixture(path)) as T
}

/** An SSE transcript fixture, split into its events (each with its blank line). */
export function sseFixture(path: string): string[] {
  return textFixture(path)
    .split(/(?<=\n\n)/)
    .filter((frame) => frame.trim())
}
