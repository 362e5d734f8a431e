import { describe, expect, it } from 'vitest'
import { formatDataUrl, parseDataUrl } from './data-url.ts'

describe('data URLs', () => {
  it('splits base64 data URLs (with parameters) and rebuilds them', () => {
    expect(parseDataUrl('data:image/png;base64,iVBORw0KGgo=')).toStrictEqual({
      mime: 'image/png',
      data: 'iVBORw0KGgo=',
    })
    expect(parseDataUrl('data:application/pdf;name=a.pdf;base64,JVBE')).toStrictEqual({
      mime: 'application/pdf',
      data: 'JVBE',
    })
    expect(formatDataUrl('image/png', 'AAA=')).toBe('data:image/png;base64,AAA=')
  })

  it('refuses what is not a base64 data URL', () => {
    expect(parseDataUrl('https://example.com/a.png')).toBeUndefined()
    expect(parseDataUrl('data:text/plain,hello')).toBeUndefined()
  })
})
