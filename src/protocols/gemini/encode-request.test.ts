import { describe, expect, it } from 'vitest'
import type { IRRequest } from '../../ir/request.ts'
import { createGeminiCodec } from './index.ts'

/** Encodes through a fresh codec whose logger collects its warnings in `warnings`. */
function encodeRequest(request: IRRequest, upstreamModel: string, warnings: string[] = []) {
  return createGeminiCodec({ logger: { warn: (message) => void warnings.push(message) } }).encodeRequest(
    request,
    upstreamModel,
  )
}

const base: IRRequest = {
  model: 'm',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'q' }] }],
  sampling: {},
  stream: false,
  includeUsage: false,
}

describe('encodeRequest', () => {
  it('maps sampling, stop sequences (at most five, with a warning) and tool choice', () => {
    const warnings: string[] = []
    const call = encodeRequest(
      {
        ...base,
        sampling: {
          maxTokens: 100,
          temperature: 1.5,
          topP: 0.9,
          topK: 20,
          stopSequences: ['a', 'b', 'c', 'd', 'e', 'f'],
          seed: 3,
          presencePenalty: 0.1,
          frequencyPenalty: 0.2,
        },
        tools: [{ type: 'function', name: 'f', parameters: { type: 'object', properties: {} } }],
        toolChoice: { type: 'tool', name: 'f' },
      },
      'gemini-2.5-flash',
      warnings,
    )
    expect(call.body).toEqual({
      contents: [{ role: 'user', parts: [{ text: 'q' }] }],
      tools: [{ functionDeclarations: [{ name: 'f' }] }],
      toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['f'] } },
      generationConfig: {
        maxOutputTokens: 100,
        temperature: 1.5,
        topP: 0.9,
        topK: 20,
        stopSequences: ['a', 'b', 'c', 'd', 'e'],
        seed: 3,
        presencePenalty: 0.1,
        frequencyPenalty: 0.2,
      },
    })
    expect(warnings.join('\n')).toContain('stop sequences')
  })

  it('asks for JSON with the full schema on 2.5 and a cleaned responseSchema on older models', () => {
    const schema = { $schema: 'x', type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false }
    const request: IRRequest = { ...base, responseFormat: { type: 'json_schema', schema } }
    expect((encodeRequest(request, 'gemini-2.5-flash').body as { generationConfig: unknown }).generationConfig).toEqual(
      {
        responseMimeType: 'application/json',
        responseJsonSchema: schema,
      },
    )
    expect((encodeRequest(request, 'gemini-2.0-flash').body as { generationConfig: unknown }).generationConfig).toEqual(
      {
        responseMimeType: 'application/json',
        responseSchema: { type: 'object', properties: { a: { type: 'string' } } },
      },
    )
    const jsonObject = encodeRequest({ ...base, responseFormat: { type: 'json_object' } }, 'gemini-2.5-flash')
    expect((jsonObject.body as { generationConfig: unknown }).generationConfig).toEqual({
      responseMimeType: 'application/json',
    })
  })

  it("names what it drops: other protocols' extra fields, user, provider tools, parallel_tool_calls=false", () => {
    const warnings: string[] = []
    encodeRequest(
      {
        ...base,
        user: 'u1',
        parallelToolCalls: false,
        extra: { protocol: 'openai', fields: { logprobs: true, n: 2 } },
        tools: [
          {
            type: 'provider',
            origin: { protocol: 'anthropic' },
            name: 'web_search',
            raw: { type: 'web_search_20250305' },
          },
        ],
      },
      'gemini-2.5-flash',
      warnings,
    )
    const text = warnings.join('\n')
    for (const name of ['logprobs', 'n', 'user', 'web_search', 'parallel_tool_calls']) expect(text).toContain(name)
  })
})
