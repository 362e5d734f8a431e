import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { tuneHeap } from './tune-heap.ts'

// Churns objects that live long enough to reach the old generation (a ring of 100k) beside 200k that
// stay, and prints the old space's largest size. Run in a child: the flag is the whole process's.
const churn = (tune: boolean) => `
import { getHeapSpaceStatistics } from 'node:v8'
${tune ? `const { tuneHeap } = await import(${JSON.stringify(new URL('./tune-heap.ts', import.meta.url).href)}); tuneHeap()` : ''}
const kept = []
for (let i = 0; i < 200_000; i++) kept.push({ a: i, b: 'x' + i, c: [i, i] })
const ring = new Array(100_000)
let largest = 0
for (let i = 0; i < 8_000_000; i++) {
  ring[i % ring.length] = { i, s: 'y' + (i & 1023), list: [i] }
  if (i % 50_000 === 0) largest = Math.max(largest, getHeapSpaceStatistics().find((s) => s.space_name === 'old_space').space_size)
}
console.log(largest / 2 ** 20, kept.length)
`
const largestOldSpaceMiB = (tune: boolean) =>
  Number.parseFloat(
    execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', churn(tune)], {
      encoding: 'utf8',
    }),
  )

describe('tuneHeap', () => {
  it('keeps the old generation near what lives in it, where V8 alone lets it grow to several times that', () => {
    const tuned = largestOldSpaceMiB(true)
    const untuned = largestOldSpaceMiB(false)
    // Here: ~70 MiB tuned, ~200 MiB without.
    expect(tuned).toBeLessThan(untuned * 0.6)
  }, 60_000)

  it('leaves a growing step chosen on the command line alone', () => {
    expect(tuneHeap(['--heap-growing-percent=50'])).toBe(false)
    expect(tuneHeap(['--max-old-space-size=512', '--heap_growing_percent=5'])).toBe(false)
  })
})
