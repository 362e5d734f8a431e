import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { zhHans } from './zh-hans.ts'

const dashboard = join(import.meta.dirname, '..')

function sources(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name)
    if (entry.isDirectory()) return sources(path)
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : []
  })
}

describe('简体中文', () => {
  it('translates every message the dashboard shows', () => {
    const messages = new Set<string>()
    for (const file of sources(dashboard)) {
      for (const match of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'((?:[^'\\]|\\.)*)'/g))
        messages.add((match[1] ?? '').replace(/\\'/g, "'"))
    }
    expect(messages.size).toBeGreaterThan(100)
    expect([...messages].filter((message) => !(message in zhHans))).toEqual([])
  })

  it('keeps every placeholder of the English text', () => {
    for (const [english, chinese] of Object.entries(zhHans)) {
      const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort()
      expect(placeholders(chinese), english).toEqual(placeholders(english))
    }
  })
})
