import type { LogPosition } from './store.ts'

/** Encodes a logs-list position as an opaque URL-safe cursor. */
export function encodeLogCursor(position: LogPosition): string {
  return Buffer.from(JSON.stringify([position.time, position.id])).toString('base64url')
}

/** Decodes a cursor from {@link encodeLogCursor}; undefined when it is not one. */
export function decodeLogCursor(cursor: string): LogPosition | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (!Array.isArray(value) || value.length !== 2) return undefined
    const [time, id] = value as unknown[]
    if (typeof time !== 'number' || !Number.isFinite(time) || typeof id !== 'string') return undefined
    return { time, id }
  } catch {
    return undefined
  }
}
