import { describe, expect, it } from 'vitest'
import { quietLogger } from '../../test/helpers/quiet-logger.ts'
import { createCodecs } from './index.ts'

const codecs = createCodecs({ logger: quietLogger })

const isQuietFrame = (protocol: 'openai' | 'anthropic', raw: string) => codecs[protocol].passthrough?.quiet(raw)

const openaiDelta = (content: string, usage = 'null') =>
  `data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":${JSON.stringify(content)}},"finish_reason":null}],"usage":${usage}}\n\n`

describe('passthrough.quiet', () => {
  it('skips plain OpenAI content chunks, "usage": null included, with any line ending', () => {
    expect(isQuietFrame('openai', openaiDelta('Hello'))).toBe(true)
    expect(isQuietFrame('openai', openaiDelta('Hello').replace('\n\n', '\r\n\r\n'))).toBe(true)
  })

  it('reads every OpenAI frame that may carry usage or an error', () => {
    expect(isQuietFrame('openai', openaiDelta('', '{"prompt_tokens":9,"completion_tokens":5}'))).toBe(false)
    expect(isQuietFrame('openai', openaiDelta('', '{ "prompt_tokens": 9 }').replace('"usage":{', '"usage" : {'))).toBe(
      false,
    )
    expect(isQuietFrame('openai', 'data: {"error":{"message":"overloaded","code":529}}\n\n')).toBe(false)
  })

  it('is not fooled by text that talks about usage or errors', () => {
    expect(isQuietFrame('openai', openaiDelta('{"usage":{"x":1},"error":"no"}'))).toBe(true)
  })

  it('reads a frame cut off before its blank line, [DONE], and anything not ending a JSON object', () => {
    expect(isQuietFrame('openai', openaiDelta('Hello').slice(0, -2))).toBe(false)
    expect(isQuietFrame('openai', 'data: [DONE]\n\n')).toBe(false)
    expect(isQuietFrame('openai', ': keep-alive\n\n')).toBe(false)
  })

  it('skips Anthropic deltas and reads its usage, error and stop frames', () => {
    expect(
      isQuietFrame(
        'anthropic',
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}\n\n',
      ),
    ).toBe(true)
    expect(
      isQuietFrame(
        'anthropic',
        'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":7}}\n\n',
      ),
    ).toBe(false)
    expect(
      isQuietFrame(
        'anthropic',
        'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n',
      ),
    ).toBe(false)
  })
})
