import { describe, expect, it, vi } from 'vitest'
import { createFoldingLog } from './create-folding-log.ts'
import { escapeControl } from './escape-control.ts'

describe('escapeControl', () => {
  it('writes control characters as escapes, so a line cannot be forged or a terminal driven', () => {
    expect(escapeControl('model "x"\n[pinai] forged line\r\u001b[31mred\u0000')).toBe(
      'model "x"\\n[pinai] forged line\\r\\u001b[31mred\\u0000',
    )
    expect(escapeControl('中文 plain')).toBe('中文 plain')
  })
})

describe('createFoldingLog', () => {
  it('prints a line once a window and then how often it came again, redacted', () => {
    vi.useFakeTimers()
    try {
      const lines: string[] = []
      const warn = createFoldingLog({
        write: (line) => lines.push(line),
        windowMs: 1000,
        redact: (text) => text.replaceAll('sk-secret-123', '***'),
      })
      for (let index = 0; index < 50; index++) warn('relay-a: 401 sk-secret-123')
      warn('other\nline')
      expect(lines).toEqual(['relay-a: 401 ***', 'other\\nline'])
      vi.advanceTimersByTime(1000)
      expect(lines.at(-1)).toBe('relay-a: 401 *** (×49 more in the last 1s)')
      warn('relay-a: 401 sk-secret-123')
      expect(lines.at(-1)).toBe('relay-a: 401 ***')
    } finally {
      vi.useRealTimers()
    }
  })

  it('keeps a bounded number of lines counted', () => {
    const lines: string[] = []
    const warn = createFoldingLog({ write: (line) => lines.push(line), maxKeys: 2 })
    for (const line of ['a', 'b', 'c', 'c', 'a']) warn(line)
    expect(lines).toEqual(['a', 'b', 'c', 'c'])
  })
})
