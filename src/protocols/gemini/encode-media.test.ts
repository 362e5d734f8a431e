import { describe, expect, it } from 'vitest'
import { GatewayError } from '../../ir/errors.ts'
import { encodeMedia } from './encode-media.ts'

describe('encodeMedia', () => {
  it('sends base64 and data URLs inline', () => {
    expect(encodeMedia({ type: 'image', source: { kind: 'base64', mime: 'image/png', data: 'AAA=' } })).toEqual({
      inlineData: { mimeType: 'image/png', data: 'AAA=' },
    })
    expect(encodeMedia({ type: 'image', source: { kind: 'url', url: 'data:image/jpeg;base64,/9j/' } })).toEqual({
      inlineData: { mimeType: 'image/jpeg', data: '/9j/' },
    })
    expect(encodeMedia({ type: 'audio', mime: 'audio/wav', data: 'UklG' })).toEqual({
      inlineData: { mimeType: 'audio/wav', data: 'UklG' },
    })
    expect(
      encodeMedia({ type: 'document', source: { kind: 'base64', mime: 'application/pdf', data: 'JVBE' } }),
    ).toEqual({
      inlineData: { mimeType: 'application/pdf', data: 'JVBE' },
    })
  })

  it('sends Files API, gs:// and YouTube URIs as fileData', () => {
    for (const url of [
      'gs://bucket/cat.png',
      'https://generativelanguage.googleapis.com/v1beta/files/abc',
      'https://www.youtube.com/watch?v=x',
      'https://youtu.be/x',
    ]) {
      expect(encodeMedia({ type: 'image', source: { kind: 'url', url, mime: 'image/png' } })).toEqual({
        fileData: { mimeType: 'image/png', fileUri: url },
      })
    }
  })

  it('refuses other URLs with a 400 that names the host only, and lets routing try another protocol', () => {
    const url = 'https://cdn.example.com/cat.png?token=SECRET'
    let caught: unknown
    try {
      encodeMedia({ type: 'image', source: { kind: 'url', url } })
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(GatewayError)
    const error = caught as GatewayError
    expect(error.status).toBe(400)
    expect(error.message).toContain('cdn.example.com')
    expect(error.message).not.toContain('SECRET')
    expect(error.decision).toEqual({ failover: true, cooldown: 'none' })
  })

  it('turns a text document into a text part with its title', () => {
    expect(encodeMedia({ type: 'document', title: 'Notes', source: { kind: 'text', text: 'hello' } })).toEqual({
      text: 'Notes\n\nhello',
    })
  })
})
