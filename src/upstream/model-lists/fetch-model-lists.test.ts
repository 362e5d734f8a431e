import { http, HttpResponse, type JsonBodyType } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { jsonFixture } from '../../../test/helpers/fixtures.ts'
import { fetchAnthropicModels } from './fetch-anthropic-models.ts'
import { fetchGeminiModels } from './fetch-gemini-models.ts'
import { fetchManyProviders } from './fetch-many-providers.ts'
import { fetchOpenAIModels } from './fetch-openai-models.ts'
import { fetchProviderModels } from './fetch-provider-models.ts'

const fixture = (name: string): JsonBodyType => jsonFixture<JsonBodyType>(`models/${name}`)

const server = setupServer()
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

const base = { provider: 'p', timeoutMs: 2000 }

describe('fetchOpenAIModels', () => {
  it('reads data[].id with a Bearer key from base URL + /models', async () => {
    const seen: Array<string | null> = []
    server.use(
      http.get('https://api.openai.com/v1/models', ({ request }) => {
        seen.push(request.headers.get('authorization'))
        return HttpResponse.json(fixture('openai-models.json'))
      }),
    )
    const ids = await fetchOpenAIModels({ ...base, baseUrl: 'https://api.openai.com/v1', key: 'sk-test-1' })
    expect(ids).toContain('gpt-4o-2024-08-06')
    expect(ids).toHaveLength(20)
    expect(seen).toEqual(['Bearer sk-test-1'])
  })

  it('adds /v1 to a bare host and sends no auth without a key', async () => {
    let auth: string | null = 'unset'
    server.use(
      http.get('http://ollama.local:11434/v1/models', ({ request }) => {
        auth = request.headers.get('authorization')
        return HttpResponse.json(fixture('ollama-models.json'))
      }),
    )
    const ids = await fetchOpenAIModels({ ...base, baseUrl: 'http://ollama.local:11434', key: undefined })
    expect(ids).toEqual(['qwen3:8b', 'qwen3:32b', 'llama3.1:latest', 'deepseek-r1:14b', 'nomic-embed-text:latest'])
    expect(auth).toBeNull()
  })

  it('says what the upstream said on an error, without the key', async () => {
    server.use(
      http.get('https://relay.example.com/v1/models', () =>
        HttpResponse.json(
          { error: { message: 'Incorrect API key provided: sk-secret-value-123', type: 'invalid_request_error' } },
          { status: 401 },
        ),
      ),
    )
    const failure = fetchOpenAIModels({ ...base, baseUrl: 'https://relay.example.com', key: 'sk-secret-value-123' })
    await expect(failure).rejects.toThrow('HTTP 401: Incorrect API key provided: ***')
    await expect(failure).rejects.toMatchObject({ kind: 'authentication', provider: 'p' })
  })

  it('times out', async () => {
    server.use(http.get('https://slow.example.com/v1/models', () => new Promise<Response>(() => undefined)))
    await expect(
      fetchOpenAIModels({ ...base, timeoutMs: 50, baseUrl: 'https://slow.example.com', key: 'k' }),
    ).rejects.toMatchObject({
      kind: 'timeout',
    })
  })
})

describe('fetchAnthropicModels', () => {
  it('follows has_more / after_id across pages with x-api-key and anthropic-version', async () => {
    const requests: URL[] = []
    server.use(
      http.get('https://api.anthropic.com/v1/models', ({ request }) => {
        const url = new URL(request.url)
        requests.push(url)
        expect(request.headers.get('x-api-key')).toBe('sk-ant-1')
        expect(request.headers.get('anthropic-version')).toBe('2023-06-01')
        expect(request.headers.get('authorization')).toBeNull()
        const page = url.searchParams.get('after_id') === 'claude-3-7-sonnet-20250219' ? 2 : 1
        return HttpResponse.json(fixture(`anthropic-models-page-${page}.json`))
      }),
    )
    const ids = await fetchAnthropicModels({ ...base, baseUrl: 'https://api.anthropic.com/v1', key: 'sk-ant-1' })
    expect(ids).toHaveLength(7)
    expect(ids[0]).toBe('claude-opus-4-1-20250805')
    expect(ids.at(-1)).toBe('claude-3-haiku-20240307')
    expect(requests.map((url) => url.searchParams.get('after_id'))).toEqual([null, 'claude-3-7-sonnet-20250219'])
    expect(requests[0]?.searchParams.get('limit')).toBe('1000')
  })
})

describe('fetchGeminiModels', () => {
  it('follows page tokens, keeps generateContent models, drops the models/ prefix, keeps the key out of the URL', async () => {
    const urls: string[] = []
    server.use(
      http.get('https://generativelanguage.googleapis.com/v1beta/models', ({ request }) => {
        urls.push(request.url)
        expect(request.headers.get('x-goog-api-key')).toBe('AIza-test')
        const token = new URL(request.url).searchParams.get('pageToken')
        return HttpResponse.json(fixture(token ? 'gemini-models-page-2.json' : 'gemini-models-page-1.json'))
      }),
    )
    const ids = await fetchGeminiModels({
      ...base,
      baseUrl: 'https://generativelanguage.googleapis.com',
      key: 'AIza-test',
    })
    expect(ids).toEqual([
      'gemini-2.5-pro',
      'gemini-2.5-flash',
      'gemini-2.5-flash-lite',
      'gemini-2.0-flash-001',
      'gemini-2.5-pro-preview-05-06',
      'gemma-3-27b-it',
    ])
    expect(urls).toHaveLength(2)
    expect(urls.join(' ')).not.toContain('AIza-test')
    expect(new URL(urls[1] ?? '').searchParams.get('pageToken')).toBe('Ch1tb2RlbHMvZ2VtaW5pLWVtYmVkZGluZy0wMDE=')
  })
})

describe('fetchProviderModels', () => {
  it('takes the union over keys and reports a failing key without its value', async () => {
    server.use(
      http.get('https://relay.example.com/v1/models', ({ request }) => {
        const auth = request.headers.get('authorization')
        if (auth === 'Bearer k-one') return HttpResponse.json({ data: [{ id: 'b' }, { id: 'a' }] })
        if (auth === 'Bearer k-two') return HttpResponse.json({ data: [{ id: 'c' }, { id: 'a' }] })
        return HttpResponse.json({ error: { message: `bad key ${auth}` } }, { status: 403 })
      }),
    )
    const result = await fetchProviderModels(
      {
        name: 'relay',
        protocol: 'openai',
        baseUrl: 'https://relay.example.com',
        keys: ['k-one', 'k-bad-key-0042', 'k-two'],
      },
      { timeoutMs: 2000, pauseMs: 5 },
    )
    expect(result.ids).toEqual(['a', 'b', 'c'])
    expect(result.complete).toBe(false)
    expect(result.error).toBeUndefined()
    expect(result.keys).toEqual([
      { label: 'key 1', count: 2 },
      { label: 'key 2', error: 'HTTP 403: bad key Bearer ***' },
      { label: 'key 3', count: 2 },
    ])
  })

  it('pauses between keys', async () => {
    const times: number[] = []
    server.use(
      http.get('https://relay.example.com/v1/models', () => {
        times.push(Date.now())
        return HttpResponse.json({ data: [] })
      }),
    )
    await fetchProviderModels(
      { name: 'relay', protocol: 'openai', baseUrl: 'https://relay.example.com', keys: ['k1', 'k2'] },
      { timeoutMs: 2000, pauseMs: 120 },
    )
    expect((times[1] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(100)
  })
})

describe('fetchManyProviders', () => {
  it('one provider failing does not stop the others; progress is reported', async () => {
    server.use(
      http.get('https://down.example.com/v1/models', () => HttpResponse.error()),
      http.get('https://up.example.com/v1/models', () => HttpResponse.json(fixture('siliconflow-models.json'))),
    )
    const events: string[] = []
    const results = await fetchManyProviders(
      [
        { name: 'down', protocol: 'openai', baseUrl: 'https://down.example.com', keys: ['k'] },
        { name: 'up', protocol: 'openai', baseUrl: 'https://up.example.com', keys: ['k'] },
      ],
      {
        timeoutMs: 2000,
        concurrency: 1,
        onProgress: (event) =>
          events.push(`${event.provider} ${event.done}/${event.total}${event.result ? ' done' : ''}`),
      },
    )
    expect(results[0]?.error).toMatch(/^cannot connect/)
    expect(results[1]?.ids).toContain('Pro/deepseek-ai/DeepSeek-V3')
    expect(events).toEqual(['down 0/2', 'down 1/2 done', 'up 1/2', 'up 2/2 done'])
  })
})
