/** Why an admin API call failed, in the terms the page explains to the user. */
export type ApiErrorKind = 'unauthorized' | 'unreachable' | 'storage-off' | 'http'

/** A failed admin API call: its kind, the HTTP status (0 when nothing answered), code and message. */
export class ApiError extends Error {
  readonly kind: ApiErrorKind
  readonly status: number
  readonly code: string | undefined
  /** The answer's body, for errors that carry data (a read-only config's patch). */
  readonly body: unknown

  constructor(kind: ApiErrorKind, status: number, message: string, code?: string, body?: unknown) {
    super(message)
    this.name = 'ApiError'
    this.kind = kind
    this.status = status
    this.code = code
    this.body = body
  }
}
