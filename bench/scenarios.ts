/** The three ways a request can reach the mock. */
export type TargetName = 'direct' | 'proxy' | 'pinai'

/** The targets in the order they are first measured (each cell rotates it). */
export const targetNames: readonly TargetName[] = ['direct', 'proxy', 'pinai']

/** One HTTP request the load generator repeats. */
export interface BenchRequest {
  url: string
  headers: Record<string, string>
  body: string
}

/** Where each target listens, and pinai's client token. */
export interface TargetUrls {
  direct: string
  proxy: string
  pinai: string
  token: string
}

/** The upstream models the mock serves (`-n` tokens, `-d` ms before each token; see mock-upstream.ts). */
export const models = {
  /** Throughput runs: 20 tokens as fast as the mock writes them. */
  burst: 'n20-d0',
  /** Time-to-first-byte runs: 10 tokens, 10 ms apart (the first after 10 ms). */
  paced: 'n10-d10',
} as const

/** A kind of traffic the benchmark measures on every target. */
export interface Scenario {
  name: string
  /** As the tables show it. */
  label: string
  stream: boolean
  /** True when pinai translates between protocols (the others forward the upstream's own protocol). */
  translated: boolean
  /** The request for a target, asking for the mock model with the given `-n…-d…` spec. */
  request(target: TargetName, urls: TargetUrls, spec: string): BenchRequest
}

// A realistic small chat request: about 1 KB of JSON, like a chat app's turn with a system prompt.
const system = 'You are a concise assistant inside a benchmark. '.repeat(12).trim()
const question =
  'Summarise the trade-offs between a write-ahead log and a copy-on-write B-tree for an embedded database, in three sentences.'

const upstreamKey = 'sk-bench-upstream'
const json = { 'content-type': 'application/json' }

function openaiBody(model: string, stream: boolean) {
  return JSON.stringify({
    model,
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: question },
    ],
    max_tokens: 256,
    temperature: 0.2,
    ...(stream ? { stream: true } : {}),
  })
}

function anthropicBody(model: string, stream: boolean) {
  return JSON.stringify({
    model,
    max_tokens: 256,
    system,
    messages: [{ role: 'user', content: question }],
    temperature: 0.2,
    ...(stream ? { stream: true } : {}),
  })
}

function geminiBody() {
  return JSON.stringify({
    systemInstruction: { parts: [{ text: system }] },
    contents: [{ role: 'user', parts: [{ text: question }] }],
    generationConfig: { maxOutputTokens: 256, temperature: 0.2 },
  })
}

/** A request straight to the mock's (or through the byte proxy to its) OpenAI endpoint. */
function upstreamOpenai(target: TargetName, urls: TargetUrls, model: string, stream: boolean): BenchRequest {
  const base = target === 'direct' ? urls.direct : urls.proxy
  return {
    url: `${base}/v1/chat/completions`,
    headers: { ...json, authorization: `Bearer ${upstreamKey}` },
    body: openaiBody(model, stream),
  }
}

function pinaiOpenai(urls: TargetUrls, model: string, stream: boolean): BenchRequest {
  return {
    url: `${urls.pinai}/openai/v1/chat/completions`,
    headers: { ...json, authorization: `Bearer ${urls.token}` },
    body: openaiBody(model, stream),
  }
}

/** The four kinds of traffic the targets name (BENCHMARKS.md, "The targets"), plus an Anthropic passthrough stream (on request). */
export const scenarios: Scenario[] = [
  {
    name: 'openai-json',
    label: 'non-stream OpenAI→OpenAI',
    stream: false,
    translated: false,
    request: (target, urls, spec) =>
      target === 'pinai'
        ? pinaiOpenai(urls, `bench-${spec}`, false)
        : upstreamOpenai(target, urls, `bench-${spec}`, false),
  },
  {
    name: 'openai-stream',
    label: 'stream OpenAI→OpenAI',
    stream: true,
    translated: false,
    request: (target, urls, spec) =>
      target === 'pinai'
        ? pinaiOpenai(urls, `bench-${spec}`, true)
        : upstreamOpenai(target, urls, `bench-${spec}`, true),
  },
  {
    name: 'anthropic-to-openai',
    label: 'stream Anthropic→OpenAI (translated)',
    stream: true,
    translated: true,
    request: (target, urls, spec) =>
      target === 'pinai'
        ? {
            url: `${urls.pinai}/anthropic/v1/messages`,
            headers: { ...json, 'x-api-key': urls.token, 'anthropic-version': '2023-06-01' },
            body: anthropicBody(`bench-${spec}`, true),
          }
        : upstreamOpenai(target, urls, `bench-${spec}`, true),
  },
  {
    name: 'openai-to-gemini',
    label: 'stream OpenAI→Gemini (translated)',
    stream: true,
    translated: true,
    request: (target, urls, spec) => {
      const model = `gemini-bench-${spec}`
      if (target === 'pinai') return pinaiOpenai(urls, model, true)
      const base = target === 'direct' ? urls.direct : urls.proxy
      return {
        url: `${base}/v1beta/models/${model}:streamGenerateContent?alt=sse`,
        headers: { ...json, 'x-goog-api-key': upstreamKey },
        body: geminiBody(),
      }
    },
  },
  {
    name: 'anthropic-stream',
    label: 'stream Anthropic→Anthropic',
    stream: true,
    translated: false,
    request: (target, urls, spec) => {
      const model = `claude-bench-${spec}`
      const base = target === 'direct' ? urls.direct : target === 'proxy' ? urls.proxy : `${urls.pinai}/anthropic`
      const key = target === 'pinai' ? urls.token : upstreamKey
      return {
        url: `${base}/v1/messages`,
        headers: { ...json, 'x-api-key': key, 'anthropic-version': '2023-06-01' },
        body: anthropicBody(model, true),
      }
    },
  },
]

/** The scenario of that name; an error naming the known ones when there is none. */
export function scenarioNamed(name: string): Scenario {
  const scenario = scenarios.find((candidate) => candidate.name === name)
  if (!scenario) throw new Error(`unknown scenario ${name} (known: ${scenarios.map((known) => known.name).join(', ')})`)
  return scenario
}

/** The scenarios `npm run bench` measures unless told otherwise (the four). */
export const defaultScenarios = ['openai-json', 'openai-stream', 'anthropic-to-openai', 'openai-to-gemini']
