import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startGateway, type TestGateway } from '../helpers/gateway.ts'
import type { MockUpstream } from '../helpers/mock-upstream.ts'
import { classify, fixtureProviders, startFixtureUpstream, type UpstreamProtocol } from './support/fixture-upstream.ts'
import { answerOfResponse, responsesRequests } from './support/responses-answer.ts'
import { expectedAnswers, scenarios } from './support/scenarios.ts'

let upstream: MockUpstream
let gateway: TestGateway

beforeAll(async () => {
  upstream = await startFixtureUpstream()
  gateway = await startGateway({ auth: { tokens: ['client-token'] }, providers: fixtureProviders(upstream.url) })
})

afterAll(async () => {
  await gateway.close()
  await upstream.close()
})

const upstreams: UpstreamProtocol[] = ['openai', 'anthropic', 'gemini']

function lastUpstreamRequest(before: number, protocol: UpstreamProtocol, stream: boolean) {
  const seen = upstream.requests.slice(before)
  expect(seen).toHaveLength(1)
  const request = seen[0]
  expect(request && classify(request)).toMatchObject({ protocol, stream })
  return request as NonNullable<typeof request>
}

describe.each(upstreams)('the OpenAI SDK’s Responses calls, %s-protocol upstream', (protocol) => {
  describe.each(scenarios)('%s', (scenario) => {
    it('responses.create', async () => {
      const client = new OpenAI({ baseURL: `${gateway.url}/openai/v1`, apiKey: 'client-token', maxRetries: 0 })
      const before = upstream.requests.length
      const response = await client.responses.create({ ...responsesRequests[scenario], model: `${protocol}-${scenario}` })
      expect(answerOfResponse(response)).toEqual(expectedAnswers[scenario])
      expect(response.model).toBe(`${protocol}-${scenario}`)
      lastUpstreamRequest(before, protocol, false)
    })

    it('responses.stream', async () => {
      const client = new OpenAI({ baseURL: `${gateway.url}/openai/v1`, apiKey: 'client-token', maxRetries: 0 })
      const before = upstream.requests.length
      const stream = client.responses.stream({ ...responsesRequests[scenario], model: `${protocol}-${scenario}` })
      let deltas = ''
      let lastSequence = -1
      const doneItems: string[] = []
      for await (const event of stream) {
        expect(event.sequence_number).toBe(lastSequence + 1)
        lastSequence = event.sequence_number
        if (event.type === 'response.output_text.delta') deltas += event.delta
        if (event.type === 'response.output_item.done') doneItems.push(event.item.type)
      }
      const response = await stream.finalResponse()
      const answer = answerOfResponse(response)
      expect(answer).toEqual(expectedAnswers[scenario])
      expect(deltas).toBe(answer.text)
      // Codex takes what it shows and runs only from the finished items.
      expect(doneItems).toEqual(response.output.map((item) => item.type))
      lastUpstreamRequest(before, protocol, true)
    })
  })
})
