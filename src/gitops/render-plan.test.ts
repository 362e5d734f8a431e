import picocolors from 'picocolors'
import { describe, expect, it } from 'vitest'
import type { Plan, ProviderPlan } from './plan.ts'
import { colorDiff, renderSummary } from './render-plan.ts'

const plain = picocolors.createColors(false)
const colored = picocolors.createColors(true)

const plan: Plan = {
  format: 'pinai-plan/1',
  createdAt: '2025-01-01T00:00:00.000Z',
  configFile: '/x/pinai.config.ts',
  configHash: 'h',
  prune: false,
  edits: [],
  pruneEdits: [],
  env: [{ name: 'RELAY_B_KEY', provider: 'relay-b', source: { kind: 'memory' } }],
  providers: [
    {
      provider: 'relay-a',
      action: 'sync',
      added: [
        { id: 'a', name: 'a' },
        { id: 'b', name: 'b' },
      ],
      removed: ['old'],
      renamed: [{ id: 'c-20240101', from: 'c-20240101', to: 'c' }],
      notes: ['"x" and "y" are all exposed as "x" (one pool)'],
    },
    { provider: 'relay-b', action: 'import', added: [{ id: 'm', name: 'm' }], removed: [], renamed: [], notes: [] },
    { provider: 'relay-c', action: 'sync', added: [], removed: [], renamed: [], error: 'HTTP 401: bad key', notes: [] },
    { provider: 'relay-d', action: 'sync', added: [], removed: [], renamed: [], notes: [] },
  ],
  problems: [{ where: 'relays.csv line 4', message: 'the name is empty' }],
  diff: '--- a\n+++ a\n@@ -1 +1 @@\n-x\n+y',
  changed: true,
}

describe('renderSummary', () => {
  it('says per provider what changes, what is kept, what failed, and totals', () => {
    expect(renderSummary(plan, plain).split('\n')).toEqual([
      '  relay-a: +2 models, ~1 renamed, 1 gone upstream (kept; --prune removes them): old',
      '    note: "x" and "y" are all exposed as "x" (one pool)',
      '  relay-b: new provider (keys in .env as RELAY_B_KEY), +1 model',
      '  relay-c: ✗ HTTP 401: bad key',
      '  relay-d: no changes',
      '',
      'Problems:',
      '  relays.csv line 4: the name is empty',
      '',
      'Plan: 1 new provider, 3 models added, 1 renamed, 1 new variable in .env.',
    ])
  })

  it('counts removals when pruning, and says when nothing changes', () => {
    expect(renderSummary({ ...plan, prune: true }, plain)).toContain(
      'relay-a: +2 models, ~1 renamed, -1 gone upstream: old',
    )
    expect(renderSummary({ ...plan, prune: true }, plain)).toContain('1 removed')
    const quiet: ProviderPlan = { provider: 'relay-d', action: 'sync', added: [], removed: [], renamed: [], notes: [] }
    expect(renderSummary({ ...plan, providers: [quiet], problems: [], env: [], changed: false }, plain)).toBe(
      '  relay-d: no changes\n\nNo changes. The config matches the upstreams.',
    )
  })

  it('never says the config matches when something failed or models are gone', () => {
    const unchanged = { ...plan, env: [], changed: false }
    expect(renderSummary(unchanged, plain).split('\n').at(-1)).toBe('No changes made: 1 problem above.')
    const gone: ProviderPlan = {
      provider: 'relay-a',
      action: 'sync',
      added: [],
      removed: ['old-1', 'old-2'],
      renamed: [],
      notes: [],
    }
    expect(renderSummary({ ...unchanged, providers: [gone], problems: [] }, plain).split('\n')).toEqual([
      '  relay-a: 2 gone upstream (kept; --prune removes them): old-1, old-2',
      '',
      'No changes to the config, but 2 models gone upstream are kept (--prune removes them).',
    ])
  })
})

describe('colorDiff', () => {
  it('colours additions green and removals red, leaving the text', () => {
    const lines = colorDiff(plan.diff, colored).split('\n')
    expect(lines[3]).toBe(colored.red('-x'))
    expect(lines[4]).toBe(colored.green('+y'))
    expect(colorDiff(plan.diff, plain)).toBe(plan.diff)
  })
})
