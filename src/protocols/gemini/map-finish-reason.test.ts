import { describe, expect, it } from 'vitest'
import { encodeFinishReason, mapBlockReason, mapFinishReason } from './map-finish-reason.ts'

describe('mapFinishReason (docs/protocols.md, Finish reasons; raw kept)', () => {
  it('maps the table, with tool calls winning over STOP and MAX_TOKENS', () => {
    expect(mapFinishReason('STOP', false)).toEqual({ unified: 'stop', raw: 'STOP' })
    expect(mapFinishReason('STOP', true)).toEqual({ unified: 'tool_calls', raw: 'STOP' })
    expect(mapFinishReason('MAX_TOKENS', false)).toEqual({ unified: 'length', raw: 'MAX_TOKENS' })
    for (const raw of ['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'LANGUAGE', 'IMAGE_SAFETY', 'NO_IMAGE']) {
      expect(mapFinishReason(raw, false)).toEqual({ unified: 'content_filter', raw })
    }
    expect(mapFinishReason('SAFETY', true).unified).toBe('content_filter')
    expect(mapFinishReason('OTHER', false)).toEqual({ unified: 'other', raw: 'OTHER' })
    expect(mapFinishReason('TOO_MANY_TOOL_CALLS', false)).toEqual({ unified: 'other', raw: 'TOO_MANY_TOOL_CALLS' })
    expect(mapFinishReason(undefined, false)).toEqual({ unified: 'stop' })
    expect(mapBlockReason('SAFETY')).toEqual({ unified: 'content_filter', raw: 'SAFETY' })
  })

  it('encodes back, keeping a raw Gemini value', () => {
    expect(encodeFinishReason({ unified: 'content_filter', raw: 'RECITATION' })).toBe('RECITATION')
    expect(encodeFinishReason({ unified: 'tool_calls', raw: 'tool_use' })).toBe('STOP')
    expect(encodeFinishReason({ unified: 'length' })).toBe('MAX_TOKENS')
    expect(encodeFinishReason({ unified: 'content_filter', raw: 'refusal' })).toBe('SAFETY')
  })
})
