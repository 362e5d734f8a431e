import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestGateway } from '../helpers/gateway.ts'
import { findProblems, startFuzzTarget, type FuzzTarget } from './fuzz-target.ts'

/** Mutated requests per client protocol (CI runs the full count; set lower for a quick local run). */
const COUNT = Number(process.env.PINAI_FUZZ_COUNT ?? 20_000)

let fuzz: FuzzTarget
let target: TestGateway

beforeAll(async () => {
  fuzz = await startFuzzTarget()
  target = fuzz.target
})

afterAll(() => fuzz.close())

const value = fc.jsonValue({ maxDepth: 3 })
const role = fc.oneof(fc.constantFrom('user', 'assistant', 'system', 'tool', 'developer'), fc.string({ maxLength: 8 }))
const part = fc.oneof(
  fc.record(
    {
      type: fc.constantFrom('text', 'image_url', 'image', 'tool_use', 'tool_result', 'thinking', 'input_audio', 'file'),
      text: fc.oneof(fc.string(), value),
    },
    { requiredKeys: [] },
  ),
  fc.record({
    type: fc.constant('image_url'),
    image_url: fc.oneof(
      fc.record({ url: fc.oneof(fc.constant('data:image/png;base64,iVBORw0KGgo='), fc.string()) }),
      value,
    ),
  }),
  fc.record({
    type: fc.constant('image'),
    source: fc.oneof(
      fc.record(
        { type: fc.constantFrom('base64', 'url'), media_type: fc.string(), data: fc.string() },
        { requiredKeys: [] },
      ),
      value,
    ),
  }),
  fc.record(
    { type: fc.constant('tool_use'), id: fc.string(), name: fc.string(), input: value },
    { requiredKeys: ['type'] },
  ),
  fc.record(
    { type: fc.constant('tool_result'), tool_use_id: fc.string(), content: fc.oneof(fc.string(), value) },
    { requiredKeys: ['type'] },
  ),
  value,
)
const message = fc.oneof(
  fc.record({ role, content: fc.oneof(fc.string(), fc.array(part, { maxLength: 3 }), value) }, { requiredKeys: [] }),
  fc.record(
    {
      role: fc.constant('assistant'),
      content: fc.oneof(fc.constant(null), fc.string()),
      tool_calls: fc.oneof(
        value,
        fc.array(
          fc.record(
            {
              id: fc.string(),
              type: fc.constant('function'),
              function: fc.record({ name: fc.string(), arguments: fc.oneof(fc.string(), value) }),
            },
            { requiredKeys: [] },
          ),
          { maxLength: 2 },
        ),
      ),
    },
    { requiredKeys: ['role'] },
  ),
  value,
)
const tool = fc.oneof(
  fc.record(
    {
      type: fc.constant('function'),
      function: fc.record({ name: fc.string(), description: fc.string(), parameters: value }, { requiredKeys: [] }),
    },
    { requiredKeys: [] },
  ),
  fc.record({ name: fc.string(), description: fc.string(), input_schema: value }, { requiredKeys: [] }),
  value,
)

/** A request that is mostly right and partly anything: the fields each protocol reads, each possibly wrong. */
const body = fc.record(
  {
    model: fc.oneof(fc.constantFrom('to-openai', 'to-anthropic'), value),
    messages: fc.oneof(fc.array(message, { maxLength: 4 }), value),
    system: fc.oneof(fc.string(), fc.array(part, { maxLength: 2 }), value),
    max_tokens: fc.oneof(fc.integer({ min: -5, max: 100_000 }), value),
    stream: fc.oneof(fc.boolean(), value),
    temperature: fc.oneof(fc.double(), value),
    tools: fc.oneof(fc.array(tool, { maxLength: 2 }), value),
    tool_choice: fc.oneof(fc.constantFrom('auto', 'none', 'required', 'any'), value),
    thinking: fc.oneof(
      fc.record(
        { type: fc.constantFrom('enabled', 'disabled', 'adaptive'), budget_tokens: fc.oneof(fc.integer(), value) },
        { requiredKeys: [] },
      ),
      value,
    ),
    response_format: value,
    stream_options: value,
    stop: value,
    metadata: value,
    n: value,
  },
  { requiredKeys: ['model'] },
)

/** Raw texts too: not JSON, JSON that is not an object, an object with odd keys. */
const text = fc.oneof(
  { weight: 8, arbitrary: body.map((object) => JSON.stringify(object)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 64 }) },
  { weight: 1, arbitrary: value.map((json) => JSON.stringify(json)) },
)

function hasErrorShape(protocol: 'openai' | 'anthropic', json: unknown): boolean {
  const object = json as { type?: unknown; error?: { message?: unknown; type?: unknown } }
  if (typeof object?.error?.message !== 'string' || typeof object.error.type !== 'string') return false
  return protocol === 'openai' ? object.type === undefined : object.type === 'error'
}

describe.each([
  ['openai', '/openai/v1/chat/completions'],
  ['anthropic', '/anthropic/v1/messages'],
] as const)('%s client API under mutated requests', (protocol, path) => {
  it(`answers ${COUNT} of them without a 5xx, every error in its own shape`, async () => {
    const samples = fc.sample(text, { numRuns: COUNT, seed: protocol === 'openai' ? 42 : 4242 })
    const problems = await findProblems(samples, async (sent) => {
      const response = await fetch(`${target.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer client-token' },
        body: sent,
      })
      const answer = await response.text()
      if (response.status >= 500) return `${response.status} for ${sent.slice(0, 300)}: ${answer.slice(0, 300)}`
      if (response.status >= 400 && !hasErrorShape(protocol, JSON.parse(answer)))
        return `bad error shape for ${sent.slice(0, 200)}: ${answer.slice(0, 200)}`
      return undefined
    })
    expect(problems).toEqual([])
    expect((await fetch(`${target.url}/healthz`)).status).toBe(200)
  }, 300_000)
})
