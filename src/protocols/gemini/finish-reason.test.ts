import { describe, expect, it } from 'vitest'
import { encodeFinishReason, decodeBlockReason, decodeFinishReason } from './finish-reason.ts'

describe('decodeFinishReason (docs/protocols.md, Finish reasons; raw kept)', () => {
  it('maps the table, with tool calls winning over STOP and MAX_TOKENS', () => {
    expect(decodeFinishReason('STOP', false)).toEqual({ unified: 'stop', raw: 'STOP' })
    expect(decodeFinishReason('STOP', true)).toEqual({ unified: 'tool_calls', raw: 'STOP' })
    expect(decodeFinishReason('MAX_TOKENS', false)).toEqual({ unified: 'length', raw: 'MAX_TOKENS' })
    for (const raw of [
      'SAFETY',
      'RECITATION',
      'BLOCKLIST',
      'PROHIBITED_CONTENT',
      'SPII',
      'LANGUAGE',
      'IMAGE_SAFETY',
      'NO_IMAGE',
    ]) {
      expect(decodeFinishReason(raw, false)).toEqual({ unified: 'content_filter', raw })
    }
    expect(decodeFinishReason('SAFETY', true).unified).toBe('content_filter')
    expect(decodeFinishReason('OTHER', false)).toEqual({ unified: 'other', raw: 'OTHER' })
    expect(decodeFinishReason('TOO_MANY_TOOL_CALLS', false)).toEqual({ unified: 'other', raw: 'TOO_MANY_TOOL_CALLS' })
    expect(decodeFinishReason(undefined, false)).toEqual({ unified: 'stop' })
    expect(decodeBlockReason('SAFETY')).toEqual({ unified: 'content_filter', raw: 'SAFETY' })
  })

  it('encodes back, keeping a raw Gemini value', () => {
    expect(encodeFinishReason({ unified: 'content_filter', raw: 'RECITATION' })).toBe('RECITATION')
    expect(encodeFinishReason({ unified: 'tool_calls', raw: 'tool_use' })).toBe('STOP')
    expect(encodeFinishReason({ unified: 'length' })).toBe('MAX_TOKENS')
    expect(encodeFinishReason({ unified: 'content_filter', raw: 'refusal' })).toBe('SAFETY')
  })
})
