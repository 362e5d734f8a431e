import { ApiError } from './api-error.ts'
import type { Connection } from './connection.ts'

function errorOf(status: number, body: unknown): ApiError {
  const error = (body as { error?: { message?: unknown; code?: unknown } } | null)?.error
  const message = typeof error?.message === 'string' ? error.message : `HTTP ${status}`
  const code = typeof error?.code === 'string' ? error.code : undefined
  if (status === 401 || status === 403) return new ApiError('unauthorized', status, message, code, body)
  if (code === 'storage_off') return new ApiError('storage-off', status, message, code, body)
  return new ApiError('http', status, message, code, body)
}

/** The admin API as the dashboard calls it: the token on every call, JSON both ways, typed failures. */
export class ApiClient {
  readonly connection: Connection

  constructor(connection: Connection) {
    this.connection = connection
  }

  /** `GET /api/<path>` with query parameters (empty ones left out). */
  get<T>(path: string, params: Record<string, string | undefined> = {}, signal?: AbortSignal): Promise<T> {
    const query = new URLSearchParams()
    for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== '') query.set(name, value)
    const search = query.size ? `?${query}` : ''
    return this.call<T>('GET', `${path}${search}`, undefined, signal)
  }

  /** `POST /api/<path>` with a JSON body. */
  post<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> {
    return this.call<T>('POST', path, body, signal)
  }

  private async call<T>(method: string, path: string, body: unknown, signal?: AbortSignal): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' }
    if (this.connection.token) headers.authorization = `Bearer ${this.connection.token}`
    if (method !== 'GET') headers['content-type'] = 'application/json'
    let response: Response
    try {
      response = await fetch(`${this.connection.baseUrl}/api/${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
        cache: 'no-store',
        credentials: 'omit',
      })
    } catch (error) {
      if (signal?.aborted) throw error
      throw new ApiError('unreachable', 0, (error as Error).message)
    }
    const text = await response.text()
    let parsed: unknown = null
    try {
      parsed = text ? JSON.parse(text) : null
    } catch {
      if (!response.ok) throw new ApiError('http', response.status, text.slice(0, 200) || `HTTP ${response.status}`)
      throw new ApiError('unreachable', response.status, 'the server did not answer with JSON: is this a pinai?')
    }
    if (!response.ok) throw errorOf(response.status, parsed)
    return parsed as T
  }
}
