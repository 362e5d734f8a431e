import { describe, expect, it } from 'vitest'
import { createDropLog, LISTED_CHARACTERS } from './drop-log.ts'

function logged() {
  const lines: string[] = []
  return { lines, drops: createDropLog({ warn: (line) => void lines.push(line) }, 'anthropic stream') }
}

describe('createDropLog', () => {
  it('logs what was dropped as one line, repeats counted', () => {
    const { lines, drops } = logged()
    drops.drop('server_tool_use block')
    drops.drop('server_tool_use block')
    drops.drop('web_search_tool_result block')
    drops.flush()
    drops.flush()
    expect(lines).toEqual(['anthropic stream: server_tool_use block (×2); web_search_tool_result block'])
  })

  it('keeps what an upstream names anew in every event bounded, and cuts none of it', () => {
    const { lines, drops } = logged()
    const long = `${'x'.repeat(LISTED_CHARACTERS)} block`
    drops.drop('known block')
    drops.drop(long)
    for (let index = 0; index < 100_000; index++) drops.drop(`kind-${index} block`)
    drops.drop('known block')
    drops.flush()
    expect(lines).toHaveLength(1)
    const line = lines[0] ?? ''
    expect(line.length).toBeLessThan(LISTED_CHARACTERS + 100)
    expect(line).toMatch(/^anthropic stream: known block \(×2\); kind-0 block; kind-1 block; /)
    expect(line).not.toContain('xxx')
    expect(line).toMatch(/; \d+ more not listed$/)
    const listed = line.split('; ').length - 1
    // Every drop is either listed or counted.
    expect(Number(/(\d+) more not listed$/.exec(line)?.[1]) + listed).toBe(100_000 + 2)
  })
})
