import { describe, expect, it } from 'vitest'
import { compilePipeline } from '../models/compile-pipeline.ts'
import { diffProviderModels } from './diff-provider-models.ts'

const pipeline = compilePipeline('default', ['lowercase', 'strip-group-tag', 'unify-hyphens', 'strip-date-suffix'])

describe('diffProviderModels', () => {
  const configured = [
    'gpt-4o-mini',
    { id: 'old-model', enabled: true },
    { id: 'gpt-4o-2024-08-06', name: 'my-gpt', enabled: false, auto: true },
  ]

  it('adds new ids as they are without a pipeline, and lists ids gone upstream', () => {
    const diff = diffProviderModels('p', configured, ['gpt-4o-mini', 'gpt-4o-2024-08-06', 'Qwen/Qwen3-8B'], {
      complete: true,
    })
    expect(diff.added).toEqual([{ id: 'Qwen/Qwen3-8B', name: 'Qwen/Qwen3-8B' }])
    expect(diff.removed).toEqual(['old-model'])
    expect(diff.renamed).toEqual([])
    expect(diff.edits).toEqual([{ op: 'add-models', provider: 'p', models: ['Qwen/Qwen3-8B'] }])
    expect(diff.pruneEdits).toEqual([{ op: 'remove-models', provider: 'p', ids: ['old-model'] }])
  })

  it('with a pipeline: names new ids, renames existing ones whose name would change', () => {
    const diff = diffProviderModels('p', configured, ['gpt-4o-mini', 'gpt-4o-2024-08-06', 'Qwen/Qwen3-8B'], {
      pipeline,
      complete: true,
    })
    expect(diff.added).toEqual([{ id: 'Qwen/Qwen3-8B', name: 'qwen3-8b' }])
    expect(diff.renamed).toEqual([{ id: 'gpt-4o-2024-08-06', from: 'my-gpt', to: 'gpt-4o' }])
    expect(diff.edits).toEqual([
      { op: 'add-models', provider: 'p', models: [{ id: 'Qwen/Qwen3-8B', name: 'qwen3-8b', auto: true }] },
      { op: 'rename-model', provider: 'p', id: 'gpt-4o-2024-08-06', name: 'gpt-4o', auto: true },
    ])
  })

  it('keeps a name the user wrote (no auto mark) and says what the pipeline would have made', () => {
    const diff = diffProviderModels(
      'p',
      [{ id: 'gpt-4o-2024-08-06', name: 'my-gpt', enabled: true }],
      ['gpt-4o-2024-08-06'],
      { pipeline, complete: true },
    )
    expect(diff.renamed).toEqual([])
    expect(diff.edits).toEqual([])
    expect(diff.notes).toEqual([
      '"gpt-4o-2024-08-06" keeps its pinned name "my-gpt" (the pipeline would name it "gpt-4o")',
    ])
  })

  it('treats ids that differ only in case as one model', () => {
    const diff = diffProviderModels('p', ['GPT-4o'], ['gpt-4o'], { complete: true })
    expect(diff.added).toEqual([])
    expect(diff.removed).toEqual([])
    expect(diff.notes).toEqual(['upstream lists "GPT-4o" as "gpt-4o" (same model; the config keeps its spelling)'])
  })

  it('never calls a model gone that modelMapping points at, nor everything gone on an empty list', () => {
    const mapped = diffProviderModels('p', ['a', { id: 'up/b', name: 'b', enabled: true }], ['a'], {
      complete: true,
      mapped: new Set(['b']),
    })
    expect(mapped.removed).toEqual([])
    expect(mapped.notes).toEqual([
      '"up/b" is not listed upstream but modelMapping points at "b": kept, not marked as gone',
    ])
    const empty = diffProviderModels('p', ['a', 'b'], [], { complete: true })
    expect(empty.removed).toEqual([])
    expect(empty.notes).toEqual(['the upstream listed no models: nothing is marked as gone'])
  })

  it('takes only the new models the filter lets through', () => {
    const diff = diffProviderModels('p', [], ['gpt-4o', 'gpt-4o-mini', 'o3'], {
      complete: true,
      take: (model) => model.id.startsWith('gpt'),
    })
    expect(diff.added.map((model) => model.id)).toEqual(['gpt-4o', 'gpt-4o-mini'])
    expect(diff.notes).toEqual(['1 new model not taken (not selected)'])
  })

  it('marks nothing as gone when not every key answered', () => {
    const diff = diffProviderModels('p', configured, ['gpt-4o-mini'], { complete: false })
    expect(diff.removed).toEqual([])
    expect(diff.pruneEdits).toEqual([])
  })

  it('notes ids that end up sharing one name', () => {
    const diff = diffProviderModels('p', ['gpt-4o'], ['gpt-4o', 'gpt-4o-2024-08-06', 'gpt-4o-2024-11-20'], {
      pipeline,
      complete: true,
    })
    expect(diff.notes).toEqual([
      '"gpt-4o" and "gpt-4o-2024-08-06" and "gpt-4o-2024-11-20" are all exposed as "gpt-4o" (one pool)',
    ])
  })
})
