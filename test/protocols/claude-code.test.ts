import { describe, expect, it } from 'vitest'
import type { JsonObject } from '../../src/ir/json.ts'
import { createAnthropicCodec } from '../../src/protocols/anthropic/index.ts'
import { createOpenAICodec } from '../../src/protocols/openai/index.ts'
import { fixtureJson, recordingLogger } from '../helpers/protocol-fixtures.ts'

const headers = new Headers({
  'anthropic-version': '2023-06-01',
  'anthropic-beta': 'interleaved-thinking-2025-05-14,fine-grained-tool-streaming-2025-05-14',
})

describe('a Claude Code request (cached system blocks, thinking, tools, metadata)', () => {
  const request = fixtureJson('anthropic', 'claude-code-request.json') as JsonObject

  it('goes through the IR to an Anthropic upstream unchanged (model renamed), beta header kept', () => {
    const logger = recordingLogger()
    const anthropic = createAnthropicCodec({ logger })
    const call = anthropic.encodeRequest(anthropic.decodeRequest(request, headers), 'claude-sonnet-4-5-20250929')
    expect(call.body).toStrictEqual(request)
    expect(call.headers).toStrictEqual({
      'anthropic-version': '2023-06-01',
      'anthropic-beta': headers.get('anthropic-beta'),
    })
    expect(logger.messages).toStrictEqual([])
  })

  it('translates to an OpenAI-compatible upstream: one system message, effort from the budget, user from metadata', () => {
    const logger = recordingLogger()
    const ir = createAnthropicCodec({ logger }).decodeRequest(request, headers)
    const call = createOpenAICodec({ logger }).encodeRequest(ir, 'deepseek-chat')
    expect(call.body).toStrictEqual({
      model: 'deepseek-chat',
      max_tokens: 32000,
      stream: true,
      stream_options: { include_usage: true },
      reasoning_effort: 'high',
      user: 'user_abc_account_def_session_123',
      messages: [
        {
          role: 'system',
          content:
            "You are Claude Code, Anthropic's official CLI for Claude.\n\nYou are an interactive CLI tool that helps users with software engineering tasks.",
        },
        {
          role: 'user',
          content: [
            {
              type: 'text',
              text: "<system-reminder>As you answer the user's questions, you can use the following context.</system-reminder>",
            },
            { type: 'text', text: 'What does src/index.ts export?' },
          ],
        },
        {
          role: 'assistant',
          content: 'Let me read it.',
          tool_calls: [
            {
              id: 'toolu_01Read',
              type: 'function',
              function: { name: 'Read', arguments: '{"file_path":"/repo/src/index.ts"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'toolu_01Read', content: '     1\texport const x = 1\n' },
      ],
      tools: (request.tools as JsonObject[]).map((tool) => ({
        type: 'function',
        function: { name: tool.name, description: tool.description, parameters: tool.input_schema },
      })),
    })
    const warnings = logger.messages.join('\n')
    for (const word of ['cache_control', 'reasoning in assistant history', 'anthropic header anthropic-beta'])
      expect(warnings).toContain(word)
    expect(logger.messages).toHaveLength(1)
  })
})
