import { describe, expect, it } from 'vitest'
import { GatewayError } from '../ir/errors.ts'
import { createCodecs } from '../protocols/index.ts'
import { quietLogger } from '../../test/helpers/quiet-logger.ts'
import { checkForwardedAnswer } from './check-answer.ts'

const { openai, anthropic } = createCodecs({ logger: quietLogger })
const usage = { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 }
const completion = (text: string) => ({
  id: 'c',
  object: 'chat.completion',
  model: 'm',
  choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
  usage,
})

function check(body: string, codec = openai) {
  return checkForwardedAnswer(codec, Buffer.from(body), 'relay', ['额度不足'])
}

function codeOf(run: () => unknown): string | undefined {
  try {
    run()
    return undefined
  } catch (error) {
    if (error instanceof GatewayError) return `${error.code}: ${error.message}`
    throw error
  }
}

describe('checkForwardedAnswer', () => {
  it('returns the usage of an answer', () => {
    expect(check(JSON.stringify(completion('hi')))).toMatchObject({ inputTokens: 3, outputTokens: 2 })
    const message = {
      id: 'msg',
      type: 'message',
      role: 'assistant',
      content: [{ type: 'text', text: 'hi' }],
      usage: { input_tokens: 4, output_tokens: 1 },
    }
    expect(check(JSON.stringify(message), anthropic)).toMatchObject({ inputTokens: 4, outputTokens: 1 })
  })

  it('refuses what is not the protocol answer, saying what came', () => {
    expect(codeOf(() => check(''))).toMatch(/^not_an_answer: relay answered 200 with an empty body/)
    expect(codeOf(() => check('<html><body>Just a moment...</body></html>'))).toMatch(/^not_an_answer: .*an HTML page/)
    expect(codeOf(() => check('upstream busy'))).toMatch(/^not_an_answer: .*plain text/)
    expect(codeOf(() => check('{"code":0,"msg":"ok"}'))).toMatch(
      /^not_an_answer: .*JSON that is not an openai protocol answer/,
    )
    expect(codeOf(() => check('{"choices":[]}'))).toMatch(/^not_an_answer/)
    expect(codeOf(() => check(JSON.stringify(completion('hi')), anthropic))).toMatch(/^not_an_answer/)
  })

  it("refuses a short answer that is a relay's error phrase", () => {
    expect(codeOf(() => check(JSON.stringify(completion('额度不足'))))).toMatch(/^error_in_answer/)
  })

  it('checks a large answer only for being a JSON object, reading its usage from its end', () => {
    const large = JSON.stringify(completion(`额度不足 ${'word '.repeat(4000)}`))
    expect(check(large)).toMatchObject({ inputTokens: 3 })
    expect(codeOf(() => check(`<html>${'x'.repeat(20_000)}</html>`))).toMatch(/^not_an_answer: .*an HTML page/)
  })
})
