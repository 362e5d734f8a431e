import Anthropic, { APIError as AnthropicApiError } from '@anthropic-ai/sdk'
import OpenAI, { APIError as OpenaiApiError } from 'openai'

/** The two protocols a client can speak to pinai. */
export type Inbound = 'openai' | 'anthropic'

/** One provider of a test pool. */
export interface PoolEntry {
  name: string
  protocol: Inbound
  /** The upstream's origin (`http://127.0.0.1:port`). */
  origin: string
  /** Upstream model id, whose prefix scripts the upstream's behaviour. */
  id: string
  priority?: number
  keys?: string[]
}

/** Fast timeouts so the tests of hangs take fractions of a second. */
export const fastRouting = {
  firstByteTimeout: '400ms',
  idleTimeout: '400ms',
  keepAliveInterval: '100ms',
  cooldown: { base: '5s', max: '1m' },
  maxAttempts: 4,
}

/** A config whose pool for the name `m` is the given providers. */
export function poolConfig(entries: PoolEntry[], routing: Record<string, unknown> = {}) {
  return {
    routing: { ...fastRouting, ...routing },
    providers: entries.map((entry) => ({
      name: entry.name,
      protocol: entry.protocol,
      baseUrl: entry.protocol === 'openai' ? `${entry.origin}/v1` : entry.origin,
      keys: entry.keys ?? [],
      priority: entry.priority ?? 0,
      models: [{ id: entry.id, name: 'm' }],
    })),
  }
}

const messages = [{ role: 'user' as const, content: 'Say hello' }]

/** An official SDK client pointed at the gateway, without its own retries. */
export function openaiClient(gateway: string): OpenAI {
  return new OpenAI({ baseURL: `${gateway}/openai/v1`, apiKey: 'client-token', maxRetries: 0 })
}

/** An official SDK client pointed at the gateway, without its own retries. */
export function anthropicClient(gateway: string): Anthropic {
  return new Anthropic({ baseURL: `${gateway}/anthropic`, apiKey: 'client-token', maxRetries: 0 })
}

/** Asks for model `m` through the official SDK of `inbound` and returns the answer's text. */
export async function ask(
  inbound: Inbound,
  gateway: string,
  stream: boolean,
  onText?: (text: string) => void,
): Promise<string> {
  let text = ''
  const add = (piece: string) => {
    text += piece
    onText?.(text)
  }
  if (inbound === 'openai') {
    const client = openaiClient(gateway)
    if (!stream)
      return (await client.chat.completions.create({ model: 'm', messages })).choices[0]?.message.content ?? ''
    for await (const chunk of await client.chat.completions.create({ model: 'm', messages, stream: true }))
      add(chunk.choices[0]?.delta.content ?? '')
    return text
  }
  const client = anthropicClient(gateway)
  if (!stream) {
    const message = await client.messages.create({ model: 'm', max_tokens: 64, messages })
    return message.content.map((block) => (block.type === 'text' ? block.text : '')).join('')
  }
  for await (const event of await client.messages.create({ model: 'm', max_tokens: 64, messages, stream: true })) {
    if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') add(event.delta.text)
  }
  return text
}

/** The SDK error `ask` ends with; fails the test when it succeeds instead. */
export async function askFailing(
  inbound: Inbound,
  gateway: string,
  stream: boolean,
  onText?: (text: string) => void,
): Promise<OpenaiApiError | AnthropicApiError> {
  try {
    const text = await ask(inbound, gateway, stream, onText)
    throw new Error(`expected an error, got the answer "${text}"`)
  } catch (error) {
    if (error instanceof OpenaiApiError || error instanceof AnthropicApiError) return error
    throw error
  }
}

/** A raw request for model `m`, for asserting bytes the SDKs hide. */
export function rawAsk(inbound: Inbound, gateway: string, stream: boolean, signal?: AbortSignal): Promise<Response> {
  const path = inbound === 'openai' ? '/openai/v1/chat/completions' : '/anthropic/v1/messages'
  return fetch(`${gateway}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer client-token' },
    body: JSON.stringify({ model: 'm', max_tokens: 64, stream, messages }),
    signal,
  })
}
