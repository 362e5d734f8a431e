import Anthropic from '@anthropic-ai/sdk'
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startGateway, type TestGateway } from '../helpers/gateway.ts'
import type { MockUpstream } from '../helpers/mock-upstream.ts'
import { checkAnthropicStream } from './support/anthropic-stream-check.ts'
import { answerOfChunks, answerOfCompletion, answerOfMessage, teeingFetch } from './support/collect-answer.ts'
import { classify, fixtureProviders, startFixtureUpstream, type UpstreamProtocol } from './support/fixture-upstream.ts'
import { anthropicRequests, expectedAnswers, openaiRequests, scenarios } from './support/scenarios.ts'
import { expectUpstreamRequest } from './support/upstream-expectations.ts'

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
const modes = [false, true]

/** The one upstream request a client call made, checked to be the expected scenario and mode. */
function lastUpstreamRequest(before: number, protocol: UpstreamProtocol, stream: boolean) {
  const seen = upstream.requests.slice(before)
  expect(seen).toHaveLength(1)
  const request = seen[0]
  expect(request && classify(request)).toMatchObject({ protocol, stream })
  return request as NonNullable<typeof request>
}

describe.each(upstreams)('the official OpenAI SDK, %s-protocol upstream', (protocol) => {
  describe.each(scenarios)('%s', (scenario) => {
    it.each(modes)('stream: %s', async (stream) => {
      const client = new OpenAI({ baseURL: `${gateway.url}/openai/v1`, apiKey: 'client-token', maxRetries: 0 })
      const model = `${protocol}-${scenario}`
      const before = upstream.requests.length
      const answer = stream
        ? await answerOfChunks(
            await client.chat.completions.create({
              ...openaiRequests[scenario],
              model,
              stream: true,
              stream_options: { include_usage: true },
            }),
          )
        : answerOfCompletion(await client.chat.completions.create({ ...openaiRequests[scenario], model }))
      expect(answer).toEqual(expectedAnswers[scenario])
      expectUpstreamRequest({
        client: 'openai',
        protocol,
        scenario,
        stream,
        request: lastUpstreamRequest(before, protocol, stream),
      })
    })
  })
})

describe.each(upstreams)('the official Anthropic SDK, %s-protocol upstream', (protocol) => {
  describe.each(scenarios)('%s', (scenario) => {
    it.each(modes)('stream: %s', async (stream) => {
      const tee = teeingFetch()
      const client = new Anthropic({
        baseURL: `${gateway.url}/anthropic`,
        apiKey: 'client-token',
        maxRetries: 0,
        fetch: tee.fetch,
      })
      const model = `${protocol}-${scenario}`
      const before = upstream.requests.length
      const params = { ...anthropicRequests[scenario], model }
      const message = stream
        ? await client.messages.stream(params).finalMessage()
        : await client.messages.create(params)
      expect(answerOfMessage(message)).toEqual(expectedAnswers[scenario])
      if (stream) {
        // The SDK forgives some mistakes Claude Code does not: check the raw events too.
        const [raw] = await Promise.all(tee.bodies)
        const checked = await checkAnthropicStream(raw ?? '')
        expect(checked.blocks.length).toBe(message.content.length)
      }
      expectUpstreamRequest({
        client: 'anthropic',
        protocol,
        scenario,
        stream,
        request: lastUpstreamRequest(before, protocol, stream),
      })
    })
  })
})
